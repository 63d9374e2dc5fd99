import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  openSyncStorage,
  sqliteFileOf,
  type LiveConnection,
  type SyncEnvironment,
  type SyncStorage,
} from '@odoo-plane-sync/agent';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import type { Logger } from '@odoo-plane-sync/sync-core';
import { startSandboxSystems, type SandboxSystems } from './sandbox-systems.js';

/** The systems an environment names, and the secrets the agent keeps out of everything it writes. */
export interface ConnectedSystems {
  /** The simulated systems (sandbox mode only). */
  readonly sandbox: SandboxSystems | null;
  readonly connection: LiveConnection;
  readonly githubWebhookSecret: string | null;
  /** Every configured secret value (see README, "Secrets"). */
  readonly secrets: readonly string[];
}

/**
 * Environment → systems: the live connection as configured, or the simulated Odoo and Plane started on
 * loopback (seeded) with fresh webhook secrets.
 *
 * @example
 * const { sandbox, connection } = await connectToSystems(config, { statusPageToken: null });
 */
export async function connectToSystems(
  config: SyncEnvironment,
  options: { readonly statusPageToken: string | null },
): Promise<ConnectedSystems> {
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
    options.statusPageToken,
    ...databaseSecrets(config),
  ].filter((secret): secret is string => secret !== null && secret !== '');
  return { sandbox, connection, githubWebhookSecret, secrets };
}

/** The opened storage, and its SQLite file (null on Postgres). */
export interface AgentStorage {
  readonly storage: SyncStorage;
  readonly databaseFile: string | null;
}

/**
 * Systems → storage: opens the store the environment names (SQLite, or Postgres + pg-boss with
 * `DATABASE_URL`); a sandbox starts on an empty SQLite file. When the store cannot be opened the sandbox
 * is closed and the problem thrown.
 *
 * @example
 * const { storage, databaseFile } = await openAgentStorage(config, sandbox, logger);
 */
export async function openAgentStorage(
  config: SyncEnvironment,
  sandbox: SandboxSystems | null,
  logger: Logger,
): Promise<AgentStorage> {
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
  return { storage: opened.value, databaseFile };
}

/**
 * The Plane project ops alerts open work items in: the configured one, or in sandbox mode (when none is
 * configured) one created on the simulator.
 */
export async function opsPlaneProjectOf(
  config: SyncEnvironment,
  sandbox: SandboxSystems | null,
  logger: Logger,
): Promise<string | null> {
  if (sandbox !== null && config.opsPlaneProjectId === null)
    return createSandboxOpsProject(sandbox, logger);
  return config.opsPlaneProjectId;
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
