import PQueue from 'p-queue';
import type { WorkLane, WorkOutcome, WorkQueue } from '../ports.js';
import { entityKeyOf, type SyncJob } from '../sync-job.js';

export interface InProcessWorkQueueOptions {
  /** Runs one job; a throw counts as a failed outcome. */
  readonly run: (job: SyncJob) => Promise<WorkOutcome>;
  /** Jobs of different entities running at once. Default 4. */
  readonly concurrency?: number;
}

const lanePriority: Record<WorkLane, number> = { live: 2, reconcile: 1, backfill: 0 };

interface Waiting {
  job: SyncJob;
  lane: WorkLane;
  readonly settle: ((outcome: WorkOutcome) => void)[];
}

/**
 * The in-process `WorkQueue` on p-queue: serial per entity key, latest pending wins, priority lanes
 * `live` > `reconcile` > `backfill`. A job that replaces a waiting one keeps the higher of the two lanes,
 * so a live webhook is never slowed down by a backfill job it replaced.
 *
 * Jobs enqueued in the same tick coalesce even when a slot is free: the queue takes a key's job one
 * microtask after scheduling it, so a burst handed over together (a drained inbox) becomes one run.
 *
 * @example
 * const queue = createInProcessWorkQueue({
 *   run: async (job) => ((await engine.run(job)).isOk() ? { status: 'done' } : { status: 'failed', reason: '…' }),
 *   concurrency: 4,
 * });
 * await queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 42 }, { lane: 'live' });
 */
export function createInProcessWorkQueue(options: InProcessWorkQueueOptions): WorkQueue {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const waiting = new Map<string, Waiting>();
  const running = new Set<string>();

  const schedule = (key: string, lane: WorkLane): void => {
    void queue.add(() => runKey(key), { priority: lanePriority[lane] });
  };

  const runKey = async (key: string): Promise<void> => {
    // Let jobs enqueued in the same tick join the waiting entry before it is taken.
    await Promise.resolve();
    const entry = waiting.get(key);
    // Nothing waits (an earlier run took it), or the key is busy: its run reschedules when it ends.
    if (entry === undefined || running.has(key)) return;
    waiting.delete(key);
    running.add(key);
    let outcome: WorkOutcome;
    try {
      outcome = await options.run(entry.job);
    } catch (error) {
      outcome = {
        status: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      };
    }
    running.delete(key);
    for (const settle of entry.settle) settle(outcome);
    const next = waiting.get(key);
    if (next !== undefined) schedule(key, next.lane);
  };

  return {
    enqueue: (job, enqueueOptions = {}) => {
      const lane = enqueueOptions.lane ?? 'live';
      const key = entityKeyOf(job);
      return new Promise<WorkOutcome>((resolve) => {
        const entry = waiting.get(key);
        if (entry === undefined) {
          waiting.set(key, { job, lane, settle: [resolve] });
          if (!running.has(key)) schedule(key, lane);
          return;
        }
        entry.job = coalesceJobs(entry.job, job);
        entry.settle.push(resolve);
        if (lanePriority[lane] > lanePriority[entry.lane]) {
          entry.lane = lane;
          // The earlier task keeps its lower priority; this one overtakes it and the other finds nothing.
          if (!running.has(key)) schedule(key, lane);
        }
      });
    },
    size: () => waiting.size + running.size,
    onIdle: () => queue.onIdle(),
  };
}

/**
 * The job that runs when `newer` replaces `older` for one key. It is `newer`, except that a Plane job
 * keeps its actor only when both deliveries had the same one: the actor is the bot pre-filter, and a
 * human's change followed by our own echo must still be synced.
 */
export function coalesceJobs(older: SyncJob, newer: SyncJob): SyncJob {
  if (
    older.kind === 'plane-work-item' &&
    newer.kind === 'plane-work-item' &&
    older.actorId !== newer.actorId &&
    newer.actorId !== undefined
  ) {
    return {
      kind: 'plane-work-item',
      planeProjectId: newer.planeProjectId,
      workItemId: newer.workItemId,
    };
  }
  return newer;
}
