import type { LedgerEntry, LedgerOutcome, LedgerWrite } from '@odoo-plane-sync/sync-core';

/** One row of `ledger_entries`, as better-sqlite3 reads it. */
export interface LedgerRow {
  readonly correlation_id: string;
  readonly at: number;
  readonly cause: string;
  readonly entity_model: string;
  readonly entity_odoo_id: number | null;
  readonly entity_plane_id: string | null;
  readonly decision: string;
  readonly writes: string;
  readonly outcome: string;
  readonly detail: string | null;
}

/** The columns of a ledger entry, in the order the insert binds them. */
export const ledgerColumns =
  'correlation_id, at, cause, entity_model, entity_odoo_id, entity_plane_id, decision, writes, outcome, detail';

/** Optional fields that were absent when appended stay absent when read (never `undefined` or null). */
export const entryOf = (row: LedgerRow): LedgerEntry => ({
  correlationId: row.correlation_id,
  at: row.at,
  cause: row.cause,
  entity: {
    model: row.entity_model as LedgerEntry['entity']['model'],
    ...(row.entity_odoo_id === null ? {} : { odooId: row.entity_odoo_id }),
    ...(row.entity_plane_id === null ? {} : { planeId: row.entity_plane_id }),
  },
  decision: row.decision,
  writes: JSON.parse(row.writes) as LedgerWrite[],
  outcome: row.outcome as LedgerOutcome,
  ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as Record<string, unknown> }),
});
