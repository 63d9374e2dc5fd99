import type { SyncJob, SyncJobOfKind } from './sync-job.js';

/**
 * The ports of durable work (see `ports.ts`): the inbox, failure streaks, sync state and the work queue,
 * each with an in-memory twin under `@odoo-plane-sync/sync-core/testing` and a contract suite in the testkit.
 */

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
