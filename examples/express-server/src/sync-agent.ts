import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createOdooClient, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient, type PlaneClient } from '@odoo-plane-sync/plane-client';
import { createSqliteStores, type SqliteStores } from '@odoo-plane-sync/store-sqlite';
import {
  combineNotifiers,
  createLoggerNotifier,
  createNotificationOutbox,
  createRedactingLogger,
  createSecretRedactor,
  createSlackNotifier,
  createSyncEngine,
  describeSyncError,
  type Clock,
  type Logger,
  type Notifier,
  type OdooModel,
  type SyncEngine,
  createInboxProcessor,
  createWebhookIngestor,
  replayFailedEvents,
  type DrainReport,
  createInProcessWorkQueue,
  entityKeyOf,
  type IngestedPayload,
  type ReconcileReport,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
import type { AgentConfig, LiveSettings } from './config.js';
import { createHttpApp } from './http-app.js';
import { createInboxDrainer } from './inbox-drainer.js';
import { createNotificationLog, type NotificationLog } from './notification-log.js';
import { createOdooPoller, type OdooPoller, type PollReport } from './odoo-poller.js';
import { repeatAfter } from './repeat-after.js';
import { startSandboxSystems, type SandboxSystems } from './sandbox-systems.js';

/** What the initial backfill did. */
export interface BackfillReport {
  /** `skipped` when an earlier run of this data directory already completed it. */
  readonly status: 'completed' | 'skipped' | 'failed';
  readonly projects: number;
  readonly failedProjects: readonly { readonly odooProjectId: number; readonly error: string }[];
  /** Active mappings: the Plane entity exists. */
  readonly mapped: Readonly<Record<OdooModel, number>>;
  /** Pending mappings: recorded before a Plane create that has not been confirmed yet (decision 4). */
  readonly pending: Readonly<Record<OdooModel, number>>;
}

/** The running agent. */
export interface SyncAgent {
  readonly config: AgentConfig;
  /** `http://<host>:<port>` the HTTP server listens on (loopback address when bound to all interfaces). */
  readonly url: string;
  readonly engine: SyncEngine;
  readonly stores: SqliteStores;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly databaseFile: string;
  /** The simulated systems (sandbox mode only). */
  readonly sandbox: SandboxSystems | null;
  /** The Plane project ops alerts open work items in (configured, or the sandbox's own). */
  readonly opsPlaneProjectId: string | null;
  readonly notifications: NotificationLog;
  /** Settles when the start-up backfill is over (the server answers while it runs). */
  readonly backfill: Promise<BackfillReport>;
  /** Every configured secret value; none of them is logged, stored or served (see README, "Secrets"). */
  readonly secrets: readonly string[];
  /** Runs every pending inbox event (webhooks, polls, events left by an earlier run) and due retries. */
  drain(): Promise<DrainReport>;
  /**
   * Replays failed and dead-lettered inbox events now (all of them, or those with `ids`), then drains;
   * returns the ids it replayed.
   */
  replayFailed(ids?: readonly string[]): Promise<string[]>;
  /** Resolves when no submitted job is running or waiting. */
  whenIdle(): Promise<void>;
  /** Runs one Odoo poll now (also what the timer does) and the jobs it found. */
  pollNow(): Promise<PollReport>;
  /** Runs a reconciliation now (also what the schedule does); null when it failed (logged). */
  reconcileNow(): Promise<ReconcileReport | null>;
  /** The sandbox's generated webhook secrets, so the demo can sign a GitHub delivery; null when live. */
  readonly sandboxSecrets: { readonly githubWebhookSecret: string } | null;
  /** Stops the poller and the server, waits for running jobs, closes the store and the sandbox. */
  stop(): Promise<void>;
}

/** Options of {@link startSyncAgent}. */
export interface StartSyncAgentOptions {
  readonly logger: Logger;
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The sandbox's simulated outages should end in seconds, not minutes: shorter backoff than the defaults
 * meant for real servers (which keep their defaults in live mode).
 */
const sandboxRetry = {
  engine: { attempts: 4, baseDelayMs: 200, maxDelayMs: 2_000 },
  client: { limit: 1, backoffMs: 100, maxDelayMs: 1_000 },
  inbox: { delaysMs: [2_000, 10_000, 60_000] },
} as const;

/**
 * How often the agent drains on its own, so that failed inbox events run again once their retry is due
 * (the shortest live retry delay is a minute, so a change lands at most this much after it).
 */
const retryDrainIntervalMs = { live: 15_000, sandbox: 1_000 } as const;

/**
 * Starts the sync agent: the SQLite store, both API clients, the engine, the HTTP server (webhooks,
 * health, status, metrics), the start-up backfill and the Odoo poller. In sandbox mode it first starts
 * the simulated Odoo and Plane on loopback, seeds them, and wires their webhooks to the server.
 *
 * @example
 * const agent = await startSyncAgent(config, { logger: createConsoleLogger('info') });
 * await agent.backfill;
 * process.once('SIGTERM', () => void agent.stop());
 */
export async function startSyncAgent(
  config: AgentConfig,
  options: StartSyncAgentOptions,
): Promise<SyncAgent> {
  const { sandbox, connection } =
    config.mode === 'live'
      ? { sandbox: null, connection: config.live }
      : await startSandboxSystems().then((systems) => ({
          sandbox: systems,
          connection: sandboxConnection(systems),
        }));
  // The sandbox accepts GitHub deliveries too (the demo signs one); live mode only when configured.
  const githubWebhookSecret =
    config.githubWebhookSecret ?? (sandbox === null ? null : randomBytes(24).toString('hex'));
  const secrets = [
    connection.odoo.apiKey,
    connection.plane.apiKey,
    connection.webhookToken,
    connection.planeWebhookSecret,
    githubWebhookSecret,
    config.slackWebhookUrl,
  ].filter((secret): secret is string => secret !== null && secret !== '');
  // Lines written outside the engine (poller, HTTP layer, inbox) pass the same redaction as its own.
  const logger = createRedactingLogger(options.logger, createSecretRedactor(secrets));
  // Real time: a timer that does not keep the process alive (the engine's default follows its clock).
  const timeoutSignal = (ms: number): AbortSignal => AbortSignal.timeout(ms);

  mkdirSync(config.dataDir, { recursive: true });
  const databaseFile = databaseFileOf(config);
  if (config.mode === 'sandbox') {
    // The simulated systems live in memory and start from the seed again; mappings from an earlier
    // sandbox would point at entities that no longer exist.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  }
  const stores = createSqliteStores({ filename: databaseFile });

  const odoo = createOdooClient({
    baseUrl: connection.odoo.url,
    db: connection.odoo.db,
    login: connection.odoo.login,
    apiKey: connection.odoo.apiKey,
    clock: systemClock,
    ...(sandbox === null ? {} : { retry: sandboxRetry.client }),
  });
  const plane = createPlaneClient({
    baseUrl: connection.plane.url,
    apiKey: connection.plane.apiKey,
    workspaceSlug: connection.plane.workspace,
    clock: systemClock,
    edition: connection.plane.edition,
    rateLimit:
      sandbox === null
        ? { requests: connection.plane.rateLimitPerMinute, windowMs: 60_000 }
        : false,
    ...(sandbox === null ? {} : { retry: sandboxRetry.client }),
  });

  const notifiers: Notifier[] = [createLoggerNotifier(logger)];
  if (config.slackWebhookUrl !== null)
    // Its own outbox: a silent Slack delays neither the sync nor the log and `/status` entries.
    notifiers.push(
      createNotificationOutbox(
        {
          notifier: createSlackNotifier({
            webhookUrl: config.slackWebhookUrl,
            fetch: (url, init) => fetch(url, init),
          }),
          clock: systemClock,
          logger,
        },
        { timeoutSignal },
      ),
    );
  const notifications = createNotificationLog(combineNotifiers(...notifiers));

  let opsPlaneProjectId = config.opsPlaneProjectId;
  if (sandbox !== null && opsPlaneProjectId === null) {
    const ops = await plane.createProject({ name: 'Sync Operations', identifier: 'OPS' });
    if (ops.isOk()) opsPlaneProjectId = ops.value.id;
    else logger.warn('sandbox ops project not created', { error: ops.error.kind });
  }

  const created = createSyncEngine({
    store: stores.mappings,
    ledger: stores.ledger,
    failures: stores.failures,
    syncState: stores.syncState,
    notifier: notifications,
    odoo,
    plane,
    clock: systemClock,
    logger,
    random: Math.random,
    secrets,
    notificationDelivery: { timeoutSignal },
    github: {
      links: plane,
      stateMoves: config.githubStateMoves,
      ...(config.githubEnterpriseHost === undefined
        ? {}
        : { enterpriseHost: config.githubEnterpriseHost }),
    },
    config: {
      plane: { workspaceSlug: connection.plane.workspace },
      odoo: { sourceId: connection.odoo.sourceId },
      timeZone: config.timeZone,
      ...(config.ship === undefined ? {} : { ship: config.ship }),
      ...(config.stagesByGroup === undefined ? {} : { stages: { byGroup: config.stagesByGroup } }),
      ops: opsPlaneProjectId === null ? {} : { planeProjectId: opsPlaneProjectId },
      ...(sandbox === null ? {} : { retry: sandboxRetry.engine }),
    },
  });
  if (created.isErr()) {
    stores.close();
    await sandbox?.close();
    throw new Error(
      `sync configuration refused: ${created.error.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
  }
  const engine = created.value;

  const queue = createInProcessWorkQueue({
    run: async (job) => {
      const result = await engine.run(job, `queued ${job.kind}`);
      return result.isOk()
        ? { status: 'done' }
        : { status: 'failed', reason: describeSyncError(result.error) };
    },
    concurrency: 4,
  });
  const processor = createInboxProcessor({
    inbox: stores.inbox,
    queue,
    engine,
    logger,
    clock: systemClock,
    retry: {
      ...(sandbox === null ? {} : sandboxRetry.inbox),
      ...(config.inboxMaxAttempts === undefined ? {} : { maxAttempts: config.inboxMaxAttempts }),
    },
    ...(config.inboxRetentionDays === undefined
      ? {}
      : { retention: { processedEventsMs: config.inboxRetentionDays * 24 * 60 * 60_000 } }),
  });
  const drainer = createInboxDrainer({ processor, queue, inbox: stores.inbox, logger });
  const drain = (): Promise<DrainReport> => drainer.drain();
  const submit = async (job: SyncJob, cause: string, dedupeKey: string): Promise<void> => {
    const payload: IngestedPayload = { jobs: [job] };
    await stores.inbox.add({
      source: 'poller',
      dedupeKey,
      entityKey: entityKeyOf(job),
      payload,
      receivedAt: Date.now(),
    });
    logger.debug('queued', { cause, entity: entityKeyOf(job) });
  };
  const whenIdle = (): Promise<void> => drainer.whenIdle();
  const replayFailed = async (ids?: readonly string[]): Promise<string[]> => {
    const replayed = await replayFailedEvents(stores.inbox, ids === undefined ? {} : { ids });
    if (replayed.length > 0) logger.info('inbox events replayed', { events: replayed.length });
    await drain();
    return replayed;
  };

  const poller: OdooPoller = createOdooPoller({
    odoo,
    syncState: stores.syncState,
    submit,
    logger,
    overlapSeconds: config.pollOverlapSeconds,
  });

  const ingestor = createWebhookIngestor({
    inbox: stores.inbox,
    clock: systemClock,
    secrets: {
      odooToken: connection.webhookToken,
      planeWebhookSecret: connection.planeWebhookSecret,
      ...(githubWebhookSecret === null ? {} : { githubWebhookSecret }),
    },
  });
  const app = createHttpApp({
    ingestor,
    processor: drainer,
    queue,
    stores,
    odoo,
    plane,
    notifications,
    logger,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
  });
  const address = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${address.port}`;

  if (sandbox !== null) {
    // Both directions, as an operator would set them up on the real systems (see README.md).
    sandbox.plane.addWebhook({
      url: `${url}/webhooks/plane`,
      secret: connection.planeWebhookSecret,
    });
    for (const model of ['project.project', 'project.milestone', 'project.task'])
      sandbox.odoo.addWebhookRule({
        model,
        trigger: 'on_create_or_write',
        fields: ['write_date'],
        url: `${url}/webhooks/odoo/${connection.webhookToken}`,
      });
  }
  const sandboxSecrets =
    sandbox === null || githubWebhookSecret === null ? null : { githubWebhookSecret };

  const backfill = runBackfill({ engine, odoo, stores, poller, logger }).then(async (report) => {
    // Events accepted before a restart (or during the backfill) are run now: nothing is lost.
    await drain();
    return report;
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
  const logCrash = (what: string) => (error: unknown) =>
    logger.error(`${what} crashed`, { error: error instanceof Error ? error.message : 'unknown' });
  // All start after the backfill, so they never work on the same records at the same time as it.
  const repeaters = [
    repeatAfter(
      backfill,
      sandbox === null ? retryDrainIntervalMs.live : retryDrainIntervalMs.sandbox,
      drain,
      logCrash('inbox retry drain'),
    ),
    ...(config.pollIntervalSeconds > 0
      ? [repeatAfter(backfill, config.pollIntervalSeconds * 1000, pollNow, logCrash('odoo poll'))]
      : []),
    ...(config.reconcileIntervalMinutes > 0
      ? [
          repeatAfter(
            backfill,
            config.reconcileIntervalMinutes * 60_000,
            reconcileNow,
            logCrash('reconciliation'),
          ),
        ]
      : []),
  ];

  return {
    config,
    url,
    engine,
    stores,
    odoo,
    plane,
    databaseFile,
    sandbox,
    opsPlaneProjectId,
    notifications,
    backfill,
    secrets,
    drain,
    replayFailed,
    whenIdle,
    pollNow,
    reconcileNow,
    sandboxSecrets,
    stop: async () => {
      await Promise.all(repeaters.map((repeater) => repeater.stop()));
      if (sandbox !== null) {
        // Let the simulators' deliveries in flight land before the server and the store close.
        sandbox.pauseWebhooks();
        await Promise.all([sandbox.odoo.settleWebhooks(), sandbox.plane.settleWebhooks()]);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backfill.catch(() => undefined);
      await polling;
      await whenIdle();
      stores.close();
      await sandbox?.close();
    },
  };
}

/** The SQLite file an agent with this configuration uses (operator scripts open the same one). */
export function databaseFileOf(config: Pick<AgentConfig, 'dataDir' | 'mode'>): string {
  return join(config.dataDir, config.mode === 'sandbox' ? 'sandbox.db' : 'sync.db');
}

/** The sandbox's simulators as a live connection, with fresh webhook secrets per start. */
function sandboxConnection(sandbox: SandboxSystems): LiveSettings {
  return {
    odoo: {
      url: sandbox.odooUrl,
      db: sandbox.odoo.db,
      login: sandbox.odoo.login,
      apiKey: sandbox.odoo.apiKey,
      sourceId: sandbox.odoo.db,
    },
    // No rate limit: the simulator runs without one (see `startSandboxSystems`).
    plane: {
      url: sandbox.planeUrl,
      apiKey: sandbox.plane.apiKey,
      workspace: sandbox.plane.workspaceSlug,
      rateLimitPerMinute: 0,
      edition: 'ce',
    },
    // The simulators are told these when their webhooks are created.
    webhookToken: randomBytes(24).toString('hex'),
    planeWebhookSecret: `plane_wh_${randomBytes(24).toString('hex')}`,
  };
}

async function runBackfill(parts: {
  readonly engine: SyncEngine;
  readonly odoo: OdooClient;
  readonly stores: SqliteStores;
  readonly poller: OdooPoller;
  readonly logger: Logger;
}): Promise<BackfillReport> {
  const { engine, odoo, stores, poller, logger } = parts;
  // Pending placeholders (recorded before a Plane create) are counted apart, never as mapped.
  const mappedCounts = async () => ({
    mapped: await stores.mappings.count({ status: 'active' }),
    pending: await stores.mappings.count({ status: 'pending' }),
  });
  const done = await stores.syncState.get('backfill');
  if (typeof done === 'object' && done !== null && 'completedAt' in done) {
    logger.info('backfill already done for this data directory; the poller catches up');
    return { status: 'skipped', projects: 0, failedProjects: [], ...(await mappedCounts()) };
  }
  // Cursors first: what changes while the backfill runs is polled again afterwards.
  await poller.primeCursors();
  const projectIds = await odoo.search('project.project', [], { order: 'id asc' });
  if (projectIds.isErr()) {
    logger.error('backfill could not list Odoo projects', { error: projectIds.error.kind });
    return { status: 'failed', projects: 0, failedProjects: [], ...(await mappedCounts()) };
  }
  const failedProjects: { odooProjectId: number; error: string }[] = [];
  for (const odooProjectId of projectIds.value) {
    const result = await engine.run({ kind: 'project-tree', odooProjectId }, 'initial backfill');
    if (result.isErr())
      failedProjects.push({ odooProjectId, error: describeSyncError(result.error) });
  }
  if (failedProjects.length === 0)
    await stores.syncState.put('backfill', {
      completedAt: new Date().toISOString(),
      projects: projectIds.value.length,
    });
  return {
    status: failedProjects.length === 0 ? 'completed' : 'failed',
    projects: projectIds.value.length,
    failedProjects,
    ...(await mappedCounts()),
  };
}
