import type { Result } from 'neverthrow';
import type {
  FailureTracker,
  Inbox,
  InboxMaintenance,
  SyncStateStore,
} from './durable-work-ports.js';

/**
 * The store ports (see `ports.ts`): mappings with their shadow, the audit ledger, and the bundle of every
 * store a host opens. Each has an in-memory twin under `@odoo-plane-sync/sync-core/testing` and a contract
 * suite in the testkit.
 */

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
