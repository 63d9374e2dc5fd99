/**
 * Every port the engine talks through. Ports are small, named for their role, and each has an in-memory
 * twin under `@odoo-plane-sync/sync-core/testing` and a contract suite in the testkit. Time, logging and
 * notifications are here; the rest live by concern — the Plane gateway in `plane-ports.ts`, the Odoo
 * gateway in `odoo-ports.ts`, the `Upstream` result both gateways return in `upstream-ports.ts`, mappings
 * and the ledger in `store-ports.ts`, durable work (inbox, failures, sync state, work queue) in
 * `durable-work-ports.ts` — and are named here too, so every port is imported from this one file.
 */
export type {
  PlaneWorkItemInput,
  PlaneMembers,
  PlaneTaxonomy,
  PlaneProjects,
  PlaneCycles,
  PlaneWorkItems,
  PlaneRelations,
  PlaneComments,
  PlaneGateway,
  PlaneLinks,
} from './plane-ports.js';
export type {
  InboxSource,
  InboxStatus,
  InboxPayload,
  InboxEvent,
  Inbox,
  InboxMaintenance,
  FailureRecord,
  FailureTracker,
  SyncStateStore,
  WorkLane,
  WorkOutcome,
  WorkQueue,
} from './durable-work-ports.js';
export type {
  OdooRecordSelection,
  OdooReader,
  OdooStageRef,
  OdooWriter,
  OdooGateway,
} from './odoo-ports.js';
export type { UpstreamFailureKind, UpstreamFailure, Upstream } from './upstream-ports.js';
export type {
  OdooModel,
  MappingKey,
  ShadowValue,
  Mapping,
  MappingVersionConflict,
  MappingStore,
  LedgerOutcome,
  LedgerWrite,
  LedgerEntry,
  LedgerFilter,
  EventLedger,
  SyncStores,
} from './store-ports.js';

// ── time and logging ──────────────────────────────────────────────────────────

/** Time and waiting, injected so tests and benchmarks run on simulated time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Structured logging. Implementations need not redact: the engine replaces every configured secret
 * (`deps.secrets`) before a line reaches its logger.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// ── notifications ─────────────────────────────────────────────────────────────

export interface Notification {
  readonly severity: 'info' | 'warning' | 'alert';
  readonly title: string;
  readonly text: string;
  /** Same key, same notification: implementations and callers use it to say a thing once. */
  readonly dedupeKey: string;
}

/** What the engine's notification delivery hands to each `notify` call. */
export interface NotifyOptions {
  /** Aborted when the call's time is up (5 s by default): stop waiting for the far end then. */
  readonly signal?: AbortSignal;
}

/**
 * Tells people about things they must act on (unmapped users, unsupported removals, repeated failures).
 * Resolves once the notification is delivered; rejects when it could not be, so that the engine's
 * delivery queue retries it. The engine never awaits it on a sync's path (see `notification-outbox.ts`).
 */
export interface Notifier {
  notify(notification: Notification, options?: NotifyOptions): Promise<void>;
}
