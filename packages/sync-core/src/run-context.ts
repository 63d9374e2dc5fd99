import { err, ok, type Result } from 'neverthrow';
import type { SyncConfig } from './config.js';
import type { OdooCapabilities } from './domain.js';
import type {
  Clock,
  EventLedger,
  LedgerEntry,
  Logger,
  Mapping,
  MappingKey,
  MappingStore,
  Notification,
  Notifier,
  OdooGateway,
  OdooModel,
  PlaneGateway,
  Upstream,
} from './ports.js';
import type { SyncError } from './sync-error.js';
import type { PlaneDirectory } from './plane-directory.js';

/** What every sync step may use; built once per engine, with a fresh correlation id per event. */
export interface RunContext {
  readonly store: MappingStore;
  readonly ledger: EventLedger;
  readonly odoo: OdooGateway;
  readonly plane: PlaneGateway;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SyncConfig;
  readonly odooCapabilities: OdooCapabilities;
  readonly planeCapabilities: { readonly relationRemoval: boolean; readonly botUserId: string };
  readonly directory: PlaneDirectory;
  /** Says a thing once per engine (the notifier also gets a dedupe key). */
  readonly notifyOnce: (notification: Notification) => Promise<void>;
  readonly correlationId: string;
  readonly cause: string;
}

/** Awaits an upstream call and turns its failure into a `SyncError` naming the operation. */
export async function callUpstream<T>(
  system: 'odoo' | 'plane',
  operation: string,
  call: Upstream<T>,
): Promise<Result<T, SyncError>> {
  const result = await call;
  return result.isOk()
    ? ok(result.value)
    : err({ kind: 'upstream', system, operation, failure: result.error });
}

/** `external_source` of a Plane entity made from an Odoo model: `odoo:<sourceId>:<model>`. */
export function externalSourceOf(context: RunContext, model: OdooModel): string {
  return `odoo:${context.config.odoo.sourceId}:${model}`;
}

/** Compare-and-set write of a mapping, as a `SyncError` when another writer won. */
export async function putMapping(
  context: RunContext,
  mapping: Omit<Mapping, 'version'>,
  expectedVersion: number | null,
): Promise<Result<Mapping, SyncError>> {
  const stored = await context.store.put(mapping, expectedVersion);
  return stored.isOk() ? ok(stored.value) : err({ kind: 'mapping-conflict', key: mapping.key });
}

/** Appends a ledger entry of this event. */
export async function record(
  context: RunContext,
  entry: Omit<LedgerEntry, 'correlationId' | 'at' | 'cause'>,
): Promise<void> {
  await context.ledger.append({
    ...entry,
    correlationId: context.correlationId,
    at: context.clock.now(),
    cause: context.cause,
  });
}

export function keyOf(model: OdooModel, odooId: number): MappingKey {
  return { model, odooId };
}

/** Today's date in the configured zone, for "is this cycle completed?". */
export function todayIn(context: RunContext): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: context.config.timeZone }).format(
    new Date(context.clock.now()),
  );
}

/** Records the *pending* mapping that must exist before any create call (decision 4). */
export async function recordPendingMapping(
  context: RunContext,
  key: MappingKey,
  planeProjectId: string | null,
): Promise<Result<Mapping, SyncError>> {
  return putMapping(
    context,
    {
      key,
      status: 'pending',
      planeId: null,
      planeProjectId,
      shadow: {},
      updatedAt: context.clock.now(),
    },
    null,
  );
}
