import type { PlaneBudget, PlaneClient } from '@odoo-plane-sync/plane-client';
import type { Clock, LedgerEntry, Mapping } from '@odoo-plane-sync/sync-core';
import { createStatusReader, type StatusParts, type SyncAgentStatus } from './agent-status.js';

/** Ledger entries the page lists (newest first); conflicts shown besides their total. */
const ledgerEntriesShown = 20;
const conflictsShown = 5;

/** What the status page source reads and replays with: the agent itself fits (`createStatusPageSource(agent)`). */
export interface StatusPageParts extends StatusParts {
  readonly plane: Pick<PlaneClient, 'budget'>;
  /** Replays failed and dead-lettered inbox events (all, or those with `ids`), drains, returns the ids. */
  readonly replayFailed: (ids?: readonly string[]) => Promise<string[]>;
  /** Stamps each read. Default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

/** A `/status` row with its `entityKey` replaced by the entity, name included. */
export type Named<Row extends { readonly entityKey: string }> = Omit<Row, 'entityKey'> & {
  readonly entity: StatusPageEntity;
};

/** An entity a row is about: its serial key and its name as last synced. */
export interface StatusPageEntity {
  readonly key: string;
  readonly name: string | null;
}

/**
 * What one status page view shows, in the shape adapter-express's `StatusPageSource.read()` returns.
 * Times are ISO 8601; every list is bounded except `projects` (one row per mapped project).
 */
export interface StatusPageData {
  readonly readAt: string;
  readonly projects: readonly StatusPageProjectRow[];
  readonly queue: { readonly depth: number };
  readonly inbox: { readonly pending: number; readonly failed: number; readonly dead: number };
  readonly lastReconciliation: {
    readonly at: string;
    readonly status: string;
    readonly dryRun: boolean;
    readonly checked: number;
    readonly drift: number;
    readonly repaired: number;
    readonly failed: number;
  } | null;
  readonly ledger: readonly StatusPageLedgerRow[];
  readonly conflicts: { readonly total: number; readonly recent: readonly StatusPageLedgerRow[] };
  /** The `/status` lists, each row naming its entity instead of only keying it. */
  readonly failures: readonly Named<SyncAgentStatus['failures'][number]>[];
  readonly failedEvents: readonly Named<SyncAgentStatus['inbox']['failedEvents'][number]>[];
  readonly planeBudget: PlaneBudget;
}

/** One mapped project and how many of its records are mapped (`pending`: not confirmed by Plane yet). */
export interface StatusPageProjectRow {
  readonly name: string | null;
  readonly odooId: number | null;
  /** Null for the row of records whose Plane project is not known yet. */
  readonly planeProjectId: string | null;
  readonly milestones: number;
  readonly tasks: number;
  readonly pending: number;
}

/** A ledger entry as the page lists it. */
export interface StatusPageLedgerRow {
  readonly at: string;
  readonly correlationId: string;
  readonly entity: StatusPageEntity;
  readonly cause: string;
  readonly decision: string;
  readonly outcome: string;
}

/** The status page's data source and replay action (adapter-express's `StatusPageSource`). */
export interface StatusPageDataSource {
  read(): Promise<StatusPageData>;
  replay(eventIds?: readonly string[]): Promise<readonly string[]>;
}

/**
 * Creates the status page's source over the agent: the `/status` figures, plus mappings per project,
 * the newest ledger entries and conflicts, the Plane request budget left, and the names of the records
 * each row is about (from their mappings). Replaying is the agent's `replayFailed`, which runs the events
 * before it resolves. A read lists every mapping once (to count them per project and name the rows), so
 * it costs more than `/status` on a large store; it is meant for a person looking, not for probes.
 *
 * @example
 * app.use('/status/page', createStatusPage({ source: createStatusPageSource(agent), replayToken }));
 */
export function createStatusPageSource(parts: StatusPageParts): StatusPageDataSource {
  const readStatus = createStatusReader(parts);
  const clock = parts.clock ?? { now: () => Date.now() };
  const { stores } = parts;
  return {
    read: async () => {
      const [status, mappings, ledger, conflicts] = await Promise.all([
        readStatus(),
        stores.mappings.list(),
        stores.ledger.list({ last: ledgerEntriesShown }),
        stores.ledger.list({ outcome: 'conflict', last: conflictsShown }),
      ]);
      const names = createNameIndex(mappings);
      const row = (entry: LedgerEntry): StatusPageLedgerRow => ({
        at: new Date(entry.at).toISOString(),
        correlationId: entry.correlationId,
        entity: names.entityOf(ledgerEntityKey(entry)),
        cause: entry.cause,
        decision: entry.decision,
        outcome: entry.outcome,
      });
      return {
        readAt: new Date(clock.now()).toISOString(),
        projects: projectRows(mappings),
        queue: status.queue,
        inbox: {
          pending: status.inbox.pending,
          failed: status.inbox.failed,
          dead: status.inbox.dead,
        },
        lastReconciliation: reconciliationOf(status.lastReconciliation),
        ledger: ledger.reverse().map(row),
        conflicts: { total: status.conflicts.total, recent: conflicts.reverse().map(row) },
        failures: status.failures.map(({ entityKey, ...failure }) => ({
          ...failure,
          entity: names.entityOf(entityKey),
        })),
        failedEvents: status.inbox.failedEvents.map(({ entityKey, ...event }) => ({
          ...event,
          entity: names.entityOf(entityKey),
        })),
        planeBudget: parts.plane.budget(),
      };
    },
    replay: (eventIds) => parts.replayFailed(eventIds),
  };
}

/** One row per mapped project, by name; records whose project is not mapped yet get a row of their own. */
function projectRows(mappings: readonly Mapping[]): StatusPageProjectRow[] {
  const rows = new Map<
    string | null,
    { -readonly [K in keyof StatusPageProjectRow]: StatusPageProjectRow[K] }
  >();
  const rowOf = (planeProjectId: string | null) => {
    let row = rows.get(planeProjectId);
    if (row === undefined) {
      row = { name: null, odooId: null, planeProjectId, milestones: 0, tasks: 0, pending: 0 };
      rows.set(planeProjectId, row);
    }
    return row;
  };
  for (const mapping of mappings) {
    const row = rowOf(mapping.planeProjectId);
    if (mapping.status === 'pending') row.pending += 1;
    else if (mapping.key.model === 'project.milestone') row.milestones += 1;
    else if (mapping.key.model === 'project.task') row.tasks += 1;
    if (mapping.key.model === 'project.project' && mapping.planeProjectId !== null) {
      row.name = nameOf(mapping);
      row.odooId = mapping.key.odooId;
    }
  }
  return [...rows.values()].sort((left, right) =>
    (left.name ?? '\uffff').localeCompare(right.name ?? '\uffff'),
  );
}

/** Names by serial key (`project.task:42`, `plane:<id>`, `tree:<project>`), from the mappings' shadows. */
function createNameIndex(mappings: readonly Mapping[]) {
  const byKey = new Map<string, string>();
  for (const mapping of mappings) {
    const name = nameOf(mapping);
    if (name === null) continue;
    byKey.set(`${mapping.key.model}:${mapping.key.odooId}`, name);
    if (mapping.key.model === 'project.project') byKey.set(`tree:${mapping.key.odooId}`, name);
    // A Plane work item's serial key is its own id (see `entityKeyOf`).
    if (mapping.planeId !== null && mapping.key.model === 'project.task')
      byKey.set(`plane:${mapping.planeId}`, name);
  }
  return {
    entityOf: (key: string): StatusPageEntity => ({ key, name: byKey.get(key) ?? null }),
  };
}

function nameOf(mapping: Mapping): string | null {
  const name = mapping.shadow.name;
  return typeof name === 'string' ? name : null;
}

function ledgerEntityKey(entry: LedgerEntry): string {
  const { model, odooId, planeId } = entry.entity;
  if (model !== 'plane' && odooId !== undefined) return `${model}:${odooId}`;
  // A run-wide entry (a reconciliation's summary) is about no single record.
  return planeId === undefined ? '' : `plane:${planeId}`;
}

/** The engine's `reconciliation:last` summary, read tolerantly (it is stored JSON of any age). */
function reconciliationOf(value: unknown): StatusPageData['lastReconciliation'] {
  if (typeof value !== 'object' || value === null) return null;
  const summary = value as Record<string, unknown>;
  if (typeof summary.at !== 'number') return null;
  const count = (field: unknown): number =>
    typeof field === 'number' ? field : Array.isArray(field) ? field.length : 0;
  return {
    at: new Date(summary.at).toISOString(),
    status: typeof summary.status === 'string' ? summary.status : 'unknown',
    dryRun: summary.dryRun === true,
    checked: count(summary.checked),
    drift: count(summary.drift),
    repaired: count(summary.repaired),
    failed: count(summary.failed),
  };
}
