import {
  coalesceJobs,
  entityKeyOf,
  type SyncJob,
  type WorkLane,
  type WorkOutcome,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import type PgBoss from 'pg-boss';
import { describeError } from './describe-error.js';
import type { JobData } from './pgboss-job-runners.js';

/** pg-boss priorities of the lanes: a higher number is fetched first. */
const lanePriority: Record<WorkLane, number> = { live: 2, reconcile: 1, backfill: 0 };

/** Tries of the send-or-replace step before an enqueue gives up (each lost try means a worker took the job). */
const maxEnqueueTries = 8;

/** Where jobs are handed over, and who to tell. */
export interface PgBossEnqueueParts {
  readonly boss: PgBoss;
  /** The boss's own connection, for the statements pg-boss has no method for. */
  readonly db: PgBoss.Db;
  readonly schema: string;
  readonly queueName: string;
  /** Called when a new job was stored: this instance's idle runners may take it at once. */
  readonly wakeRunners: () => void;
}

/** The queue's `enqueue`, and how many of its hand-overs are still going. */
export interface PgBossEnqueue {
  readonly enqueue: WorkQueue['enqueue'];
  readonly handingOver: () => number;
}

/**
 * `enqueue` on a stately pg-boss queue: a job is sent with its entity key as `singletonKey`, or, when one
 * of its entity already waits, merged into that one (the newest pending job wins, with the higher lane).
 * This instance's hand-overs of one key are chained, so the job enqueued last is the one stored last.
 */
export function createPgBossEnqueue(parts: PgBossEnqueueParts): PgBossEnqueue {
  let handingOver = 0;
  // This instance's hand-overs per key, chained so that the job enqueued last is the one stored last.
  const handOversByKey = new Map<string, Promise<WorkOutcome>>();

  const enqueue: WorkQueue['enqueue'] = (job, enqueueOptions = {}) => {
    const key = entityKeyOf(job);
    handingOver += 1;
    const previous = handOversByKey.get(key) ?? Promise.resolve<WorkOutcome>({ status: 'done' });
    const current = previous
      .then(() => handOver(parts, job, enqueueOptions.lane ?? 'live'))
      .catch((error: unknown): WorkOutcome => {
        // A database failure is the caller's to retry (the inbox keeps the event failed and replayable).
        return { status: 'failed', reason: `pg-boss: ${describeError(error)}` };
      })
      .finally(() => {
        handingOver -= 1;
        if (handOversByKey.get(key) === current) handOversByKey.delete(key);
      });
    handOversByKey.set(key, current);
    return current;
  };

  return { enqueue, handingOver: () => handingOver };
}

/** Sends the job, or merges it into the one of its entity waiting; retried while workers take the waiting one. */
async function handOver(
  parts: PgBossEnqueueParts,
  job: SyncJob,
  lane: WorkLane,
): Promise<WorkOutcome> {
  const key = entityKeyOf(job);
  const priority = lanePriority[lane];
  for (let attempt = 0; attempt < maxEnqueueTries; attempt += 1) {
    // `send` answers null when the stately policy refuses a second waiting job for the key.
    const id = await parts.boss.send(parts.queueName, { job } satisfies JobData, {
      singletonKey: key,
      priority,
    });
    if (id !== null) {
      parts.wakeRunners();
      return { status: 'done' };
    }
    if (await replaceWaiting(parts, key, job, priority)) return { status: 'done' };
  }
  return { status: 'failed', reason: `the job for ${key} kept being taken while replacing it` };
}

/** Replaces the data of the job waiting for `key`, if one still waits and nobody changed it meanwhile. */
async function replaceWaiting(
  parts: PgBossEnqueueParts,
  key: string,
  job: SyncJob,
  priority: number,
): Promise<boolean> {
  const { db, schema, queueName } = parts;
  const waiting = await db.executeSql(
    `SELECT id, data FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state = 'created'`,
    [queueName, key],
  );
  const row = waiting.rows[0] as { id: string; data: JobData } | undefined;
  if (row === undefined) return false;
  const data: JobData = { job: coalesceJobs(row.data.job, job) };
  const replaced = await db.executeSql(
    `UPDATE ${schema}.job SET data = $3::jsonb, priority = GREATEST(priority, $4)
     WHERE name = $1 AND id = $2 AND state = 'created' AND data = $5::jsonb
     RETURNING id`,
    [queueName, row.id, JSON.stringify(data), priority, JSON.stringify(row.data)],
  );
  return replaced.rows.length === 1;
}
