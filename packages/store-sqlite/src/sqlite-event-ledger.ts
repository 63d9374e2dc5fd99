import type Database from 'better-sqlite3';
import type { EventLedger, LedgerEntry } from '@odoo-plane-sync/sync-core';
import { preparePruneOnFirstUse } from './sqlite-ledger-prune.js';
import { bound, createLedgerQueryStatements, parametersOf } from './sqlite-ledger-queries.js';
import { entryOf, ledgerColumns as columns } from './sqlite-ledger-row.js';
import { settle } from './settle.js';

interface AppendParameters {
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
}

/** The row an appended entry becomes: the entity in columns, `writes` and `detail` as JSON. */
const appendParametersOf = (entry: LedgerEntry): AppendParameters => ({
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

/**
 * `EventLedger` on a better-sqlite3 database migrated by `applySqliteMigrations`. Entries are listed in
 * append order (an autoincrement sequence, not `at`); triggers make the table refuse UPDATE and DELETE, so
 * not even a hand-written query can rewrite the audit trail. The one way out is `prune(before)`: it
 * records its cut-off in `ledger_prune_cutoff` for the length of its transaction, and the delete trigger
 * lets exactly the entries older than that go. The entity is kept in columns (queryable by
 * hand), `writes` and `detail` as JSON.
 *
 * @example
 * const ledger = createSqliteEventLedger(db);
 * await ledger.append({ correlationId, at: clock.now(), cause, entity, decision, writes: [], outcome: 'unchanged' });
 */
export function createSqliteEventLedger(db: Database.Database): EventLedger {
  const insert = db.prepare<AppendParameters, void>(
    `INSERT INTO ledger_entries (${columns})
     VALUES (@correlationId, @at, @cause, @entityModel, @entityOdooId, @entityPlaneId, @decision, @writes,
             @outcome, @detail)`,
  );
  const statementsFor = createLedgerQueryStatements(db);
  const pruneTransaction = preparePruneOnFirstUse(db);

  return {
    append: (entry) =>
      settle(() => {
        insert.run(appendParametersOf(entry));
      }),
    list: (filter = {}) =>
      settle(() => {
        const parameters = parametersOf(filter);
        const statements = statementsFor(parameters);
        const rows =
          filter.last === undefined
            ? statements.list.all(bound(parameters))
            : statements.last.all(
                bound({
                  ...parameters,
                  last: Math.max(0, Math.floor(filter.last)),
                }),
              );
        return rows.map(entryOf);
      }),
    count: (filter = {}) =>
      settle(() => {
        const parameters = parametersOf(filter);
        return statementsFor(parameters).count.get(bound(parameters))?.count ?? 0;
      }),
    prune: (before) => settle(() => pruneTransaction().immediate(before)),
  };
}
