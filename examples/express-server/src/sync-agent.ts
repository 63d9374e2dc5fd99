import type {
  SyncEnvironment,
  AgentScheduleName,
  BackfillReport,
  NotificationLog,
  PollReport,
} from '@odoo-plane-sync/agent';
import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import type {
  DrainReport,
  Logger,
  ReconcileReport,
  SyncEngine,
  SyncStores,
} from '@odoo-plane-sync/sync-core';
import { createHttpApp, statusPagePath } from './http-app.js';
import type { SandboxSystems } from './sandbox-systems.js';
import { createAgentRuntime } from './sync-agent-clients.js';
import { listenHttp, wireSandboxWebhooks } from './sync-agent-servers.js';
import { stopRunningAgent } from './sync-agent-shutdown.js';
import { connectToSystems, openAgentStorage, opsPlaneProjectOf } from './sync-agent-startup.js';

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
  const statusPageToken = options.statusPageToken ?? null;
  const { sandbox, connection, githubWebhookSecret, secrets } = await connectToSystems(config, {
    statusPageToken,
  });
  const { storage, databaseFile } = await openAgentStorage(config, sandbox, logger);
  const opsPlaneProjectId = await opsPlaneProjectOf(config, sandbox, logger);
  const runtime = await createAgentRuntime({
    config,
    connection,
    sandbox,
    storage,
    githubWebhookSecret,
    opsPlaneProjectId,
    statusPageToken,
    logger,
  });

  const app = createHttpApp(runtime, { statusPageToken });
  const { server, url } = await listenHttp(app, config);
  if (sandbox !== null) wireSandboxWebhooks(sandbox, connection, url);
  const sandboxSecrets =
    sandbox === null || githubWebhookSecret === null ? null : { githubWebhookSecret };

  return {
    config,
    url,
    statusPageUrl: statusPageToken === null ? null : `${url}${statusPagePath}`,
    engine: runtime.engine,
    stores: storage.stores,
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
    stop: () => stopRunningAgent({ sandbox, server, runtime, storage }),
  };
}
