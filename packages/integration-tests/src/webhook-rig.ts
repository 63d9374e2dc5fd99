import { setupServer } from 'msw/node';
import {
  createInboxProcessor,
  createWebhookIngestor,
  type InboxProcessor,
  type SyncEngine,
  type WebhookIngestor,
  type WebhookSecrets,
} from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox, createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import type { Harness } from './harness.js';
import { webhookReceiver } from './webhook-receiver.js';

/** The live path on the simulators, as a host wires it, for tests and benches that drain it themselves. */
export interface WebhookRig {
  readonly inbox: ReturnType<typeof createInMemoryInbox>;
  readonly ingestor: WebhookIngestor;
  /** msw server with both simulators and the webhook routes at `hooks`; listen and close it yourself. */
  readonly server: ReturnType<typeof setupServer>;
  readonly engine: SyncEngine;
  readonly processor: InboxProcessor;
}

/**
 * Simulator deliveries → `createWebhookIngestor` → in-memory inbox → `createInboxProcessor` → the engine:
 * the path every "nothing lost" test must go through (no reconciliation behind it).
 *
 * @example
 * const rig = createWebhookRig(harness, { secrets, hooks: 'http://hooks.test/webhooks' });
 * beforeAll(() => rig.server.listen({ onUnhandledRequest: 'error' }));
 */
export function createWebhookRig(
  harness: Harness,
  options: {
    readonly secrets: WebhookSecrets;
    readonly hooks: string;
    /** The engine the processor runs; a default `harness.createEngine()` otherwise. */
    readonly engine?: SyncEngine;
  },
): WebhookRig {
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({ inbox, clock: harness.clock, secrets: options.secrets });
  const server = setupServer(
    ...harness.plane.handlers,
    ...harness.odoo.handlers,
    ...webhookReceiver(ingestor, options.hooks),
  );
  const engine = options.engine ?? harness.createEngine();
  const processor = createInboxProcessor({
    inbox,
    engine,
    clock: harness.clock,
    logger: createMemoryLogger(),
  });
  return { inbox, ingestor, server, engine, processor };
}
