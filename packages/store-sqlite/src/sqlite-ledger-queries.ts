import type Database from 'better-sqlite3';
import { ledgerColumns as columns, type LedgerRow } from './sqlite-ledger-row.js';

/**
 * A ledger filter with every absent condition as null. A type, not an interface: `bound` reads its
 * entries, and only a type alias gives `Object.entries` the value types.
 */
export type FilterParameters = {
  readonly correlationId: string | null;
  readonly outcome: string | null;
  readonly before: number | null;
};

type Bound = Record<string, string | number>;

/** The statements of one combination of filters. */
export interface ShapeStatements {
  readonly list: Database.Statement<[Bound], LedgerRow>;
  readonly last: Database.Statement<[Bound], LedgerRow>;
  readonly count: Database.Statement<[Bound], { count: number }>;
}

/** The filter of `list` and `count`, with every absent condition as null. */
export const parametersOf = (filter: {
  readonly correlationId?: string;
  readonly outcome?: string;
  readonly before?: number;
}): FilterParameters => ({
  correlationId: filter.correlationId ?? null,
  outcome: filter.outcome ?? null,
  before: filter.before ?? null,
});

/** The parameters present, bound by name: better-sqlite3 refuses named parameters a statement does not use. */
export const bound = (parameters: FilterParameters & { last?: number }): Bound => {
  const present: Bound = {};
  for (const [name, value] of Object.entries(parameters)) if (value !== null) present[name] = value;
  return present;
};

/**
 * The statements for a filter, prepared on first use and kept per database. One set of statements per
 * combination of filters present, with only those conditions in the WHERE: `(@x IS NULL OR column = @x)`
 * would keep SQLite from using the outcome and correlation indexes, and /status counts conflicts in a
 * ledger that only grows.
 */
export function createLedgerQueryStatements(
  db: Database.Database,
): (parameters: FilterParameters) => ShapeStatements {
  const statementsByShape = new Map<string, ShapeStatements>();
  return (parameters) => {
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
}
