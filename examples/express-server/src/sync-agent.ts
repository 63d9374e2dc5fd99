import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSyncAgent,
  openSyncStorage,
  sqliteFileOf,
  type LiveConnection,
  type SyncEnvironment,
  type AgentScheduleName,
  type BackfillReport,
  type NotificationLog,
  type PollReport,
  type SyncAgent as SyncRuntime,
} from '@odoo-plane-sync/agent';
import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type {
  DrainReport,
  Logger,
  ReconcileReport,
  SyncEngine,
  SyncStores,
} from '@odoo-plane-sync/sync-core';
import { createHttpApp, statusPagePath } from './http-app.js';
import { startSandboxSystems, type SandboxSystems } from './sandbox-systems.js';

export type { BackfillReport } from '@odoo-plane-sync/agent';

/** The running agent. */
export interface SyncAgent {
  readonly config: SyncEnvironment;
  /** `http://<host>:<port>` the HTTP server listens on (loopback address when bound to all interfaces). */
  readonly url: string;
  /** The HTML status page, when `statusPageToken` turned it on; null otherwise. */
  readonly statusPageUrl: string | null;
  readonly engine: SyncEngine;
  readonly stores: SyncStores;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  /** The SQLite file; null on Postgres. */
  readonly databaseFile: string | null;
  /** `sqlite <file>` or `postgres <host>/<database>` (never the credentials). */
  readonly storeDescription: string;
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
  /** One claimed tick of a schedule, as its timer runs it: true when it ran here, not on another worker. */
  runScheduled(schedule: AgentScheduleName): Promise<boolean>;
  /** The sandbox's generated webhook secrets, so the demo can sign a GitHub delivery; null when live. */
  readonly sandboxSecrets: { readonly githubWebhookSecret: string } | null;
  /** Stops the poller and the server, waits for running jobs, closes the store and the sandbox. */
  stop(): Promise<void>;
}

/** Options of {@link startSyncAgent}. */
export interface StartSyncAgentOptions {
  readonly logger: Logger;
  /** `STATUS_PAGE_TOKEN`: serves the HTML status page, whose replay button needs this token. */
  readonly statusPageToken?: string | null;
}

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
 * Starts the sync agent: the store (SQLite, or Postgres + pg-boss with `DATABASE_URL`), both API clients, the engine, the HTTP server (webhooks,
 * health, status, metrics), the start-up backfill and the Odoo poller. In sandbox mode it first starts
 * the simulated Odoo and Plane on loopback, seeds them, and wires their webhooks to the server.
 *
 * @example
 * const agent = await startSyncAgent(config, { logger: createConsoleLogger('info') });
 * await agent.backfill;
 * process.once('SIGTERM', () => void agent.stop());
 */
export async function startSyncAgent(
  config: SyncEnvironment,
  options: StartSyncAgentOptions,
): Promise<SyncAgent> {
  const { logger } = options;
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
  // The agent redacts these (and only these) everywhere; the list is kept for the operator's checks.
  const secrets = [
    connection.odoo.apiKey,
    connection.plane.apiKey,
    connection.webhookToken,
    connection.planeWebhookSecret,
    githubWebhookSecret,
    config.slackWebhookUrl,
    options.statusPageToken ?? null,
    ...databaseSecrets(config),
  ].filter((secret): secret is string => secret !== null && secret !== '');

  const databaseFile = config.store.kind === 'sqlite' ? sqliteFileOf(config) : null;
  if (config.mode === 'sandbox' && databaseFile !== null) {
    // The simulated systems live in memory and start from the seed again; mappings from an earlier
    // sandbox would point at entities that no longer exist.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  }
  const opened = await openSyncStorage(config, { logger });
  if (opened.isErr()) {
    await sandbox?.close();
    throw new Error(opened.error.message);
  }
  const storage = opened.value;
  const stores = storage.stores;

  let opsPlaneProjectId = config.opsPlaneProjectId;
  if (sandbox !== null && opsPlaneProjectId === null)
    opsPlaneProjectId = await createSandboxOpsProject(sandbox, logger);

  let runtime: SyncRuntime;
  try {
    runtime = createSyncAgent({
      odoo: {
        baseUrl: connection.odoo.url,
        db: connection.odoo.db,
        login: connection.odoo.login,
        apiKey: connection.odoo.apiKey,
        ...(sandbox === null ? {} : { retry: sandboxRetry.client }),
      },
      plane: {
        baseUrl: connection.plane.url,
        apiKey: connection.plane.apiKey,
        workspaceSlug: connection.plane.workspace,
        edition: connection.plane.edition,
        rateLimit:
          sandbox === null
            ? { requests: connection.plane.rateLimitPerMinute, windowMs: 60_000 }
            : false,
        ...(sandbox === null ? {} : { retry: sandboxRetry.client }),
      },
      store: stores,
      ...(storage.queue === undefined ? {} : { queue: storage.queue }),
      scheduleClaims: storage.scheduleClaims,
      concurrency: config.workerConcurrency,
      secrets: {
        odooToken: connection.webhookToken,
        planeWebhookSecret: connection.planeWebhookSecret,
        ...(githubWebhookSecret === null ? {} : { githubWebhookSecret }),
      },
      sync: {
        odoo: { sourceId: connection.odoo.sourceId },
        timeZone: config.timeZone,
        ...(config.ship === undefined ? {} : { ship: config.ship }),
        ...(config.stagesByGroup === undefined
          ? {}
          : { stages: { byGroup: config.stagesByGroup } }),
        ops: opsPlaneProjectId === null ? {} : { planeProjectId: opsPlaneProjectId },
        ...(sandbox === null ? {} : { retry: sandboxRetry.engine }),
      },
      github: {
        stateMoves: config.githubStateMoves,
        ...(config.githubEnterpriseHost === undefined
          ? {}
          : { enterpriseHost: config.githubEnterpriseHost }),
      },
      ...(config.slackWebhookUrl === null ? {} : { slackWebhookUrl: config.slackWebhookUrl }),
      ...(options.statusPageToken == null ? {} : { redact: [options.statusPageToken] }),
      inboxRetry: {
        ...(sandbox === null ? {} : sandboxRetry.inbox),
        ...(config.inboxMaxAttempts === undefined ? {} : { maxAttempts: config.inboxMaxAttempts }),
      },
      ...(config.inboxRetentionDays === undefined
        ? {}
        : { inboxRetention: { processedEventsMs: config.inboxRetentionDays * 24 * 60 * 60_000 } }),
      pollOverlapSeconds: config.pollOverlapSeconds,
      schedules: {
        pollIntervalMs: config.pollIntervalSeconds * 1000,
        reconcileIntervalMs: config.reconcileIntervalMinutes * 60_000,
        retryDrainIntervalMs:
          sandbox === null ? retryDrainIntervalMs.live : retryDrainIntervalMs.sandbox,
      },
      logger,
    });
  } catch (error) {
    await storage.close();
    await sandbox?.close();
    throw error;
  }

  const app = createHttpApp(runtime, { statusPageToken: options.statusPageToken ?? null });
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

  return {
    config,
    url,
    statusPageUrl: options.statusPageToken == null ? null : `${url}${statusPagePath}`,
    engine: runtime.engine,
    stores,
    odoo: runtime.odoo,
    plane: runtime.plane,
    databaseFile,
    storeDescription: storage.description,
    sandbox,
    opsPlaneProjectId,
    notifications: runtime.notifications,
    backfill: runtime.start(),
    secrets,
    drain: runtime.drain,
    replayFailed: runtime.replayFailed,
    whenIdle: runtime.whenIdle,
    pollNow: runtime.pollNow,
    reconcileNow: runtime.reconcileNow,
    runScheduled: runtime.runScheduled,
    sandboxSecrets,
    stop: async () => {
      if (sandbox !== null) {
        // Let the simulators' deliveries in flight land before the server and the store close.
        sandbox.pauseWebhooks();
        await Promise.all([sandbox.odoo.settleWebhooks(), sandbox.plane.settleWebhooks()]);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.stop();
      await storage.close();
      await sandbox?.close();
    },
  };
}

/** The sandbox's ops project, where alerts open work items; null (logged) when Plane refused it. */
async function createSandboxOpsProject(
  sandbox: SandboxSystems,
  logger: Logger,
): Promise<string | null> {
  const plane = createPlaneClient({
    baseUrl: sandbox.planeUrl,
    apiKey: sandbox.plane.apiKey,
    workspaceSlug: sandbox.plane.workspaceSlug,
    rateLimit: false,
  });
  const ops = await plane.createProject({ name: 'Sync Operations', identifier: 'OPS' });
  if (ops.isOk()) return ops.value.id;
  logger.warn('sandbox ops project not created', { error: ops.error.kind });
  return null;
}

/** The database password (and the whole URL), kept out of logs like every other secret. */
function databaseSecrets(config: SyncEnvironment): string[] {
  if (config.store.kind !== 'postgres') return [];
  const { password } = new URL(config.store.databaseUrl);
  return [config.store.databaseUrl, ...(password === '' ? [] : [decodeURIComponent(password)])];
}

/** The sandbox's simulators as a live connection, with fresh webhook secrets per start. */
function sandboxConnection(sandbox: SandboxSystems): LiveConnection {
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
