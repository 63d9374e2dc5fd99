import { setTimeout as delay } from 'node:timers/promises';
import type { Logger, SyncJob, WorkOutcome } from '@odoo-plane-sync/sync-core';
import type PgBoss from 'pg-boss';

/** What a stored job's `data` holds. */
export interface JobData {
  readonly job: SyncJob;
}

/** Runners fetching and running jobs of one queue on this instance. */
export interface PgBossJobRunners {
  /** Jobs running on this instance now. */
  readonly running: () => number;
  /** Wakes idle runners (a job was just enqueued here). */
  readonly wake: () => void;
  /**
   * Stops fetching; waits up to `timeoutMs` for running jobs, then fails those still running, which
   * returns them to the queue as retries (for another worker).
   */
  readonly stop: (graceful: boolean, timeoutMs: number) => Promise<void>;
}

/**
 * `concurrency` runners, each fetching one job at a time. They fetch with their own statement instead
 * of pg-boss's `work`, because pg-boss 10's fetch takes the first job by priority and age even when its
 * entity is running: the `stately` index then refuses it, the fetch returns nothing, and every worker
 * idles behind that one entity. This fetch skips jobs whose entity (`singleton_key`) has one active, and
 * otherwise does what pg-boss's does (state, `started_on`, `retry_count`), so pg-boss's completion,
 * retries, expiry and dead letters work unchanged.
 */
export function startPgBossJobRunners(parts: {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly queueName: string;
  readonly concurrency: number;
  readonly pollingIntervalMs: number;
  readonly run: (job: SyncJob) => Promise<WorkOutcome>;
  readonly logger: Logger | undefined;
}): PgBossJobRunners {
  const { boss, schema, queueName, logger } = parts;
  const db = boss.getDb();
  const active = new Set<string>();
  let stopping = false;
  let idle = new AbortController();

  const fetchNext = async (): Promise<{ id: string; data: JobData } | null | 'contended'> => {
    try {
      const result = await db.executeSql(
        `WITH next AS (
           SELECT id FROM ${schema}.job candidate
           WHERE name = $1 AND state < 'active' AND start_after < now()
             AND NOT EXISTS (
               SELECT 1 FROM ${schema}.job running
               WHERE running.name = $1 AND running.state = 'active'
                 AND running.singleton_key = candidate.singleton_key)
           ORDER BY priority DESC, created_on, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
         UPDATE ${schema}.job job SET state = 'active', started_on = now(),
           retry_count = CASE WHEN started_on IS NOT NULL THEN retry_count + 1 ELSE retry_count END
         FROM next WHERE job.name = $1 AND job.id = next.id
         RETURNING job.id, job.data`,
        [queueName],
      );
      return (result.rows[0] as { id: string; data: JobData } | undefined) ?? null;
    } catch (error) {
      // Two runners took the waiting and the retrying job of one entity at once: the stately index
      // refused the second. Nothing was taken; fetch again.
      if ((error as { code?: unknown }).code === '23505') return 'contended';
      throw error;
    }
  };

  const runOne = async (taken: { id: string; data: JobData }): Promise<void> => {
    active.add(taken.id);
    try {
      let outcome: WorkOutcome;
      try {
        outcome = await parts.run(taken.data.job);
      } catch (error) {
        outcome = {
          status: 'failed',
          reason: error instanceof Error ? error.message : String(error),
        };
      }
      if (!active.has(taken.id)) return; // failed back to the queue by a stop that timed out
      // A failed run goes to pg-boss's `fail`, which retries it with backoff or dead-letters it.
      if (outcome.status === 'failed')
        await boss.fail(queueName, taken.id, { message: outcome.reason });
      else await boss.complete(queueName, taken.id);
    } finally {
      active.delete(taken.id);
    }
  };

  const runner = async (): Promise<void> => {
    while (!stopping) {
      let taken: Awaited<ReturnType<typeof fetchNext>>;
      try {
        taken = await fetchNext();
      } catch (error) {
        logger?.warn('pg-boss fetch failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        taken = null;
      }
      if (taken === 'contended') continue;
      if (taken === null) {
        await delay(parts.pollingIntervalMs, undefined, { signal: idle.signal }).catch(() => {
          // Woken early: a job was enqueued here, or the runners stop.
        });
        continue;
      }
      await runOne(taken).catch((error: unknown) => {
        logger?.warn('pg-boss completion failed', {
          jobId: taken.id,
          error: error instanceof Error ? error.message : String(error),
        });
      });
    }
  };
  const wake = (): void => {
    const woken = idle;
    idle = new AbortController();
    woken.abort();
  };
  const runners = Array.from({ length: parts.concurrency }, () => runner());

  return {
    running: () => active.size,
    wake,
    stop: async (graceful, timeoutMs) => {
      stopping = true;
      wake();
      const finished = Promise.all(runners);
      if (graceful) await Promise.race([finished, delay(timeoutMs)]);
      const left = [...active];
      active.clear();
      for (const id of left) await boss.fail(queueName, id, { message: 'the worker stopped' });
    },
  };
}
