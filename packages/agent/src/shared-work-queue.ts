import type { SyncJob, WorkOutcome, WorkQueue } from '@odoo-plane-sync/sync-core';

/** Runs one job on this worker (what the agent gives a shared queue). */
export type JobRunner = (job: SyncJob) => Promise<WorkOutcome>;

/** A job whose retries ran out in a shared queue, as the replay operation reads it. */
export interface QueueDeadLetter {
  readonly id: string;
  readonly job: SyncJob;
  /** The last run's failure, one line. */
  readonly reason: string;
  readonly failedAt: Date;
}

/**
 * A work queue several workers share (pg-boss on Postgres: `createPgBossWorkQueue` satisfies it). The
 * agent gives it its job runner in `start()` and stops it in `stop()`; its own retries end in dead
 * letters, which `replayFailed()` replays beside the inbox's failed events.
 */
export interface SharedWorkQueue extends WorkQueue {
  /** Starts fetching and running jobs on this worker with `run`. */
  startWorkers(run: JobRunner): Promise<void>;
  /** Dead-lettered jobs, oldest first. */
  deadLetters(limit?: number): Promise<readonly QueueDeadLetter[]>;
  /** Enqueues a dead-lettered job again and removes it from the dead letters; false when it is gone. */
  replayDeadLetter(id: string): Promise<boolean>;
  /** Stops fetching, lets running jobs finish (or returns them to the queue), and disconnects. */
  stop(): Promise<void>;
}

/** Whether `queue` is shared by workers (has workers to start), as opposed to a plain `WorkQueue`. */
export function isSharedWorkQueue(queue: WorkQueue): queue is SharedWorkQueue {
  return typeof (queue as Partial<SharedWorkQueue>).startWorkers === 'function';
}
