/**
 * Where the status page gets what it shows and how it replays: a port, so the page holds no sync logic.
 * `@odoo-plane-sync/agent`'s `createStatusPageSource(agent)` implements it over the agent's stores, queue
 * and Plane client. Every list is bounded by the source, so a page view costs the same every time.
 */
export interface StatusPageSource {
  /** Everything the page shows, read once per page view. A rejection is answered 500 (and logged). */
  read(): Promise<StatusPageSnapshot>;
  /**
   * Makes failed and dead-lettered inbox events pending again and runs them: the ones in `eventIds`, or
   * every failed one without it. Resolves with the ids it replayed; an id that is not failed or dead (it
   * ran again meanwhile, or never existed) is left out, not an error.
   */
  replay(eventIds?: readonly string[]): Promise<readonly string[]>;
}

/** The record a row is about: its entity key and, where the sync has seen one, its name. */
export interface StatusPageEntity {
  /**
   * `project.task:42`, `plane:<uuid>`, `tree:7`, `github:…`: the serial key of the sync; empty for a
   * run-wide ledger entry (a reconciliation's summary) that is about no single record.
   */
  readonly key: string;
  /** The name as last synced (from the mapping), null when there is none. Shown escaped, as text. */
  readonly name: string | null;
}

/** One mapped project and how many of its records are mapped. */
export interface StatusPageProject {
  readonly name: string | null;
  readonly odooId: number | null;
  /** Null for records whose Plane project is not known yet (pending creates). */
  readonly planeProjectId: string | null;
  readonly milestones: number;
  readonly tasks: number;
  /** Mappings recorded before their Plane create, not confirmed yet. */
  readonly pending: number;
}

/** The last reconciliation's summary. Times are ISO 8601. */
export interface StatusPageReconciliation {
  readonly at: string;
  /** `ok`, `partial` (some items failed) or `failed`. */
  readonly status: string;
  readonly dryRun: boolean;
  readonly checked: number;
  readonly drift: number;
  readonly repaired: number;
  readonly failed: number;
}

/** An audit ledger entry: cause → decision → outcome. */
export interface StatusPageLedgerEntry {
  readonly at: string;
  readonly correlationId: string;
  readonly entity: StatusPageEntity;
  readonly cause: string;
  readonly decision: string;
  /** `applied`, `unchanged`, `deferred`, `conflict`, `skipped` or `failed`. */
  readonly outcome: string;
}

/** An entity whose last sync attempt failed. */
export interface StatusPageFailure {
  readonly entity: StatusPageEntity;
  readonly consecutive: number;
  readonly lastCause: string;
  readonly lastAt: string;
  /** Ops were alerted for this streak. */
  readonly alerted: boolean;
}

/** A failed (retried on its own at `retryAt`) or dead-lettered (never again unless replayed) inbox event. */
export interface StatusPageFailedEvent {
  readonly id: string;
  readonly source: string;
  readonly entity: StatusPageEntity;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly receivedAt: string;
  readonly retryAt: string | null;
}

/** What is left of the Plane API key's request budget (Plane's default is 60 a minute). */
export interface StatusPageBudget {
  /** Requests per window; null when the client keeps no budget. */
  readonly limit: number | null;
  readonly windowMs: number | null;
  readonly used: number;
  readonly remaining: number | null;
  /** Requests waiting for a slot, per lane (`live`, `reconcile`, `backfill`). */
  readonly waiting: Readonly<Record<string, number>>;
}

/** What one page view shows. Times are ISO 8601 strings. */
export interface StatusPageSnapshot {
  readonly readAt: string;
  readonly projects: readonly StatusPageProject[];
  readonly queue: { readonly depth: number };
  readonly inbox: { readonly pending: number; readonly failed: number; readonly dead: number };
  readonly lastReconciliation: StatusPageReconciliation | null;
  /** The newest entries, newest first. */
  readonly ledger: readonly StatusPageLedgerEntry[];
  /** Conflicts are settled by ownership at once (the owner wins); these are the ones on record. */
  readonly conflicts: { readonly total: number; readonly recent: readonly StatusPageLedgerEntry[] };
  readonly failures: readonly StatusPageFailure[];
  /** The newest failed and dead events (the inbox counts cover all of them). */
  readonly failedEvents: readonly StatusPageFailedEvent[];
  readonly planeBudget: StatusPageBudget;
}
