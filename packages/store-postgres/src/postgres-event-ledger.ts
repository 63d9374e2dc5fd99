import type {
  EventLedger,
  LedgerEntry,
  LedgerFilter,
  LedgerOutcome,
  LedgerWrite,
} from '@odoo-plane-sync/sync-core';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

interface LedgerRow {
  readonly correlation_id: string;
  /** `bigint` columns arrive as strings from `pg`, `json` ones parsed. */
  readonly at: string;
  readonly cause: string;
  readonly entity_model: string;
  readonly entity_odoo_id: string | null;
  readonly entity_plane_id: string | null;
  readonly decision: string;
  readonly writes: LedgerWrite[];
  readonly outcome: string;
  readonly detail: Record<string, unknown> | null;
}

const columns =
  'correlation_id, at, cause, entity_model, entity_odoo_id, entity_plane_id, decision, writes, outcome, detail';

/** Optional fields that were absent when appended stay absent when read (never `undefined` or null). */
const entryOf = (row: LedgerRow): LedgerEntry => ({
  correlationId: row.correlation_id,
  at: Number(row.at),
  cause: row.cause,
  entity: {
    model: row.entity_model as LedgerEntry['entity']['model'],
    ...(row.entity_odoo_id === null ? {} : { odooId: Number(row.entity_odoo_id) }),
    ...(row.entity_plane_id === null ? {} : { planeId: row.entity_plane_id }),
  },
  decision: row.decision,
  writes: row.writes,
  outcome: row.outcome as LedgerOutcome,
  ...(row.detail === null ? {} : { detail: row.detail }),
});

/** A WHERE clause with only the filters present, so each one can use its index. */
const whereOf = (filter: LedgerFilter): { readonly where: string; readonly values: unknown[] } => {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (filter.correlationId !== undefined)
    add((placeholder) => `correlation_id = ${placeholder}`, filter.correlationId);
  if (filter.outcome !== undefined)
    add((placeholder) => `outcome = ${placeholder}`, filter.outcome);
  if (filter.before !== undefined) add((placeholder) => `at < ${placeholder}`, filter.before);
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
};

/** Options of {@link createPostgresEventLedger}. */
export interface PostgresEventLedgerOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
}

/**
 * `EventLedger` on `<schema>.ledger_entries`. Entries are listed in append order (an identity sequence,
 * not `at`); a trigger makes the table refuse UPDATE, DELETE and TRUNCATE, so not even a hand-written
 * query can rewrite the audit trail. The one way out is `prune(before)`: in one transaction it sets the
 * transaction-local `odoo_plane_sync.ledger_prune_before` to its cut-off, and the trigger lets exactly
 * the entries older than that go. The entity is kept in columns (queryable by hand), `writes` and
 * `detail` as JSON.
 *
 * @example
 * const ledger = createPostgresEventLedger(pool);
 * await ledger.append({ correlationId, at: clock.now(), cause, entity, decision, writes: [], outcome: 'unchanged' });
 */
export function createPostgresEventLedger(
  pool: PostgresPool,
  options: PostgresEventLedgerOptions = {},
): EventLedger {
  const table = `${postgresSchema(options.schema).quoted}.ledger_entries`;

  return {
    append: async (entry) => {
      await pool.query(
        `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          entry.correlationId,
          entry.at,
          entry.cause,
          entry.entity.model,
          entry.entity.odooId ?? null,
          entry.entity.planeId ?? null,
          entry.decision,
          JSON.stringify(entry.writes),
          entry.outcome,
          entry.detail === undefined ? null : JSON.stringify(entry.detail),
        ],
      );
    },
    list: async (filter = {}) => {
      const { where, values } = whereOf(filter);
      // The last N in append order: read newest first with a LIMIT, then put back in order.
      const { rows } =
        filter.last === undefined
          ? await pool.query<LedgerRow>(
              `SELECT ${columns} FROM ${table} ${where} ORDER BY seq`,
              values,
            )
          : await pool.query<LedgerRow>(
              `SELECT ${columns} FROM (
                 SELECT seq, ${columns} FROM ${table} ${where}
                  ORDER BY seq DESC LIMIT $${values.length + 1}
               ) AS tail ORDER BY seq`,
              [...values, Math.max(0, Math.floor(filter.last))],
            );
      return rows.map(entryOf);
    },
    count: async (filter = {}) => {
      const { where, values } = whereOf(filter);
      const { rows } = await pool.query<{ count: number }>(
        `SELECT count(*)::integer AS count FROM ${table} ${where}`,
        values,
      );
      return rows[0]?.count ?? 0;
    },
    prune: (before) =>
      inTransaction(pool, async (client) => {
        await client.query(
          "SELECT set_config('odoo_plane_sync.ledger_prune_before', $1::bigint::text, true)",
          [Math.floor(before)],
        );
        const { rowCount } = await client.query(`DELETE FROM ${table} WHERE at < $1`, [before]);
        return rowCount ?? 0;
      }),
  };
}
