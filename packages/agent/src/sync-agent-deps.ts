import { createOdooClient, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient, type PlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createRedactingLogger,
  createSecretRedactor,
  systemClock,
  type Clock,
  type Logger,
  type SyncStores,
} from '@odoo-plane-sync/sync-core';
import { createAgentNotifications, type AgentNotifications } from './agent-notifications.js';
import { createJsonLogger } from './json-logger.js';
import type { SyncAgentOptions } from './sync-agent-options.js';

/**
 * What the agent's parts are built from: its options, their defaults applied, the secrets to redact,
 * the redacting logger, both API clients and the notifier.
 */
export interface SyncAgentDeps {
  readonly options: SyncAgentOptions;
  readonly clock: Clock;
  readonly random: () => number;
  readonly stores: SyncStores;
  readonly timeoutSignal: (ms: number) => AbortSignal;
  /** Every secret value the options hold, kept out of logs, the ledger and notifications. */
  readonly secrets: readonly string[];
  readonly logger: Logger;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly notifications: AgentNotifications;
}

/** The agent's deps from its options (defaults: system clock, `Math.random`, JSON lines, `fetch`). */
export function createSyncAgentDeps(options: SyncAgentOptions): SyncAgentDeps {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
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
  return {
    options,
    clock,
    random,
    stores: options.store,
    timeoutSignal,
    secrets,
    logger,
    odoo,
    plane,
    notifications,
  };
}
