import { setTimeout as delay } from 'node:timers/promises';
import type { Logger, SyncJob, WorkLane, WorkOutcome, WorkQueue } from '@odoo-plane-sync/sync-core';
import PgBoss from 'pg-boss';
import { listDeadLetters, replayDeadLetter, type DeadLetter } from './pgboss-dead-letters.js';
import { createPgBossEnqueue } from './pgboss-enqueue.js';
import { startPgBossJobRunners, type PgBossJobRunners } from './pgboss-job-runners.js';

export type { DeadLetter } from './pgboss-dead-letters.js';

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

/** The options with their defaults filled in. */
interface PgBossQueueSettings {
  readonly queueName: string;
  readonly deadLetterName: string;
  readonly schema: string;
  readonly pollingIntervalSeconds: number;
  readonly retry: PgBossRetryPolicy;
}

const settingsOf = (options: PgBossWorkQueueOptions): PgBossQueueSettings => {
  const queueName = options.queueName ?? 'sync-jobs';
  return {
    queueName,
    deadLetterName: `${queueName}-dead-letter`,
    schema: options.connection.schema ?? 'pgboss',
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    retry: {
      limit: options.retry?.limit ?? 3,
      delaySeconds: options.retry?.delaySeconds ?? 5,
      backoff: options.retry?.backoff ?? true,
    },
  };
};

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
  const settings = settingsOf(options);
  const { queueName, deadLetterName, schema, pollingIntervalSeconds } = settings;
  const boss = await startBossWithQueues(options, settings);
  const db = boss.getDb();
  const deadLetterQueue = { boss, db, schema, deadLetterName };

  let runners: PgBossJobRunners | null = null;
  const { enqueue, handingOver } = createPgBossEnqueue({
    boss,
    db,
    schema,
    queueName,
    wakeRunners: () => runners?.wake(),
  });
  const size = (): number => handingOver() + (runners?.running() ?? 0);

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

  let stopped: Promise<void> | null = null;
  const stop = (stopOptions: PgBossStopOptions = {}): Promise<void> => {
    // Idempotent: the agent stops the queue and the storage that opened it closes it again.
    stopped ??= stopBoss(boss, runners, stopOptions);
    return stopped;
  };

  return {
    enqueue,
    size,
    onIdle: () => waitUntilIdle(boss, queueName, pollingIntervalSeconds, size),
    deadLetters: (limit = 100) => listDeadLetters(deadLetterQueue, limit),
    replayDeadLetter: (id, replayOptions = {}) =>
      replayDeadLetter(deadLetterQueue, enqueue, id, replayOptions),
    startWorkers,
    stop,
  };
}

/** Starts pg-boss and creates the dead-letter queue and the stately job queue if they do not exist. */
async function startBossWithQueues(
  options: PgBossWorkQueueOptions,
  settings: PgBossQueueSettings,
): Promise<PgBoss> {
  const { queueName, deadLetterName, retry } = settings;
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
  return boss;
}

/** Waits until this instance hands nothing over and runs nothing, and the shared queue is empty. */
async function waitUntilIdle(
  boss: PgBoss,
  queueName: string,
  pollingIntervalSeconds: number,
  size: () => number,
): Promise<void> {
  for (;;) {
    if (size() === 0) {
      // Jobs created, retrying or active, on any worker.
      const unfinished = await boss.getQueueSize(queueName, { before: 'completed' });
      if (unfinished === 0) return;
    }
    await delay(pollingIntervalSeconds * 1000);
  }
}

/** Stops the runners (if this instance has any), then pg-boss, closing its connection pool. */
async function stopBoss(
  boss: PgBoss,
  runners: PgBossJobRunners | null,
  stopOptions: PgBossStopOptions,
): Promise<void> {
  // The runners stop fetching, wait for running jobs up to the timeout, then fail the ones still
  // running, which puts them back as retries (or dead letters when their retries are used up).
  await runners?.stop(
    stopOptions.graceful ?? true,
    Math.max(1_000, stopOptions.timeoutMs ?? 30_000),
  );
  await boss.stop({ graceful: false, wait: true, close: true });
}
