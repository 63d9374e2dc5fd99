import type Database from 'better-sqlite3';
import type {
  EventLedger,
  LedgerEntry,
  LedgerOutcome,
  LedgerWrite,
} from '@odoo-plane-sync/sync-core';
import { settle } from './settle.js';

interface LedgerRow {
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

const columns =
  'correlation_id, at, cause, entity_model, entity_odoo_id, entity_plane_id, decision, writes, outcome, detail';

/** Optional fields that were absent when appended stay absent when read (never `undefined` or null). */
const entryOf = (row: LedgerRow): LedgerEntry => ({
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

/**
 * `EventLedger` on a better-sqlite3 database migrated by `applySqliteMigrations`. Entries are listed in
 * append order (an autoincrement sequence, not `at`); triggers make the table refuse UPDATE and DELETE, so
 * not even a hand-written query can rewrite the audit trail. The entity is kept in columns (queryable by
 * hand), `writes` and `detail` as JSON.
 *
 * @example
 * const ledger = createSqliteEventLedger(db);
 * await ledger.append({ correlationId, at: clock.now(), cause, entity, decision, writes: [], outcome: 'unchanged' });
 */
export function createSqliteEventLedger(db: Database.Database): EventLedger {
  const insert = db.prepare<
    {
      correlationId: string;
      at: number;
      cause: string;
      entityModel: string;
      entityOdooId: number | null;
      entityPlaneId: string | null;
      decision: string;
      writes: string;
      outcome: string;
      detail: string | null;
    },
    void
  >(
    `INSERT INTO ledger_entries (${columns})
     VALUES (@correlationId, @at, @cause, @entityModel, @entityOdooId, @entityPlaneId, @decision, @writes,
             @outcome, @detail)`,
  );
  const selectList = db.prepare<
    { correlationId: string | null; outcome: string | null },
    LedgerRow
  >(
    `SELECT ${columns} FROM ledger_entries
      WHERE (@correlationId IS NULL OR correlation_id = @correlationId)
        AND (@outcome IS NULL OR outcome = @outcome)
      ORDER BY seq`,
  );

  return {
    append: (entry) =>
      settle(() => {
        insert.run({
          correlationId: entry.correlationId,
          at: entry.at,
          cause: entry.cause,
          entityModel: entry.entity.model,
          entityOdooId: entry.entity.odooId ?? null,
          entityPlaneId: entry.entity.planeId ?? null,
          decision: entry.decision,
          writes: JSON.stringify(entry.writes),
          outcome: entry.outcome,
          detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
        });
      }),
    list: (filter = {}) =>
      settle(() =>
        selectList
          .all({ correlationId: filter.correlationId ?? null, outcome: filter.outcome ?? null })
          .map(entryOf),
      ),
  };
}
