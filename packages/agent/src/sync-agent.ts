import { createOdooClient, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient, type PlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createInboxProcessor,
  createInProcessWorkQueue,
  createRedactingLogger,
  createSecretRedactor,
  createSyncEngine,
  createWebhookIngestor,
  defaultInboxRetention,
  defaultPollOverlapSeconds,
  describeSyncError,
  systemClock,
  type DrainReport,
  type Logger,
  type ReconcileReport,
  type SyncEngine,
  type SyncStores,
  type WebhookIngestor,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { createAgentNotifications } from './agent-notifications.js';
import { createAgentOperations } from './agent-operations.js';
import { createReadinessCheck, type Readiness } from './agent-readiness.js';
import { createAgentSchedules, type AgentScheduleName } from './agent-schedules.js';
import { createStatusReader, type SyncAgentStatus } from './agent-status.js';
import type { BackfillOptions, BackfillReport } from './backfill.js';
import { createInboxDrainer, type InboxDrainer } from './inbox-drainer.js';
import { createJsonLogger } from './json-logger.js';
import type { NotificationLog } from './notification-log.js';
import type { PollReport } from './odoo-poller.js';
import { createInProcessScheduleClaims } from './schedule-claims.js';
import { isSharedWorkQueue, type JobRunner } from './shared-work-queue.js';
import type { SyncAgentOptions } from './sync-agent-options.js';
import { nodeHmacSha256 } from './node-hmac-sha256.js';
import { recordingLastDeliveries } from './webhook-deliveries.js';

export type { SyncAgentOptions, SyncAgentSchedules } from './sync-agent-options.js';

/**
 * The sync agent. Its `ingestor`, `processor`, `readiness`, `status` and `logger` are what
 * `createSyncRouter` (adapter-express) and the adapter-lambda handlers take, so `createSyncRouter(agent)`
 * mounts it. Every member is a plain property: destructuring keeps it working.
 */
export interface SyncAgent {
  readonly engine: SyncEngine;
  /** Verifies webhook deliveries and stores them in the inbox. */
  readonly ingestor: WebhookIngestor;
  /** Drains the inbox (one drain at a time; a drain asked for meanwhile runs right after). */
  readonly processor: InboxDrainer;
  readonly queue: WorkQueue;
  readonly stores: SyncStores;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  /** The notifier in use, keeping the last notifications for the status. */
  readonly notifications: NotificationLog;
  /**
   * Resolves once every notification so far has left the engine and the Slack outbox: delivered, or given
   * up after the outbox's timeout and retries (logged). What a host that freezes between requests (Lambda)
   * awaits before it answers.
   */
  readonly notificationsSettled: () => Promise<void>;
  readonly logger: Logger;
  /** Store, Odoo and Plane reachable (cached for `readinessCacheMs`). */
  readonly readiness: () => Promise<Readiness>;
  /** Queue, inbox, failures, conflicts, mappings, backfill and reconciliation figures. */
  readonly status: () => Promise<SyncAgentStatus>;
  /** Runs every pending inbox event (webhooks, polls, events left by an earlier run) and due retries. */
  readonly drain: () => Promise<DrainReport>;
  /** Resolves when no job runs or waits and no inbox event is pending. */
  readonly whenIdle: () => Promise<void>;
  /** One Odoo poll (what the schedule runs), then a drain of what it found. Polls never overlap. */
  readonly pollNow: () => Promise<PollReport>;
  /** One reconciliation (what the schedule runs); null when it failed (logged). */
  readonly reconcileNow: () => Promise<ReconcileReport | null>;
  /**
   * The resumable backfill of every Odoo project (skipped once completed on this store), or of the
   * projects in `options.odooProjectIds`, then a drain.
   */
  readonly backfill: (options?: BackfillOptions) => Promise<BackfillReport>;
  /**
   * Replays failed and dead-lettered inbox events (all, or those with `ids`) and, with a shared queue,
   * its dead letters too (their ids are the queue's); drains; returns the ids replayed.
   */
  readonly replayFailed: (ids?: readonly string[]) => Promise<string[]>;
  /**
   * One tick of a schedule now, as its timer runs it: claimed first, so across workers sharing the claims
   * each tick runs once. True when it ran on this agent. For hosts that drive the schedules themselves.
   */
  readonly runScheduled: (schedule: AgentScheduleName) => Promise<boolean>;
  /**
   * Starts the backfill, then the schedules (they never work beside the backfill). Resolves with the
   * backfill's report; webhooks are accepted meanwhile and run once it is over.
   */
  readonly start: () => Promise<BackfillReport>;
  /** Stops the schedules, lets the backfill, a poll and the queue finish. The store stays open. */
  readonly stop: () => Promise<void>;
}

/** The engine refused its configuration (raised by {@link createSyncAgent}). */
export class SyncAgentConfigError extends Error {
  override readonly name = 'SyncAgentConfigError';
  constructor(readonly problems: readonly { readonly path: string; readonly message: string }[]) {
    super(
      `sync configuration refused: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
  }
}

const defaultSchedules = {
  pollIntervalMs: 60_000,
  reconcileIntervalMs: 60 * 60_000,
  retryDrainIntervalMs: 15_000,
} as const;

/**
 * Creates the sync agent: both API clients, the engine, webhook intake into the inbox, the work queue,
 * inbox draining (automatic retries, dead letters), the Odoo poller, the backfill, the poll, retry, prune
 * and reconciliation schedules (each tick claimed in `scheduleClaims`, so a fleet runs it once), readiness
 * and status. Nothing runs until `start()`. Throws {@link SyncAgentConfigError} when the engine refuses
 * `sync`: a deployment mistake, not a runtime failure.
 *
 * @example
 * const agent = createSyncAgent({
 *   odoo: { baseUrl: 'https://odoo.example.com', db: 'prod', login: 'sync@example.com', apiKey },
 *   plane: { baseUrl: 'https://plane.example.com', apiKey: planeKey, workspaceSlug: 'acme' },
 *   store: createSqliteStores({ filename: './sync.db' }),
 *   secrets: { odooToken, planeWebhookSecret },
 * });
 * app.use(createSyncRouter(agent));
 * void agent.start();
 */
export function createSyncAgent(options: SyncAgentOptions): SyncAgent {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const stores = options.store;
  const timeoutSignal = options.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms));
  const secrets = [
    options.odoo.apiKey,
    options.plane.apiKey,
    options.secrets.odooToken,
    options.secrets.planeWebhookSecret,
    options.secrets.githubWebhookSecret,
    options.slackWebhookUrl,
    ...(options.redact ?? []),
  ].filter((secret): secret is string => secret !== undefined && secret !== '');
  // Lines written outside the engine (poller, inbox, HTTP layer) pass the same redaction as its own.
  const logger = createRedactingLogger(
    options.logger ?? createJsonLogger(),
    createSecretRedactor(secrets),
  );

  const odoo = createOdooClient({ ...options.odoo, clock });
  const plane = createPlaneClient({ ...options.plane, clock, random });
  const notifications = createAgentNotifications({
    notifier: options.notifier,
    slackWebhookUrl: options.slackWebhookUrl,
    send: options.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    logger,
    timeoutSignal,
  });

  const { odoo: odooConfig, ...syncConfig } = options.sync ?? {};
  const created = createSyncEngine({
    store: stores.mappings,
    ledger: stores.ledger,
    failures: stores.failures,
    syncState: stores.syncState,
    notifier: notifications.log,
    odoo,
    plane,
    clock,
    logger,
    random,
    secrets,
    notificationDelivery: { timeoutSignal },
    ...(options.randomId === undefined ? {} : { randomId: options.randomId }),
    github: { links: plane, ...options.github },
    config: {
      ...syncConfig,
      plane: { workspaceSlug: options.plane.workspaceSlug },
      odoo: { sourceId: odooConfig?.sourceId ?? options.odoo.db },
    },
  });
  if (created.isErr()) throw new SyncAgentConfigError(created.error.problems);
  const engine = created.value;

  const runJob: JobRunner = async (job) => {
    const result = await engine.run(job, `queued ${job.kind}`);
    return result.isOk()
      ? { status: 'done' }
      : { status: 'failed', reason: describeSyncError(result.error) };
  };
  const queue =
    options.queue ??
    createInProcessWorkQueue({ run: runJob, concurrency: options.concurrency ?? 4 });
  const sharedQueue = isSharedWorkQueue(queue) ? queue : null;
  const retention = { ...defaultInboxRetention, ...options.inboxRetention };
  const processor = createInboxDrainer({
    processor: createInboxProcessor({
      inbox: stores.inbox,
      queue,
      engine,
      logger,
      clock,
      ...(options.inboxRetry === undefined ? {} : { retry: options.inboxRetry }),
      // The prune is a schedule of its own (claimed once per fleet), not a side effect of every drain.
      retention: { ...retention, pruneEveryMs: Number.MAX_SAFE_INTEGER },
    }),
    queue,
    inbox: stores.inbox,
    logger,
  });
  const drain = (): Promise<DrainReport> => processor.drain();
  const operations = createAgentOperations({
    engine,
    odoo,
    stores,
    clock,
    logger,
    drain,
    sharedQueue,
    pollOverlapSeconds: options.pollOverlapSeconds ?? defaultPollOverlapSeconds,
  });

  const intervals = { ...defaultSchedules, ...options.schedules };
  const schedules = createAgentSchedules({
    claims: options.scheduleClaims ?? createInProcessScheduleClaims(),
    clock,
    logger,
    schedules: {
      'inbox-retry': { intervalMs: intervals.retryDrainIntervalMs, run: drain },
      'inbox-prune': {
        intervalMs: intervals.pruneIntervalMs ?? retention.pruneEveryMs,
        run: async () => {
          const pruned = await stores.inbox.pruneDone(clock.now() - retention.processedEventsMs);
          if (pruned > 0) logger.info('inbox pruned', { pruned });
        },
      },
      'odoo-poll': { intervalMs: intervals.pollIntervalMs, run: operations.pollNow },
      reconcile: { intervalMs: intervals.reconcileIntervalMs, run: operations.reconcileNow },
    },
  });

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

  return {
    engine,
    ingestor: recordingLastDeliveries(
      createWebhookIngestor({
        inbox: stores.inbox,
        clock,
        secrets: options.secrets,
        hmacSha256: nodeHmacSha256,
      }),
      stores.syncState,
      clock,
    ),
    processor,
    queue,
    stores,
    odoo,
    plane,
    notifications: notifications.log,
    // The engine's outbox hands each notification to the Slack outbox, so the order matters.
    notificationsSettled: async () => {
      await engine.notifications.settled();
      await notifications.slackSettled();
    },
    logger,
    readiness: createReadinessCheck({
      inbox: stores.inbox,
      odoo,
      plane,
      clock,
      cacheMs: options.readinessCacheMs ?? 30_000,
    }),
    status: createStatusReader({ stores, queue, notifications: notifications.log }),
    drain,
    whenIdle: () => processor.whenIdle(),
    pollNow: operations.pollNow,
    reconcileNow: operations.reconcileNow,
    backfill: operations.backfill,
    replayFailed: operations.replayFailed,
    runScheduled: schedules.runTick,
    start,
    stop,
  };
}
