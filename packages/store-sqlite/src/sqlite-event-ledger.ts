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
  type FilterParameters = {
    correlationId: string | null;
    outcome: string | null;
    before: number | null;
  };
  type Bound = Record<string, string | number>;
  type ShapeStatements = {
    readonly list: Database.Statement<[Bound], LedgerRow>;
    readonly last: Database.Statement<[Bound], LedgerRow>;
    readonly count: Database.Statement<[Bound], { count: number }>;
  };
  // One set of statements per combination of filters present, with only those conditions in the WHERE:
  // `(@x IS NULL OR column = @x)` would keep SQLite from using the outcome and correlation indexes, and
  // /status counts conflicts in a ledger that only grows.
  const statementsByShape = new Map<string, ShapeStatements>();
  const statementsFor = (parameters: FilterParameters): ShapeStatements => {
    const conditions = [
      ...(parameters.correlationId === null ? [] : ['correlation_id = @correlationId']),
      ...(parameters.outcome === null ? [] : ['outcome = @outcome']),
      ...(parameters.before === null ? [] : ['at < @before']),
    ];
    const shape = conditions.join(' AND ');
    const known = statementsByShape.get(shape);
    if (known !== undefined) return known;
    const where = conditions.length === 0 ? '' : `WHERE ${shape}`;
    const statements: ShapeStatements = {
      list: db.prepare(`SELECT ${columns} FROM ledger_entries ${where} ORDER BY seq`),
      // The last N in append order: read newest first with a LIMIT, then put back in order.
      last: db.prepare(
        `SELECT ${columns} FROM (
           SELECT seq, ${columns} FROM ledger_entries ${where} ORDER BY seq DESC LIMIT @last
         ) ORDER BY seq`,
      ),
      count: db.prepare(`SELECT count(*) AS count FROM ledger_entries ${where}`),
    };
    statementsByShape.set(shape, statements);
    return statements;
  };
  // better-sqlite3 refuses named parameters a statement does not use.
  const bound = (parameters: FilterParameters & { last?: number }): Bound => {
    const present: Bound = {};
    for (const [name, value] of Object.entries(parameters))
      if (value !== null) present[name] = value;
    return present;
  };
  // Prepared on first use: the cut-off table arrives with migration 3, and appending needs only 1.
  let pruneOlder: Database.Transaction<(before: number) => number> | null = null;
  const pruneTransaction = (): Database.Transaction<(before: number) => number> => {
    if (pruneOlder !== null) return pruneOlder;
    const insertCutoff = db.prepare<[number]>(
      'INSERT INTO ledger_prune_cutoff (cutoff_at) VALUES (?)',
    );
    const deleteOlder = db.prepare<[number]>('DELETE FROM ledger_entries WHERE at < ?');
    const clearCutoff = db.prepare('DELETE FROM ledger_prune_cutoff');
    // The delete trigger lets a row go only while its cut-off is recorded: within this transaction.
    pruneOlder = db.transaction((before: number): number => {
      insertCutoff.run(before);
      const { changes } = deleteOlder.run(before);
      clearCutoff.run();
      return changes;
    });
    return pruneOlder;
  };
  const parametersOf = (filter: {
    readonly correlationId?: string;
    readonly outcome?: string;
    readonly before?: number;
  }): FilterParameters => ({
    correlationId: filter.correlationId ?? null,
    outcome: filter.outcome ?? null,
    before: filter.before ?? null,
  });

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
