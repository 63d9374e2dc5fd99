import { err, ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { OdooCapabilities } from '../domain.js';
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
  SyncStateStore,
  Upstream,
} from '../ports.js';
import type { SyncError } from '../sync-error.js';
import type { PlaneDirectory } from './plane-directory.js';
import type { ShipSignals } from './task/ship-signal.js';

/** What every sync step may use; built once per engine, with a fresh correlation id per event. */
export interface RunContext {
  readonly store: MappingStore;
  readonly ledger: EventLedger;
  readonly odoo: OdooGateway;
  readonly plane: PlaneGateway;
  readonly notifier: Notifier;
  /** Small named records (last reconciliation, ship signal, unmapped state groups). */
  readonly syncState: SyncStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SyncConfig;
  readonly odooCapabilities: OdooCapabilities;
  readonly planeCapabilities: { readonly relationRemoval: boolean; readonly botUserId: string };
  /** What says "shipped" in this Odoo, detected at start-up. */
  readonly shipSignals: ShipSignals;
  readonly directory: PlaneDirectory;
  /** Says a thing once per engine (the notifier also gets a dedupe key). */
  readonly notifyOnce: (notification: Notification) => Promise<void>;
  readonly correlationId: string;
  readonly cause: string;
  /**
   * Runs `work` holding the serial key of one Odoo record (`project.task:7`, the key of that record's own
   * jobs), so the jobs of one engine that create or ensure the same record run one at a time. Re-entrant
   * within an event: a job that already holds the key (its own job, an outer step) does not wait on itself.
   */
  readonly runSerially: <T>(key: MappingKey, work: () => Promise<T>) => Promise<T>;
  /**
   * Pending mappings this engine recorded (serial key → version). Their creator ran under the key, so a
   * job holding the key knows it is no longer running; any other pending mapping belongs to another worker.
   */
  readonly pendingRecordedHere: Map<string, number>;
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

/**
 * Compare-and-set write that turns a pending mapping active. When another worker activated the same pending
 * mapping first with the same Plane entity (both adopted one create), the outcome is the same: it is returned.
 */
export async function activateMapping(
  context: RunContext,
  mapping: Omit<Mapping, 'version'> & { readonly status: 'active'; readonly planeId: string },
  pendingVersion: number,
): Promise<Result<Mapping, SyncError>> {
  const stored = await putMapping(context, mapping, pendingVersion);
  const current = stored.isOk() ? stored.value : await context.store.get(mapping.key);
  if (current?.status !== 'active' || current.planeId !== mapping.planeId) return stored;
  context.pendingRecordedHere.delete(serialKeyOf(mapping.key));
  return ok(current);
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

/** The serial key of an Odoo record, the same as its own jobs' (`entityKeyOf`): `project.task:7`. */
export function serialKeyOf(key: MappingKey): string {
  return `${key.model}:${key.odooId}`;
}

/** Today's date in the configured zone, for "is this cycle completed?". */
export function todayIn(context: RunContext): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: context.config.timeZone }).format(
    new Date(context.clock.now()),
  );
}
