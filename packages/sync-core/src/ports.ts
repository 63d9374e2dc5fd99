import type { Result } from 'neverthrow';
import type {
  OdooCapabilities,
  OdooMilestone,
  OdooProject,
  OdooTask,
  OdooUser,
  PlaneCycle,
  PlaneLabel,
  PlaneMember,
  PlanePriority,
  PlaneProject,
  PlaneState,
  PlaneWorkItem,
} from './domain.js';
import type { SyncJob, SyncJobOfKind } from './sync-job.js';

/**
 * Every port the engine talks through. Ports are small, named for their role, and each has an in-memory
 * twin under `@odoo-plane-sync/sync-core/testing` and a contract suite in the testkit.
 */

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

export interface PlaneWorkItemInput {
  readonly name?: string;
  readonly descriptionHtml?: string;
  readonly stateId?: string;
  readonly priority?: PlanePriority;
  readonly startDate?: string | null;
  readonly targetDate?: string | null;
  readonly assigneeIds?: readonly string[];
  readonly labelIds?: readonly string[];
  readonly parentId?: string | null;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Plane's people: the bot user, workspace members (for e-mail matching) and project membership. */
export interface PlaneMembers {
  /**
   * The bot user and whether relations can be removed. With `known.relationRemoval` (configured edition,
   * or an earlier detection) the gateway trusts it and sends no probe; the bot user is always read.
   */
  detectCapabilities(known?: {
    readonly relationRemoval?: boolean;
  }): Upstream<{ readonly relationRemoval: boolean; readonly botUserId: string }>;
  listWorkspaceMembers(): Upstream<readonly PlaneMember[]>;
  listProjectMembers(projectId: string): Upstream<readonly PlaneMember[]>;
  /** Plane silently drops assignees who are not project members, so the sync adds them first. */
  addProjectMember(projectId: string, input: { readonly userId: string }): Upstream<unknown>;
}

/** Plane's per-project vocabulary: workflow states and labels. */
export interface PlaneTaxonomy {
  listStates(projectId: string): Upstream<readonly PlaneState[]>;
  listLabels(projectId: string): Upstream<readonly PlaneLabel[]>;
  createLabel(
    projectId: string,
    input: { readonly name: string; readonly color?: string },
  ): Upstream<PlaneLabel>;
}

/** Plane projects. Plane has no external-id lookup for projects: `listProjects` finds one after a crash. */
export interface PlaneProjects {
  listProjects(): Upstream<
    readonly (PlaneProject & {
      readonly externalId?: string | null;
      readonly externalSource?: string | null;
    })[]
  >;
  createProject(input: {
    readonly name: string;
    readonly identifier: string;
    readonly description?: string;
    readonly projectLeadId?: string;
    readonly cycleView?: boolean;
    readonly externalId?: string;
    readonly externalSource?: string;
  }): Upstream<PlaneProject>;
  updateProject(
    projectId: string,
    patch: {
      readonly name?: string;
      readonly description?: string;
      readonly projectLeadId?: string | null;
      readonly cycleView?: boolean;
    },
  ): Upstream<PlaneProject>;
}

/** Plane cycles and their work items. */
export interface PlaneCycles {
  listCycles(projectId: string): Upstream<
    readonly (PlaneCycle & {
      readonly externalId?: string | null;
      readonly externalSource?: string | null;
      readonly status?: string | null;
    })[]
  >;
  createCycle(
    projectId: string,
    input: {
      readonly name: string;
      readonly description?: string;
      readonly startDate?: string | null;
      readonly endDate?: string | null;
      readonly externalId?: string;
      readonly externalSource?: string;
    },
  ): Upstream<{ readonly cycle: PlaneCycle; readonly created: boolean }>;
  updateCycle(
    projectId: string,
    cycleId: string,
    patch: {
      readonly name?: string;
      readonly description?: string;
      readonly startDate?: string | null;
      readonly endDate?: string | null;
    },
  ): Upstream<PlaneCycle>;
  addCycleWorkItems(
    projectId: string,
    cycleId: string,
    workItemIds: readonly string[],
  ): Upstream<unknown>;
  removeCycleWorkItem(projectId: string, cycleId: string, workItemId: string): Upstream<unknown>;
  listCycleWorkItems(projectId: string, cycleId: string): Upstream<readonly PlaneWorkItem[]>;
}

/** Plane work items. A create with `externalId` is idempotent: a 409 resolves to the existing item. */
export interface PlaneWorkItems {
  createWorkItem(
    projectId: string,
    input: PlaneWorkItemInput,
  ): Upstream<{ readonly workItem: PlaneWorkItem; readonly created: boolean }>;
  updateWorkItem(
    projectId: string,
    workItemId: string,
    patch: PlaneWorkItemInput,
  ): Upstream<PlaneWorkItem>;
  getWorkItem(projectId: string, workItemId: string): Upstream<PlaneWorkItem>;
  findWorkItemByExternalId(
    projectId: string,
    externalId: string,
    externalSource: string,
  ): Upstream<PlaneWorkItem | null>;
  /** One page of a project's work items (reconciliation reads 100 per call instead of one GET per item). */
  listWorkItems(
    projectId: string,
    options?: { readonly perPage?: number; readonly cursor?: string },
  ): Upstream<{ readonly results: readonly PlaneWorkItem[]; readonly nextCursor: string | null }>;
}

/** Plane work-item relations. CE has no public removal endpoint (see `detectCapabilities`). */
export interface PlaneRelations {
  listRelations(
    projectId: string,
    workItemId: string,
  ): Upstream<{ readonly blockedBy: readonly string[] }>;
  createRelation(
    projectId: string,
    workItemId: string,
    input: { readonly relationType: 'blocked_by'; readonly workItemIds: readonly string[] },
  ): Upstream<unknown>;
  removeRelation(
    projectId: string,
    workItemId: string,
    relatedWorkItemId: string,
  ): Upstream<unknown>;
}

/** Plane comments. A comment with an external id is created at most once. */
export interface PlaneComments {
  createComment(
    projectId: string,
    workItemId: string,
    input: {
      readonly commentHtml: string;
      readonly externalId?: string;
      readonly externalSource?: string;
    },
  ): Upstream<{ readonly created: boolean }>;
}

/** Everything the core needs from Plane. `@odoo-plane-sync/plane-client` satisfies it. */
export type PlaneGateway = PlaneMembers &
  PlaneTaxonomy &
  PlaneProjects &
  PlaneCycles &
  PlaneWorkItems &
  PlaneRelations &
  PlaneComments;

// ── durable work: inbox, failures, sync state ────────────────────────────────

/** Where an accepted webhook or poll result came from. */
export type InboxSource = 'odoo' | 'plane' | 'github' | 'poller';

/**
 * Where an inbox event is in its life:
 * - `pending`: waiting to run (new, re-armed, or due for its automatic retry);
 * - `done`: ran well (kept for the retention period, then pruned);
 * - `failed`: its last run failed; retried automatically at `retryAt`;
 * - `dead`: failed too often (dead letter): runs again only when replayed or delivered again.
 */
export type InboxStatus = 'pending' | 'done' | 'failed' | 'dead';

/**
 * What an inbox event holds, one shape per source: the jobs its delivery or poll was normalised to,
 * never the raw body. `source` repeats the event's, so a payload that does not fit its source fails to
 * typecheck where it is written, and the processor can tell a stored payload of the wrong shape.
 */
export type InboxPayload =
  | { readonly source: 'odoo'; readonly jobs: readonly SyncJobOfKind<'odoo-record'>[] }
  | { readonly source: 'plane'; readonly jobs: readonly SyncJobOfKind<'plane-work-item'>[] }
  | { readonly source: 'github'; readonly jobs: readonly SyncJobOfKind<'github-signal'>[] }
  | { readonly source: 'poller'; readonly jobs: readonly SyncJob[] };

export interface InboxEvent {
  readonly id: string;
  readonly source: InboxSource;
  /** Deliveries with the same key are one event (Plane re-sends, Odoo's repeated POSTs). */
  readonly dedupeKey: string;
  /** The entity the event is about (`project.task:42`, `plane:work-item:<uuid>`): the serial key. */
  readonly entityKey: string;
  /** The jobs normalised from the verified delivery or the poll (JSON-serialisable; never secrets). */
  readonly payload: InboxPayload;
  readonly receivedAt: number;
  readonly status: InboxStatus;
  /** Runs so far (completed or failed). */
  readonly attempts: number;
  readonly lastError: string | null;
  /** When a `failed` event is retried automatically (epoch ms); null in every other status. */
  readonly retryAt: number | null;
}

/**
 * The durable inbox (decision 1): an event is acknowledged (202) only once it is here, so a crash loses
 * nothing. `add` is idempotent on `dedupeKey` — except that a key never keeps a change from running
 * again: a re-delivery of a dead-lettered event re-arms it (pending, `accepted: true`), and a failed one
 * is retried anyway at its `retryAt`. Retry timing and dead-lettering are the caller's rules (see
 * `createInboxProcessor`); the store only records them. See `InboxMaintenance` for retries and retention.
 */
export interface Inbox {
  /** Stores a new event; `accepted: false` (and the existing id) when the dedupe key was seen before. */
  add(
    event: Pick<InboxEvent, 'source' | 'dedupeKey' | 'entityKey' | 'payload' | 'receivedAt'>,
  ): Promise<{ readonly accepted: boolean; readonly id: string }>;
  /** Pending events, oldest first. */
  pending(limit?: number): Promise<InboxEvent[]>;
  /** Marks an event done at `at` (attempts + 1); pruning counts its age from then. */
  complete(id: string, at: number): Promise<void>;
  /**
   * Marks an event failed with its cause (attempts + 1), to be retried at `retryAt`; `retryAt` null
   * dead-letters it. `requeue` makes a failed or dead event pending again (an explicit replay).
   */
  fail(id: string, error: string, retryAt: number | null): Promise<void>;
  requeue(id: string): Promise<void>;
  /** Events by status, for `/status` and tests. */
  count(status: InboxStatus): Promise<number>;
}

/**
 * The inbox's upkeep, a second small port beside `Inbox` (every inbox implements both): automatic
 * retries, the failed list an operator sees, and retention of processed events.
 */
export interface InboxMaintenance {
  /** Makes every `failed` event whose `retryAt` is at or before `now` pending again; returns how many. */
  requeueDue(now: number): Promise<number>;
  /** Failed and dead events, most recently received first, at most `limit` of them. */
  listFailed(limit: number): Promise<InboxEvent[]>;
  /** Deletes `done` events completed before `before` (epoch ms); returns how many. Others are kept. */
  pruneDone(before: number): Promise<number>;
}

export interface FailureRecord {
  readonly entityKey: string;
  /** Failures in a row since the last success. */
  readonly consecutive: number;
  readonly lastCause: string;
  readonly lastAt: number;
  /** When ops were alerted for this streak (null: not yet). */
  readonly alertedAt: number | null;
}

/**
 * Consecutive failures per entity, so that the third one in a row alerts once (decision 7) and a later
 * success can be reported as a recovery.
 */
export interface FailureTracker {
  recordFailure(entityKey: string, cause: string, at: number): Promise<FailureRecord>;
  /** Resets the streak; returns the streak that ended (null when there was none). */
  recordSuccess(entityKey: string): Promise<FailureRecord | null>;
  markAlerted(entityKey: string, at: number): Promise<void>;
  /** Entities whose last attempt failed. */
  listOpen(): Promise<FailureRecord[]>;
}

/** Small named JSON values that must survive restarts: poll cursors, the last reconciliation's summary. */
export interface SyncStateStore {
  get(name: string): Promise<unknown>;
  put(name: string, value: unknown): Promise<void>;
}

// ── work queue ────────────────────────────────────────────────────────────────

/** Priority lanes: live webhooks before reconciliation before backfill. */
export type WorkLane = 'live' | 'reconcile' | 'backfill';

/** How a queued job ended: `failed` carries a one-line cause safe for logs (no secrets). */
export type WorkOutcome =
  { readonly status: 'done' } | { readonly status: 'failed'; readonly reason: string };

/**
 * Where inbox events wait to run, so that a Postgres or SQS queue can replace the in-process one.
 * Jobs with the same `entityKeyOf` key run one at a time, and a newer job for a key that is still waiting
 * replaces the older one (latest pending wins): the promise of a replaced job settles with the outcome of
 * the job that replaced it. A durable queue resolves `done` once the job is handed off durably.
 *
 * In-process, `enqueue` settles with the run's outcome. A distributed queue (workers elsewhere run the
 * jobs) settles `done` when the job is stored and `failed` when it could not be stored; the run's own
 * failure is then retried and dead-lettered by that queue, not reported here. `enqueue` never rejects.
 * Every implementation runs testkit's `describeWorkQueueContract`.
 */
export interface WorkQueue {
  enqueue(job: SyncJob, options?: { readonly lane?: WorkLane }): Promise<WorkOutcome>;
  /** Jobs waiting or running (a distributed queue: those this instance is handing over or running). */
  size(): number;
  /** Resolves when nothing waits and nothing runs (a distributed queue: on any worker). */
  onIdle(): Promise<void>;
}

// ── GitHub annotations ────────────────────────────────────────────────────────

/**
 * What GitHub annotations need from Plane beyond `PlaneGateway`: finding a work item by its key and
 * linking a URL to it. `@odoo-plane-sync/plane-client` satisfies it. Plane refuses the same link URL twice
 * on one work item with a 400, which the annotation flow treats as "already linked".
 */
export interface PlaneLinks {
  /**
   * `PROJ-123` → the work item (exact case). Plane CE answers 403 for an unknown project identifier and
   * 404 for an unknown sequence.
   */
  getWorkItemByIdentifier(key: string): Upstream<PlaneWorkItem>;
  createLink(
    projectId: string,
    workItemId: string,
    input: { readonly url: string; readonly title?: string },
  ): Upstream<unknown>;
}

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
