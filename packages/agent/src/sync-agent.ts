import {
  createOdooClient,
  type OdooClient,
  type OdooClientOptions,
} from '@odoo-plane-sync/odoo-client';
import {
  createPlaneClient,
  type PlaneClient,
  type PlaneClientOptions,
} from '@odoo-plane-sync/plane-client';
import {
  combineNotifiers,
  createInboxProcessor,
  createInProcessWorkQueue,
  createLoggerNotifier,
  createNotificationOutbox,
  createRedactingLogger,
  createSecretRedactor,
  createSlackNotifier,
  createSyncEngine,
  createWebhookIngestor,
  defaultPollOverlapSeconds,
  describeSyncError,
  entityKeyOf,
  replayFailedEvents,
  systemClock,
  type Clock,
  type DrainReport,
  type GitHubAnnotationOptions,
  type IngestedPayload,
  type InboxRetention,
  type InboxRetryPolicy,
  type Logger,
  type Notifier,
  type ReconcileReport,
  type SyncConfigInput,
  type SyncEngine,
  type SyncJob,
  type SyncStores,
  type WebhookIngestor,
  type WebhookSecrets,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { createReadinessCheck, type Readiness } from './agent-readiness.js';
import { createStatusReader, type SyncAgentStatus } from './agent-status.js';
import { runBackfill, type BackfillOptions, type BackfillReport } from './backfill.js';
import { createInboxDrainer, type InboxDrainer } from './inbox-drainer.js';
import { createJsonLogger } from './json-logger.js';
import { createNotificationLog, type NotificationLog } from './notification-log.js';
import { createOdooPoller, type PollReport } from './odoo-poller.js';
import { repeatAfter, type Repeater } from './repeat-after.js';
import { recordingLastDeliveries } from './webhook-deliveries.js';

/** How often the agent works on its own; `0` turns a schedule off. */
export interface SyncAgentSchedules {
  /** Odoo poll (the only change feed on Odoo 16, the safety net on 17+). Default 60 s. */
  readonly pollIntervalMs?: number;
  /** Reconciliation of every mapping against both systems. Default 60 min. */
  readonly reconcileIntervalMs?: number;
  /** Drain that runs failed inbox events again once their retry is due. Default 15 s. */
  readonly retryDrainIntervalMs?: number;
}

/** Options of {@link createSyncAgent}. Only `odoo`, `plane`, `store` and `secrets` have no default. */
export interface SyncAgentOptions {
  /** How to reach Odoo; the agent builds the client with its clock. */
  readonly odoo: Omit<OdooClientOptions, 'clock'>;
  /** How to reach Plane; the agent builds the client with its clock and random source. */
  readonly plane: Omit<PlaneClientOptions, 'clock' | 'random'>;
  /** Mappings, ledger, inbox, failures and sync state (e.g. `createSqliteStores(…)`). Never closed here. */
  readonly store: SyncStores;
  /** Webhook secrets; a source without its secret is refused (404), so pass the ones you configured. */
  readonly secrets: WebhookSecrets;
  /**
   * The engine's configuration (ownership, stages, ship signal, time zone, ops project, retry…);
   * `plane.workspaceSlug` comes from `plane`, and `odoo.sourceId` defaults to the Odoo database name.
   */
  readonly sync?: Omit<SyncConfigInput, 'plane' | 'odoo'> & {
    readonly odoo?: { readonly sourceId?: string };
  };
  /** PR and CI annotations from GitHub deliveries (Plane is the link store). */
  readonly github?: Omit<GitHubAnnotationOptions, 'links'>;
  /** Where jobs run. Default: in this process, 4 at a time, serial per entity. */
  readonly queue?: WorkQueue;
  /** Alerts and recoveries. Default: the logger, and Slack when `slackWebhookUrl` is set. */
  readonly notifier?: Notifier;
  /** A Slack incoming webhook for alerts, added to the default notifier (delivered off the sync's path). */
  readonly slackWebhookUrl?: string;
  /**
   * More secret values to keep out of logs, the ledger, notifications and the status. The API keys, the
   * webhook secrets and the Slack URL given above are always redacted.
   */
  readonly redact?: readonly string[];
  /** When failed inbox events run again and when they become dead letters. */
  readonly inboxRetry?: Partial<InboxRetryPolicy>;
  /** How long processed inbox events are kept. */
  readonly inboxRetention?: Partial<InboxRetention>;
  /** How far before its cursor each Odoo poll reads again (`write_date` is a transaction's start). Default `defaultPollOverlapSeconds` (300 s). */
  readonly pollOverlapSeconds?: number;
  readonly schedules?: SyncAgentSchedules;
  /** How long a readiness answer is reused. Default 30 s. */
  readonly readinessCacheMs?: number;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: JSON lines on stdout/stderr at `info`. */
  readonly logger?: Logger;
  /** Retry jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Correlation ids. Default `crypto.randomUUID()` (Web Crypto). */
  readonly randomId?: () => string;
  /** Used for Slack. Default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Bounds a notification delivery; default `AbortSignal.timeout` (a timer that keeps no process alive). */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
}

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
  /** Replays failed and dead-lettered inbox events (all, or those with `ids`), drains, returns the ids. */
  readonly replayFailed: (ids?: readonly string[]) => Promise<string[]>;
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
 * inbox draining (automatic retries, dead letters), the Odoo poller, the backfill, the poll, retry and
 * reconciliation schedules, readiness and status. Nothing runs until `start()`. Throws
 * {@link SyncAgentConfigError} when the engine refuses `sync`: a deployment mistake, not a runtime failure.
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
  const schedules = { ...defaultSchedules, ...options.schedules };
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

  const send = options.fetch ?? ((input, init) => fetch(input, init));
  // Its own outbox: a silent Slack delays neither the sync nor the log and status entries.
  const slackOutbox =
    options.notifier !== undefined || options.slackWebhookUrl === undefined
      ? undefined
      : createNotificationOutbox(
          {
            notifier: createSlackNotifier({
              webhookUrl: options.slackWebhookUrl,
              fetch: (url, init) => send(url, init),
            }),
            clock,
            logger,
          },
          { timeoutSignal },
        );
  const notifier =
    options.notifier ??
    combineNotifiers(
      createLoggerNotifier(logger),
      ...(slackOutbox === undefined ? [] : [slackOutbox]),
    );
  const notifications = createNotificationLog(notifier);

  const { odoo: odooConfig, ...syncConfig } = options.sync ?? {};
  const created = createSyncEngine({
    store: stores.mappings,
    ledger: stores.ledger,
    failures: stores.failures,
    syncState: stores.syncState,
    notifier: notifications,
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

  const queue =
    options.queue ??
    createInProcessWorkQueue({
      run: async (job) => {
        const result = await engine.run(job, `queued ${job.kind}`);
        return result.isOk()
          ? { status: 'done' }
          : { status: 'failed', reason: describeSyncError(result.error) };
      },
      concurrency: 4,
    });
  const inboxProcessor = createInboxProcessor({
    inbox: stores.inbox,
    queue,
    engine,
    logger,
    clock,
    ...(options.inboxRetry === undefined ? {} : { retry: options.inboxRetry }),
    ...(options.inboxRetention === undefined ? {} : { retention: options.inboxRetention }),
  });
  const processor = createInboxDrainer({
    processor: inboxProcessor,
    queue,
    inbox: stores.inbox,
    logger,
  });
  const drain = (): Promise<DrainReport> => processor.drain();
  const whenIdle = (): Promise<void> => processor.whenIdle();
  const ingestor = recordingLastDeliveries(
    createWebhookIngestor({ inbox: stores.inbox, clock, secrets: options.secrets }),
    stores.syncState,
    clock,
  );

  // Polled changes go through the inbox like webhooks: durable before the cursor moves, deduplicated.
  const submit = async (job: SyncJob, cause: string, dedupeKey: string): Promise<void> => {
    const payload: IngestedPayload = { source: 'poller', jobs: [job] };
    await stores.inbox.add({
      source: 'poller',
      dedupeKey,
      entityKey: entityKeyOf(job),
      payload,
      receivedAt: clock.now(),
    });
    logger.debug('queued', { cause, entity: entityKeyOf(job) });
  };
  const poller = createOdooPoller({
    odoo,
    syncState: stores.syncState,
    submit,
    logger,
    overlapSeconds: options.pollOverlapSeconds ?? defaultPollOverlapSeconds,
  });

  let polling: Promise<unknown> = Promise.resolve();
  const pollNow = (): Promise<PollReport> => {
    const next = polling.then(async () => {
      const report = await poller.pollOnce();
      await drain();
      return report;
    });
    polling = next.catch(() => undefined);
    return next;
  };
  const reconcileNow = async (): Promise<ReconcileReport | null> => {
    const result = await engine.reconcile();
    if (result.isErr()) {
      logger.warn('reconciliation failed', { error: describeSyncError(result.error) });
      return null;
    }
    logger.info('reconciliation', {
      checked: result.value.checked,
      drift: result.value.drift.length,
      repaired: result.value.repaired,
      failed: result.value.failed.length,
    });
    // Each item that could not be repaired, by name; the others were repaired anyway.
    for (const failure of result.value.failed)
      logger.warn('reconciliation item failed', { ...failure });
    return result.value;
  };
  const backfill = async (backfillOptions?: BackfillOptions): Promise<BackfillReport> => {
    const report = await runBackfill(
      {
        engine,
        odoo,
        mappings: stores.mappings,
        syncState: stores.syncState,
        poller,
        clock,
        logger,
      },
      backfillOptions,
    );
    // Events accepted before a restart (or during the backfill) run now: nothing is lost.
    await drain();
    return report;
  };
  const replayFailed = async (ids?: readonly string[]): Promise<string[]> => {
    const replayed = await replayFailedEvents(stores.inbox, ids === undefined ? {} : { ids });
    if (replayed.length > 0) logger.info('inbox events replayed', { events: replayed.length });
    await drain();
    return replayed;
  };

  let started: Promise<BackfillReport> | null = null;
  let repeaters: Repeater[] = [];
  const logCrash = (what: string) => (error: unknown) =>
    logger.error(`${what} crashed`, { error: error instanceof Error ? error.message : 'unknown' });
  const start = (): Promise<BackfillReport> => {
    if (started !== null) return started;
    const backfilled = backfill({});
    started = backfilled;
    const every = (intervalMs: number, task: () => Promise<unknown>, what: string): Repeater[] =>
      intervalMs > 0 ? [repeatAfter(backfilled, intervalMs, task, logCrash(what))] : [];
    repeaters = [
      ...every(schedules.retryDrainIntervalMs, drain, 'inbox retry drain'),
      ...every(schedules.pollIntervalMs, pollNow, 'odoo poll'),
      ...every(schedules.reconcileIntervalMs, reconcileNow, 'reconciliation'),
    ];
    return backfilled;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(repeaters.map((repeater) => repeater.stop()));
    await started?.catch(() => undefined);
    await polling;
    await whenIdle();
  };

  return {
    engine,
    ingestor,
    processor,
    queue,
    stores,
    odoo,
    plane,
    notifications,
    // The engine's outbox hands each notification to the Slack outbox, so the order matters.
    notificationsSettled: async () => {
      await engine.notifications.settled();
      await slackOutbox?.settled();
    },
    logger,
    readiness: createReadinessCheck({
      inbox: stores.inbox,
      odoo,
      plane,
      clock,
      cacheMs: options.readinessCacheMs ?? 30_000,
    }),
    status: createStatusReader({ stores, queue, notifications }),
    drain,
    whenIdle,
    pollNow,
    reconcileNow,
    backfill,
    replayFailed,
    start,
    stop,
  };
}
