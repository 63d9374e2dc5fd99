import {
  clientOptionsOf,
  createSyncAgent,
  type LiveConnection,
  type SyncAgent as SyncRuntime,
  type SyncAgentOptions,
  type SyncEnvironment,
  type SyncStorage,
} from '@odoo-plane-sync/agent';
import type { Logger } from '@odoo-plane-sync/sync-core';
import type { SandboxSystems } from './sandbox-systems.js';
import { agentSchedulesOf } from './sync-agent-servers.js';

/**
 * The sandbox's simulated outages should end in seconds, not minutes: shorter backoff than the defaults
 * meant for real servers (which keep their defaults in live mode).
 */
const sandboxRetry = {
  engine: { attempts: 4, baseDelayMs: 200, maxDelayMs: 2_000 },
  client: { limit: 1, backoffMs: 100, maxDelayMs: 1_000 },
  inbox: { delaysMs: [2_000, 10_000, 60_000] },
} as const;

/** What the agent's clients and engine are built from. */
export interface AgentRuntimeParts {
  readonly config: SyncEnvironment;
  readonly connection: LiveConnection;
  readonly sandbox: SandboxSystems | null;
  readonly storage: SyncStorage;
  readonly githubWebhookSecret: string | null;
  readonly opsPlaneProjectId: string | null;
  readonly statusPageToken: string | null;
  readonly logger: Logger;
}

/**
 * Storage → clients: both API clients and the engine on the opened storage. When the agent cannot be
 * built the storage and the sandbox are closed and the error thrown.
 *
 * @example
 * const runtime = await createAgentRuntime({ config, connection, sandbox, storage, … });
 */
export async function createAgentRuntime(parts: AgentRuntimeParts): Promise<SyncRuntime> {
  try {
    return createSyncAgent(syncAgentOptionsOf(parts));
  } catch (error) {
    await parts.storage.close();
    await parts.sandbox?.close();
    throw error;
  }
}

/** The environment as the agent's options (sandbox mode: no rate limit and short retries). */
function syncAgentOptionsOf(parts: AgentRuntimeParts): SyncAgentOptions {
  const { config, connection, storage, githubWebhookSecret, opsPlaneProjectId } = parts;
  const sandboxed = parts.sandbox !== null;
  return {
    ...clientOptionsInMode(connection, sandboxed),
    store: storage.stores,
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
      ...(config.stagesByGroup === undefined ? {} : { stages: { byGroup: config.stagesByGroup } }),
      ops: opsPlaneProjectId === null ? {} : { planeProjectId: opsPlaneProjectId },
      ...(sandboxed ? { retry: sandboxRetry.engine } : {}),
    },
    github: {
      stateMoves: config.githubStateMoves,
      ...(config.githubEnterpriseHost === undefined
        ? {}
        : { enterpriseHost: config.githubEnterpriseHost }),
    },
    ...(config.slackWebhookUrl === null ? {} : { slackWebhookUrl: config.slackWebhookUrl }),
    ...(parts.statusPageToken === null ? {} : { redact: [parts.statusPageToken] }),
    inboxRetry: {
      ...(sandboxed ? sandboxRetry.inbox : {}),
      ...(config.inboxMaxAttempts === undefined ? {} : { maxAttempts: config.inboxMaxAttempts }),
    },
    ...(config.inboxRetentionDays === undefined
      ? {}
      : { inboxRetention: { processedEventsMs: config.inboxRetentionDays * 24 * 60 * 60_000 } }),
    pollOverlapSeconds: config.pollOverlapSeconds,
    schedules: agentSchedulesOf(config, sandboxed),
    logger: parts.logger,
  };
}

/** How to reach Odoo and Plane; in the sandbox without a rate limit and with short retries. */
function clientOptionsInMode(
  connection: LiveConnection,
  sandboxed: boolean,
): Pick<SyncAgentOptions, 'odoo' | 'plane'> {
  const live = clientOptionsOf(connection);
  if (!sandboxed) return live;
  return {
    odoo: { ...live.odoo, retry: sandboxRetry.client },
    plane: { ...live.plane, rateLimit: false, retry: sandboxRetry.client },
  };
}
