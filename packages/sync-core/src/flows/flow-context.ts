import type { SyncConfig } from '../config.js';
import type { OdooCapabilities } from '../domain.js';
import type {
  Clock,
  EventLedger,
  Logger,
  MappingKey,
  MappingStore,
  Notification,
  Notifier,
  OdooGateway,
  PlaneGateway,
  SyncStateStore,
} from '../ports.js';
import type { PlaneDirectory } from './plane-directory.js';
import type { ShipSignals } from './task/ship-signal.js';

/**
 * What every sync step may use; built once per engine, with a fresh correlation id per event. `Plane` and
 * `Odoo` are the gateway methods a flow calls (a `Pick` of the gateways, declared beside the flow): the
 * engine passes the whole gateways, a flow's unit test an in-memory twin with just those methods.
 */
export interface FlowContext<Plane = PlaneGateway, Odoo = OdooGateway> {
  readonly store: MappingStore;
  readonly ledger: EventLedger;
  readonly odoo: Odoo;
  readonly plane: Plane;
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

/** Today's date in the configured zone, for "is this cycle completed?". */
export function todayIn(context: Pick<FlowContext<unknown, unknown>, 'config' | 'clock'>): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: context.config.timeZone }).format(
    new Date(context.clock.now()),
  );
}
