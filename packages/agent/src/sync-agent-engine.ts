import { createSyncEngine, type SyncEngine } from '@odoo-plane-sync/sync-core';
import type { SyncAgentDeps } from './sync-agent-deps.js';

/** The engine refused its configuration (raised by {@link createSyncAgent}). */
export class SyncAgentConfigError extends Error {
  override readonly name = 'SyncAgentConfigError';
  constructor(readonly problems: readonly { readonly path: string; readonly message: string }[]) {
    super(
      `sync configuration refused: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
  }
}

/**
 * The agent's engine over its stores, clients and notifier, configured from `options.sync` (the
 * workspace slug from `options.plane`, the Odoo source id defaulting to the database name). Throws
 * {@link SyncAgentConfigError} when the engine refuses the configuration.
 */
export function createAgentEngine(deps: SyncAgentDeps): SyncEngine {
  const { options, stores, odoo, plane, clock, logger, random, secrets, timeoutSignal } = deps;
  const { odoo: odooConfig, ...syncConfig } = options.sync ?? {};
  const created = createSyncEngine({
    store: stores.mappings,
    ledger: stores.ledger,
    failures: stores.failures,
    syncState: stores.syncState,
    notifier: deps.notifications.log,
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
  return created.value;
}
