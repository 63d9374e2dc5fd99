import { setTimeout as delay } from 'node:timers/promises';
import {
  coalesceJobs,
  entityKeyOf,
  type Logger,
  type SyncJob,
  type WorkLane,
  type WorkOutcome,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import PgBoss from 'pg-boss';
import { reasonOfJobOutput } from './job-output.js';
import {
  startPgBossJobRunners,
  type JobData,
  type PgBossJobRunners,
} from './pgboss-job-runners.js';

/** pg-boss priorities of the lanes: a higher number is fetched first. */
const lanePriority: Record<WorkLane, number> = { live: 2, reconcile: 1, backfill: 0 };

/** How a failed run is retried before it is dead-lettered. */
export interface PgBossRetryPolicy {
  /** Retries after the first run. Default 3. */
  readonly limit: number;
  /** Seconds before the first retry. Default 5. */
  readonly delaySeconds: number;
  /** Doubles the delay on each retry, with jitter (pg-boss `retryBackoff`). Default true. */
  readonly backoff: boolean;
}

export interface PgBossWorkQueueOptions {
  /**
   * pg-boss's constructor options: a `connectionString` (or `host`, `port`, …) and, to keep the queue
   * tables apart from the stores, a `schema` (default `pgboss`).
   */
  readonly connection: PgBoss.ConstructorOptions;
  /** The pg-boss queue. Default `sync-jobs`; its dead letters go to `<name>-dead-letter`. */
  readonly queueName?: string;
  /** Runs one job on this instance. Without it the instance only enqueues (a producer, e.g. a webhook host) until `startWorkers`. */
  readonly run?: (job: SyncJob) => Promise<WorkOutcome>;
  /** Jobs this instance runs at once, each fetched by a runner of its own. Default 4. */
  readonly concurrency?: number;
  readonly retry?: Partial<PgBossRetryPolicy>;
  /** How often an idle worker (and `onIdle`) asks Postgres again. pg-boss's minimum is 0.5. Default 2. */
  readonly pollingIntervalSeconds?: number;
  /** A run still active after this long is failed by pg-boss's maintenance and retried. Default 900. */
  readonly expireInSeconds?: number;
  readonly logger?: Logger;
}

/** A job whose retries ran out, as the replay operation reads it. */
export interface DeadLetter {
  /** The pg-boss job id in the dead-letter queue; pass it to `replayDeadLetter`. */
  readonly id: string;
  readonly job: SyncJob;
  /** The last run's failure, one line. */
  readonly reason: string;
  readonly failedAt: Date;
}

/** How `stop` treats runs still going. */
export interface PgBossStopOptions {
  /** Wait for running jobs (true, the default) or return them to the queue at once. */
  readonly graceful?: boolean;
  /** How long a graceful stop waits before it returns the jobs still running. Default 30 000, minimum 1000. */
  readonly timeoutMs?: number;
}

/**
 * The `WorkQueue` on Postgres through pg-boss 10, for several workers on one database. `enqueue` resolves
 * `done` once the job is stored (a durable hand-over, not the run's outcome); the run happens on whichever
 * instance with a `run` function fetches it, and its failure is retried and finally dead-lettered here,
 * not reported to the caller. `size()` counts this instance's hand-overs and runs still going; `onIdle()`
 * waits until the shared queue has nothing waiting, retrying or running, on any worker.
 */
export interface PgBossWorkQueue extends WorkQueue {
  /** Dead-lettered jobs, oldest first. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Enqueues a dead-lettered job again and removes it from the dead letters; false when it is gone. */
  replayDeadLetter(id: string, options?: { readonly lane?: WorkLane }): Promise<boolean>;
  /**
   * Starts `concurrency` workers running jobs with `run`, for an instance created without `run` (the agent
   * builds its engine after the queue). Throws when this instance already runs jobs.
   */
  startWorkers(run: (job: SyncJob) => Promise<WorkOutcome>): Promise<void>;
  /** Stops fetching, finishes or returns running jobs, and closes the connection pool; once (later calls wait for it). */
  stop(options?: PgBossStopOptions): Promise<void>;
}

/** Tries of the send-or-replace step before an enqueue gives up (each lost try means a worker took the job). */
const maxEnqueueTries = 8;

/**
 * Starts pg-boss (creating or migrating its schema), creates the queue and its dead-letter queue if they do
 * not exist, and, when `run` is given, starts `concurrency` workers. The queue uses pg-boss's `stately`
 * policy with the entity key as `singletonKey`: at most one job per entity waiting and one running, over
 * all workers. A job sent while one of its entity waits replaces that one's data (compare-and-set on the
 * waiting row), so the newest pending job wins and keeps the higher of the two lanes.
 *
 * @example
 * const queue = await createPgBossWorkQueue({
 *   connection: { connectionString: process.env.DATABASE_URL, schema: 'sync_queue' },
 *   run: async (job) => ((await engine.run(job)).isOk() ? { status: 'done' } : { status: 'failed', reason: '…' }),
 *   concurrency: 4,
 * });
 * const processor = createInboxProcessor({ inbox, engine, logger, queue });
 * // on SIGTERM
 * await queue.stop({ graceful: true, timeoutMs: 30_000 });
 */
export async function createPgBossWorkQueue(
  options: PgBossWorkQueueOptions,
): Promise<PgBossWorkQueue> {
  const queueName = options.queueName ?? 'sync-jobs';
  const deadLetterName = `${queueName}-dead-letter`;
  const schema = options.connection.schema ?? 'pgboss';
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const retry: PgBossRetryPolicy = {
    limit: options.retry?.limit ?? 3,
    delaySeconds: options.retry?.delaySeconds ?? 5,
    backoff: options.retry?.backoff ?? true,
  };

  const boss = new PgBoss(options.connection);
  // pg-boss emits background failures (maintenance, a worker's fetch) as events; unhandled, they would crash.
  boss.on('error', (error) => {
    options.logger?.warn('pg-boss error', { error: error.message });
  });
  await boss.start();
  await boss.createQueue(deadLetterName);
  await boss.createQueue(queueName, {
    name: queueName,
    policy: 'stately',
    retryLimit: retry.limit,
    retryDelay: retry.delaySeconds,
    retryBackoff: retry.backoff,
    expireInSeconds: options.expireInSeconds ?? 900,
    deadLetter: deadLetterName,
  });
  const db = boss.getDb();

  let handingOver = 0;

  // Replaces the data of the job waiting for `key`, if one still waits and nobody changed it meanwhile.
  const replaceWaiting = async (key: string, job: SyncJob, priority: number): Promise<boolean> => {
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
  };

  const handOver = async (job: SyncJob, lane: WorkLane): Promise<WorkOutcome> => {
    const key = entityKeyOf(job);
    const priority = lanePriority[lane];
    for (let attempt = 0; attempt < maxEnqueueTries; attempt += 1) {
      // `send` answers null when the stately policy refuses a second waiting job for the key.
      const id = await boss.send(queueName, { job } satisfies JobData, {
        singletonKey: key,
        priority,
      });
      if (id !== null) {
        runners?.wake();
        return { status: 'done' };
      }
      if (await replaceWaiting(key, job, priority)) return { status: 'done' };
    }
    return { status: 'failed', reason: `the job for ${key} kept being taken while replacing it` };
  };

  // This instance's hand-overs per key, chained so that the job enqueued last is the one stored last.
  const handOversByKey = new Map<string, Promise<WorkOutcome>>();

  const enqueue: WorkQueue['enqueue'] = (job, enqueueOptions = {}) => {
    const key = entityKeyOf(job);
    handingOver += 1;
    const previous = handOversByKey.get(key) ?? Promise.resolve<WorkOutcome>({ status: 'done' });
    const current = previous
      .then(() => handOver(job, enqueueOptions.lane ?? 'live'))
      .catch((error: unknown): WorkOutcome => {
        // A database failure is the caller's to retry (the inbox keeps the event failed and replayable).
        return { status: 'failed', reason: `pg-boss: ${describe(error)}` };
      })
      .finally(() => {
        handingOver -= 1;
        if (handOversByKey.get(key) === current) handOversByKey.delete(key);
      });
    handOversByKey.set(key, current);
    return current;
  };

  let runners: PgBossJobRunners | null = null;
  const startWorkers = (run: (job: SyncJob) => Promise<WorkOutcome>): Promise<void> => {
    if (runners !== null) throw new Error('This pg-boss work queue already runs jobs.');
    runners = startPgBossJobRunners({
      boss,
      schema,
      queueName,
      concurrency: options.concurrency ?? 4,
      pollingIntervalMs: pollingIntervalSeconds * 1000,
      run,
      logger: options.logger,
    });
    return Promise.resolve();
  };
  if (options.run !== undefined) await startWorkers(options.run);

  const onIdle = async (): Promise<void> => {
    for (;;) {
      if (handingOver === 0 && (runners?.running() ?? 0) === 0) {
        // Jobs created, retrying or active, on any worker.
        const unfinished = await boss.getQueueSize(queueName, { before: 'completed' });
        if (unfinished === 0) return;
      }
      await delay(pollingIntervalSeconds * 1000);
    }
  };

  const deadLetters = async (limit = 100): Promise<DeadLetter[]> => {
    const result = await db.executeSql(
      `SELECT id, data, output, created_on FROM ${schema}.job
       WHERE name = $1 AND state = 'created' ORDER BY created_on, id LIMIT $2`,
      [deadLetterName, limit],
    );
    return (result.rows as { id: string; data: JobData; output: unknown; created_on: Date }[]).map(
      (row) => ({
        id: row.id,
        job: row.data.job,
        reason: reasonOfJobOutput(row.output),
        failedAt: row.created_on,
      }),
    );
  };

  const replayDeadLetter: PgBossWorkQueue['replayDeadLetter'] = async (id, replayOptions = {}) => {
    const letter = await boss.getJobById<JobData>(deadLetterName, id);
    if (letter === null || letter.state !== 'created') return false;
    const outcome = await enqueue(letter.data.job, replayOptions);
    if (outcome.status === 'failed') return false;
    await boss.deleteJob(deadLetterName, id);
    return true;
  };

  let stopped: Promise<void> | null = null;
  const stop = (stopOptions: PgBossStopOptions = {}): Promise<void> => {
    // Idempotent: the agent stops the queue and the storage that opened it closes it again.
    stopped ??= stopBoss(stopOptions);
    return stopped;
  };
  const stopBoss = async (stopOptions: PgBossStopOptions): Promise<void> => {
    // The runners stop fetching, wait for running jobs up to the timeout, then fail the ones still
    // running, which puts them back as retries (or dead letters when their retries are used up).
    await runners?.stop(
      stopOptions.graceful ?? true,
      Math.max(1_000, stopOptions.timeoutMs ?? 30_000),
    );
    await boss.stop({ graceful: false, wait: true, close: true });
  };

  return {
    enqueue,
    size: () => handingOver + (runners?.running() ?? 0),
    onIdle,
    deadLetters,
    replayDeadLetter,
    startWorkers,
    stop,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
