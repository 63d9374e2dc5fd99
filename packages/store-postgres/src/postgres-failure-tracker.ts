import type { FailureRecord, FailureTracker } from '@odoo-plane-sync/sync-core';
import { postgresSchema } from './postgres-schema.js';
import type { PostgresPool } from './transaction.js';

interface FailureRow {
  readonly entity_key: string;
  readonly consecutive: number;
  readonly last_cause: string;
  /** `bigint` columns arrive as strings from `pg`. */
  readonly last_at: string;
  readonly alerted_at: string | null;
}

const columns = 'entity_key, consecutive, last_cause, last_at, alerted_at';

const recordOf = (row: FailureRow): FailureRecord => ({
  entityKey: row.entity_key,
  consecutive: row.consecutive,
  lastCause: row.last_cause,
  lastAt: Number(row.last_at),
  alertedAt: row.alerted_at === null ? null : Number(row.alerted_at),
});

/** Options of {@link createPostgresFailureTracker}. */
export interface PostgresFailureTrackerOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
}

/**
 * `FailureTracker` on `<schema>.failure_streaks`. Each method is one statement (an upsert that counts,
 * a `DELETE … RETURNING` that ends a streak), so concurrent workers never lose a count. A row exists
 * exactly while a streak is open; its `alerted_at` ends with it.
 *
 * @example
 * const failures = createPostgresFailureTracker(pool);
 * const record = await failures.recordFailure('project.task:42', 'plane 503', clock.now());
 * if (record.consecutive >= 3 && record.alertedAt === null) await alertOps(record);
 */
export function createPostgresFailureTracker(
  pool: PostgresPool,
  options: PostgresFailureTrackerOptions = {},
): FailureTracker {
  const table = `${postgresSchema(options.schema).quoted}.failure_streaks`;

  return {
    recordFailure: async (entityKey, cause, at) => {
      const { rows } = await pool.query<FailureRow>(
        `INSERT INTO ${table} AS streak (${columns}) VALUES ($1, 1, $2, $3, NULL)
         ON CONFLICT (entity_key) DO UPDATE
           SET consecutive = streak.consecutive + 1, last_cause = EXCLUDED.last_cause,
               last_at = EXCLUDED.last_at
         RETURNING ${columns}`,
        [entityKey, cause, at],
      );
      const row = rows[0];
      // An upsert with RETURNING always yields the row it wrote.
      if (row === undefined) throw new Error(`Failure streak of ${entityKey} was not written.`);
      return recordOf(row);
    },
    recordSuccess: async (entityKey) => {
      const { rows } = await pool.query<FailureRow>(
        `DELETE FROM ${table} WHERE entity_key = $1 RETURNING ${columns}`,
        [entityKey],
      );
      const row = rows[0];
      return row === undefined ? null : recordOf(row);
    },
    markAlerted: async (entityKey, at) => {
      await pool.query(`UPDATE ${table} SET alerted_at = $2 WHERE entity_key = $1`, [
        entityKey,
        at,
      ]);
    },
    listOpen: async () => {
      const { rows } = await pool.query<FailureRow>(
        // "C" collation: byte order of the keys, the same on every server whatever its locale.
        `SELECT ${columns} FROM ${table} ORDER BY entity_key COLLATE "C"`,
      );
      return rows.map(recordOf);
    },
  };
}
