import type { Result } from 'neverthrow';
import type { OdooCapabilities, OdooMilestone, OdooProject, OdooTask, OdooUser } from './domain.js';
import type {
  FailureTracker,
  Inbox,
  InboxMaintenance,
  SyncStateStore,
} from './durable-work-ports.js';

/**
 * Every port the engine talks through. Ports are small, named for their role, and each has an in-memory
 * twin under `@odoo-plane-sync/sync-core/testing` and a contract suite in the testkit. The Plane gateway's
 * ports are in `plane-ports.ts`, those of durable work (inbox, failures, sync state, work queue) in
 * `durable-work-ports.ts`; both are named here too, so every port is imported from this one file.
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

// ── mappings and shadow ───────────────────────────────────────────────────────

/** The Odoo side of a mapping. */
export type OdooModel = 'project.project' | 'project.milestone' | 'project.task';

export interface MappingKey {
  readonly model: OdooModel;
  readonly odooId: number;
}

/** Normalised value of a field as last synced (JSON-serialisable). */
export type ShadowValue = string | number | boolean | null | readonly string[];

/**
 * One Odoo record ↔ one Plane entity.
 * - `pending`: recorded *before* the Plane create call (decision 4), `planeId` still null. A pending mapping
 *   found after a crash is resolved by looking the entity up by its external id before creating anything.
 * - `active`: the Plane entity exists; `shadow` holds what was last written to / read from Plane.
 */
export interface Mapping {
  readonly key: MappingKey;
  readonly status: 'pending' | 'active';
  readonly planeId: string | null;
  /** The Plane project the entity lives in (the project's own id for a project mapping). */
  readonly planeProjectId: string | null;
  readonly shadow: Readonly<Record<string, ShadowValue>>;
  /** Incremented by every successful `put`; used for compare-and-set. */
  readonly version: number;
  readonly updatedAt: number;
}

export interface MappingVersionConflict {
  readonly kind: 'version-conflict';
  readonly key: MappingKey;
  readonly expectedVersion: number | null;
  readonly actualVersion: number | null;
}

/**
 * Mapping records with a per-field shadow.
 * Atomicity: `put` is a compare-and-set on `version`: it succeeds only when the stored version equals
 * `expectedVersion` (`null` = no mapping may exist yet), and stores the mapping with `version + 1`.
 * Several workers may share one store; the loser of a race gets `version-conflict` and re-reads.
 */
export interface MappingStore {
  /** The mapping of an Odoo record, or null when it was never mapped. */
  get(key: MappingKey): Promise<Mapping | null>;
  /** The mapping that points at a Plane entity id, or null. */
  findByPlaneId(planeId: string): Promise<Mapping | null>;
  /** Compare-and-set write; returns the stored mapping (with its new version). */
  put(
    mapping: Omit<Mapping, 'version'>,
    expectedVersion: number | null,
  ): Promise<Result<Mapping, MappingVersionConflict>>;
  /** Every mapping, optionally of one model and/or one Plane project, in a stable order. */
  list(filter?: {
    readonly model?: OdooModel;
    readonly planeProjectId?: string;
  }): Promise<Mapping[]>;
  /**
   * How many mappings each model has, optionally only those in one status; every model is present (0 when
   * it has none). Counted in the store, so `/status` never loads the mappings themselves.
   */
  count(filter?: {
    readonly status?: Mapping['status'];
  }): Promise<Readonly<Record<OdooModel, number>>>;
}

// ── audit ledger ──────────────────────────────────────────────────────────────

export type LedgerOutcome =
  'applied' | 'unchanged' | 'deferred' | 'conflict' | 'skipped' | 'failed';

/** One Plane or Odoo write made while handling an event. */
export interface LedgerWrite {
  readonly system: 'plane' | 'odoo';
  readonly operation: string;
  readonly target: string;
  readonly fields?: readonly string[];
}

/**
 * One audit record: cause → decision → writes → outcome. `correlationId` ties together every record of
 * one event. Secrets never enter it.
 */
export interface LedgerEntry {
  readonly correlationId: string;
  readonly at: number;
  readonly cause: string;
  readonly entity: {
    readonly model: OdooModel | 'plane';
    readonly odooId?: number;
    readonly planeId?: string;
  };
  readonly decision: string;
  readonly writes: readonly LedgerWrite[];
  readonly outcome: LedgerOutcome;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Which ledger entries `list` and `count` look at; every member narrows the selection. */
export interface LedgerFilter {
  readonly correlationId?: string;
  readonly outcome?: LedgerOutcome;
  /** Only entries whose `at` is earlier than this (epoch ms): what an archive run would take. */
  readonly before?: number;
}

/**
 * Append-only audit ledger. `append` never rewrites an earlier entry; the only way an entry leaves is
 * `prune`, an explicit retention step an operator runs (the sync itself never calls it).
 */
export interface EventLedger {
  append(entry: LedgerEntry): Promise<void>;
  /**
   * Entries in append order, optionally filtered; `last` keeps only the last N matching entries (still in
   * append order), so a status page reads a bounded tail.
   */
  list(filter?: LedgerFilter & { readonly last?: number }): Promise<LedgerEntry[]>;
  /** How many entries match, counted in the store. */
  count(filter?: LedgerFilter): Promise<number>;
  /**
   * Deletes every entry whose `at` is earlier than `before` and returns how many it deleted. Archive first
   * (`list({ before })`) when the audit trail must be kept elsewhere; see `archiveLedger`.
   */
  prune(before: number): Promise<number>;
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

// ── the two systems ───────────────────────────────────────────────────────────

/**
 * What a client failure means, as both client packages classify it (their `PlaneFailureKind` and
 * `OdooFailureKind` have these names): `conflict` (the resource exists already), `not-found`,
 * `forbidden`, `auth` (credentials refused), `validation`, `rate-limited`, `timeout`, `unavailable`,
 * `network`, `concurrency` (rolled back by a concurrent transaction), `redirect`, `invalid-response`,
 * `unsupported`, `rejected` (any other refusal). The core decides on these, never on a status number.
 */
export type UpstreamFailureKind =
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'network'
  | 'concurrency'
  | 'redirect'
  | 'invalid-response'
  | 'unsupported'
  | 'rejected';

/**
 * A failure reported by a client. Both client packages' error unions satisfy this shape; the core decides
 * on `failureKind` and `retryable` (see `classify-failure.ts`); `kind`, `status` and the rest are for
 * messages.
 */
export interface UpstreamFailure {
  /** What happened on the wire (`http`, `rpc`, `network`…), for messages. */
  readonly kind: string;
  /** What it means; the clients always set it. */
  readonly failureKind?: UpstreamFailureKind;
  /** Whether the same call may succeed later; the clients compute it from `failureKind`, once. */
  readonly retryable?: boolean;
  readonly status?: number;
  readonly body?: unknown;
  readonly name?: string;
  readonly message?: string;
  readonly retryAfterMs?: number;
  /** Where a redirect pointed (Plane's `redirect` kind); redirects are never followed. */
  readonly location?: string | null;
}

/**
 * What the client packages return: a thenable of a Result. Shaped like neverthrow's `ResultAsync.then`
 * (whose callbacks may be omitted but not null), so the clients satisfy it without adapters.
 */
export interface Upstream<T> {
  then<A, B = never>(
    onSuccess?: (result: Result<T, UpstreamFailure>) => A | PromiseLike<A>,
    onFailure?: (reason: unknown) => B | PromiseLike<B>,
  ): PromiseLike<A | B>;
}

/**
 * Which records a read returns: these ids (deleted ones skipped, as Odoo's `read` does), or every record an
 * Odoo domain matches, read in one `search_read` — so a read across every synced project is one call, not
 * a search and a read per project.
 */
export type OdooRecordSelection =
  | readonly number[]
  | {
      readonly domain: readonly unknown[];
      readonly order?: string;
      readonly context?: Record<string, unknown>;
    };

/** Reads the core needs from Odoo. `@odoo-plane-sync/odoo-client` satisfies it. */
export interface OdooReader {
  readProjects(ids: readonly number[]): Upstream<readonly OdooProject[]>;
  readMilestones(selection: OdooRecordSelection): Upstream<readonly OdooMilestone[]>;
  /**
   * `extraFields` (the ship signal's custom fields) are read too and returned decoded in `extraFields`;
   * names the server lacks are skipped.
   */
  readTasks(
    selection: OdooRecordSelection,
    options?: { readonly extraFields?: readonly string[] },
  ): Upstream<readonly OdooTask[]>;
  readUsers(ids: readonly number[]): Upstream<readonly OdooUser[]>;
  search(
    model: string,
    domain: readonly unknown[],
    options?: { readonly order?: string; readonly context?: Record<string, unknown> },
  ): Upstream<readonly number[]>;
  capabilities(): Upstream<OdooCapabilities>;
}

/** A task stage as the Plane → Odoo flow needs it. */
export interface OdooStageRef {
  readonly id: number;
  readonly name: string;
}

/**
 * The only writes the core makes to Odoo: a task's stage, a chatter message and a to-do activity (the ship
 * review). It never creates tasks and never writes the ship fields (decision 9).
 */
export interface OdooWriter {
  write(model: string, ids: readonly number[], values: Record<string, unknown>): Upstream<unknown>;
  /** The stages a project's tasks can be in. */
  listStages(projectId: number): Upstream<readonly OdooStageRef[]>;
  postMessage(taskId: number, html: string): Upstream<unknown>;
  scheduleActivity(input: {
    readonly resId: number;
    readonly summary: string;
    readonly note?: string;
    readonly userId: number;
    readonly dateDeadline: string;
  }): Upstream<unknown>;
}

/** Everything the core needs from Odoo. `@odoo-plane-sync/odoo-client` satisfies it. */
export type OdooGateway = OdooReader & OdooWriter;

/**
 * Every store a host runs the engine, the inbox and the poller on: one object per backend (SQLite's
 * `createSqliteStores`, a Postgres store…), so hosts and the agent are typed by these ports, not by a
 * technology. Closing is the opener's business, so it is not part of it.
 */
export interface SyncStores {
  readonly mappings: MappingStore;
  readonly ledger: EventLedger;
  readonly inbox: Inbox & InboxMaintenance;
  readonly failures: FailureTracker;
  readonly syncState: SyncStateStore;
}
