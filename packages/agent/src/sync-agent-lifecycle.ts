import type { DrainReport } from '@odoo-plane-sync/sync-core';
import type { AgentOperations } from './agent-operations.js';
import type { AgentSchedules } from './agent-schedules.js';
import type { BackfillReport } from './backfill.js';
import type { InboxDrainer } from './inbox-drainer.js';
import type { JobRunner, SharedWorkQueue } from './shared-work-queue.js';

/** The agent's `start` and `stop`. */
export interface SyncAgentLifecycle {
  /** The backfill, then the schedules; the same promise on every call. */
  readonly start: () => Promise<BackfillReport>;
  /** Stops the schedules and lets the backfill, a poll and the queue finish. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts and stops the agent: a shared queue's workers, the backfill and the schedules on start; on
 * stop the schedules, then what is running, then the queue (idle in-process, handed over when shared).
 */
export function createAgentLifecycle(parts: {
  readonly runJob: JobRunner;
  readonly sharedQueue: SharedWorkQueue | null;
  readonly processor: InboxDrainer;
  readonly drain: () => Promise<DrainReport>;
  readonly operations: Pick<AgentOperations, 'backfill' | 'settled'>;
  readonly schedules: Pick<AgentSchedules, 'start' | 'stop'>;
}): SyncAgentLifecycle {
  const { runJob, sharedQueue, processor, drain, operations, schedules } = parts;
  let started: Promise<BackfillReport> | null = null;
  const start = (): Promise<BackfillReport> => {
    if (started !== null) return started;
    // A shared queue's workers start first, so what the backfill's drain hands over runs.
    const backfilled = (sharedQueue?.startWorkers(runJob) ?? Promise.resolve()).then(() =>
      operations.backfill({}),
    );
    started = backfilled;
    schedules.start(backfilled);
    return backfilled;
  };
  const stop = async (): Promise<void> => {
    await schedules.stop();
    await started?.catch(() => undefined);
    await operations.settled();
    if (sharedQueue === null) {
      await processor.whenIdle();
      return;
    }
    // The shared queue is never idle while other workers feed it: hand over what this worker
    // accepted, then let its running jobs finish (or return them to the queue).
    await drain();
    await sharedQueue.stop();
  };
  return { start, stop };
}
