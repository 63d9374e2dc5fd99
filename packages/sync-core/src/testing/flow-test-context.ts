import { parseSyncConfig, type SyncConfigInput } from '../config.js';
import type { FlowContext } from '../flows/flow-context.js';
import { createNotifyOnce } from '../flows/notify-once.js';
import { createPlaneDirectory } from '../flows/plane-directory.js';
import type { ShipSignals } from '../flows/task/ship-signal.js';
import type { Clock, EventLedger, MappingStore, SyncStateStore } from '../ports.js';
import { createInMemoryEventLedger } from './in-memory-event-ledger.js';
import { createInMemoryMappingStore } from './in-memory-mapping-store.js';
import { createInMemorySyncStateStore } from './in-memory-sync-state-store.js';
import { createMemoryLogger, type MemoryLogger } from './memory-logger.js';
import {
  createInMemoryOdooGateway,
  odoo17Capabilities,
  type InMemoryOdooGateway,
} from './in-memory-odoo-gateway.js';
import {
  createInMemoryPlaneGateway,
  type InMemoryPlaneGateway,
} from './in-memory-plane-gateway.js';
import { createRecordingNotifier, type RecordingNotifier } from './recording-notifier.js';

/** A clock that only moves when something sleeps on it (no real time passes in a flow test). */
function steppingClock(start: number): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

const noShipSignals: ShipSignals = {
  shipped: { kind: 'off', reason: 'ship.signal is off' },
  deployed: { kind: 'off', reason: 'ship.deployed is off' },
  shippedAt: { kind: 'seen' },
};

/** A flow's context on in-memory twins, with the stores and twins open for the test to inspect. */
export interface FlowTestContext extends FlowContext<InMemoryPlaneGateway, InMemoryOdooGateway> {
  readonly store: MappingStore;
  readonly ledger: EventLedger;
  readonly syncState: SyncStateStore;
  readonly notifier: RecordingNotifier;
  readonly logger: MemoryLogger;
}

/**
 * Builds the context the engine gives a flow, on the in-memory gateway twins and store twins, for flow unit
 * tests: one event (correlation id `test-event`), serial keys taken at once (a test runs one flow at a
 * time), a clock that moves only when slept on. Not part of the public `testing` door: `FlowContext` is
 * internal to sync-core.
 */
export function createFlowTestContext(
  options: {
    readonly plane?: InMemoryPlaneGateway;
    readonly odoo?: InMemoryOdooGateway;
    readonly config?: Partial<SyncConfigInput>;
    readonly shipSignals?: ShipSignals;
    readonly now?: number;
  } = {},
): FlowTestContext {
  const plane = options.plane ?? createInMemoryPlaneGateway();
  const odoo = options.odoo ?? createInMemoryOdooGateway();
  const clock = steppingClock(options.now ?? Date.parse('2026-03-02T09:00:00Z'));
  const parsed = parseSyncConfig({
    plane: { workspaceSlug: 'acme' },
    odoo: { sourceId: 'test' },
    ...options.config,
  });
  if (parsed.isErr()) throw new Error(`flow test config refused: ${JSON.stringify(parsed.error)}`);
  const config = parsed.value;
  const notifier = createRecordingNotifier();
  return {
    store: createInMemoryMappingStore(() => clock.now()),
    ledger: createInMemoryEventLedger(),
    odoo,
    plane,
    notifier,
    syncState: createInMemorySyncStateStore(),
    clock,
    logger: createMemoryLogger(),
    config,
    odooCapabilities: odoo17Capabilities,
    planeCapabilities: { relationRemoval: false, botUserId: 'plane-bot' },
    shipSignals: options.shipSignals ?? noShipSignals,
    directory: createPlaneDirectory({ plane, odoo, clock, config }),
    notifyOnce: createNotifyOnce(notifier),
    correlationId: 'test-event',
    cause: 'flow test',
    runSerially: (_key, work) => work(),
    pendingRecordedHere: new Map(),
  };
}
