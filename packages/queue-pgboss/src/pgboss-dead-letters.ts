import type { SyncJob, WorkLane, WorkQueue } from '@odoo-plane-sync/sync-core';
import type PgBoss from 'pg-boss';
import { reasonOfJobOutput } from './job-output.js';
import type { JobData } from './pgboss-job-runners.js';

/** A job whose retries ran out, as the replay operation reads it. */
export interface DeadLetter {
  /** The pg-boss job id in the dead-letter queue; pass it to `replayDeadLetter`. */
  readonly id: string;
  readonly job: SyncJob;
  /** The last run's failure, one line. */
  readonly reason: string;
  readonly failedAt: Date;
}

/** The dead-letter queue of one work queue. */
export interface DeadLetterQueue {
  readonly boss: PgBoss;
  readonly db: PgBoss.Db;
  readonly schema: string;
  /** The pg-boss queue the dead letters are in. */
  readonly deadLetterName: string;
}

/** Dead-lettered jobs, oldest first. */
export async function listDeadLetters(
  queue: DeadLetterQueue,
  limit: number,
): Promise<DeadLetter[]> {
  const result = await queue.db.executeSql(
    `SELECT id, data, output, created_on FROM ${queue.schema}.job
       WHERE name = $1 AND state = 'created' ORDER BY created_on, id LIMIT $2`,
    [queue.deadLetterName, limit],
  );
  return (result.rows as { id: string; data: JobData; output: unknown; created_on: Date }[]).map(
    (row) => ({
      id: row.id,
      job: row.data.job,
      reason: reasonOfJobOutput(row.output),
      failedAt: row.created_on,
    }),
  );
}

/**
 * Enqueues a dead-lettered job again, then removes it from the dead letters; false when it is gone or
 * the enqueue failed (the letter then stays).
 */
export async function replayDeadLetter(
  queue: DeadLetterQueue,
  enqueue: WorkQueue['enqueue'],
  id: string,
  replayOptions: { readonly lane?: WorkLane },
): Promise<boolean> {
  const letter = await queue.boss.getJobById<JobData>(queue.deadLetterName, id);
  if (letter === null || letter.state !== 'created') return false;
  const outcome = await enqueue(letter.data.job, replayOptions);
  if (outcome.status === 'failed') return false;
  await queue.boss.deleteJob(queue.deadLetterName, id);
  return true;
}
