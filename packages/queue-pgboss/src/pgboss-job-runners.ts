import { setTimeout as delay } from 'node:timers/promises';
import type { Logger, SyncJob, WorkOutcome } from '@odoo-plane-sync/sync-core';
import type PgBoss from 'pg-boss';
import { describeError } from './describe-error.js';

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

/** What the runners run, and the queue they fetch it from. */
export interface PgBossJobRunnersParts {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly queueName: string;
  readonly concurrency: number;
  readonly pollingIntervalMs: number;
  readonly run: (job: SyncJob) => Promise<WorkOutcome>;
  readonly logger: Logger | undefined;
}

/** A job this instance took: its pg-boss id and data. */
interface TakenJob {
  readonly id: string;
  readonly data: JobData;
}

/** What the runners of one instance share. */
interface RunnerState {
  readonly parts: PgBossJobRunnersParts;
  readonly db: PgBoss.Db;
  /** Ids of the jobs running here; a stop that timed out empties it. */
  readonly active: Set<string>;
  stopping: boolean;
  /** Aborted (and replaced) to wake the idle runners. */
  idle: AbortController;
}

/**
 * `concurrency` runners, each fetching one job at a time. They fetch with their own statement instead
 * of pg-boss's `work`, because pg-boss 10's fetch takes the first job by priority and age even when its
 * entity is running: the `stately` index then refuses it, the fetch returns nothing, and every worker
 * idles behind that one entity. This fetch skips jobs whose entity (`singleton_key`) has one active, and
 * otherwise does what pg-boss's does (state, `started_on`, `retry_count`), so pg-boss's completion,
 * retries, expiry and dead letters work unchanged.
 */
export function startPgBossJobRunners(parts: PgBossJobRunnersParts): PgBossJobRunners {
  const state: RunnerState = {
    parts,
    db: parts.boss.getDb(),
    active: new Set<string>(),
    stopping: false,
    idle: new AbortController(),
  };
  const runners = Array.from({ length: parts.concurrency }, () => runUntilStopped(state));

  return {
    running: () => state.active.size,
    wake: () => {
      wakeIdleRunners(state);
    },
    stop: (graceful, timeoutMs) => stopRunners(state, runners, graceful, timeoutMs),
  };
}

/** One runner: fetches and runs one job at a time until the runners stop, idling when none is due. */
async function runUntilStopped(state: RunnerState): Promise<void> {
  const { logger } = state.parts;
  while (!state.stopping) {
    let taken: TakenJob | null | 'contended';
    try {
      taken = await fetchNextJob(state.db, state.parts.schema, state.parts.queueName);
    } catch (error) {
      logger?.warn('pg-boss fetch failed', { error: describeError(error) });
      taken = null;
    }
    if (taken === 'contended') continue;
    if (taken === null) {
      await delay(state.parts.pollingIntervalMs, undefined, { signal: state.idle.signal }).catch(
        () => {
          // Woken early: a job was enqueued here, or the runners stop.
        },
      );
      continue;
    }
    await runTakenJob(state, taken).catch((error: unknown) => {
      logger?.warn('pg-boss completion failed', { jobId: taken.id, error: describeError(error) });
    });
  }
}

/**
 * Takes the next due job whose entity has none running, as pg-boss's own fetch marks it (state,
 * `started_on`, `retry_count`); `contended` when another runner took the entity's other job at once.
 */
async function fetchNextJob(
  db: PgBoss.Db,
  schema: string,
  queueName: string,
): Promise<TakenJob | null | 'contended'> {
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
    return (result.rows[0] as TakenJob | undefined) ?? null;
  } catch (error) {
    // Two runners took the waiting and the retrying job of one entity at once: the stately index
    // refused the second. Nothing was taken; fetch again.
    if ((error as { code?: unknown }).code === '23505') return 'contended';
    throw error;
  }
}

/** Runs a taken job and reports its outcome to pg-boss, unless a timed-out stop already failed it. */
async function runTakenJob(state: RunnerState, taken: TakenJob): Promise<void> {
  const { boss, queueName } = state.parts;
  state.active.add(taken.id);
  try {
    let outcome: WorkOutcome;
    try {
      outcome = await state.parts.run(taken.data.job);
    } catch (error) {
      outcome = { status: 'failed', reason: describeError(error) };
    }
    if (!state.active.has(taken.id)) return; // failed back to the queue by a stop that timed out
    // A failed run goes to pg-boss's `fail`, which retries it with backoff or dead-letters it.
    if (outcome.status === 'failed')
      await boss.fail(queueName, taken.id, { message: outcome.reason });
    else await boss.complete(queueName, taken.id);
  } finally {
    state.active.delete(taken.id);
  }
}

function wakeIdleRunners(state: RunnerState): void {
  const woken = state.idle;
  state.idle = new AbortController();
  woken.abort();
}

/** Stops fetching, waits (when graceful) up to `timeoutMs`, then fails the jobs still running here. */
async function stopRunners(
  state: RunnerState,
  runners: readonly Promise<void>[],
  graceful: boolean,
  timeoutMs: number,
): Promise<void> {
  const { boss, queueName } = state.parts;
  state.stopping = true;
  wakeIdleRunners(state);
  const finished = Promise.all(runners);
  if (graceful) await Promise.race([finished, delay(timeoutMs)]);
  const left = [...state.active];
  state.active.clear();
  for (const id of left) await boss.fail(queueName, id, { message: 'the worker stopped' });
}
