import type { Clock, SyncStateStore } from '@odoo-plane-sync/sync-core';
import { postgresSchema } from './postgres-schema.js';
import type { PostgresPool } from './transaction.js';

/** Options of {@link createPostgresSyncStateStore}. */
export interface PostgresSyncStateStoreOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
  /** Stamps `updated_at` (kept for operators reading the table); default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * `SyncStateStore` on `<schema>.sync_state`: one row per name, the value as `json` (so JSON semantics:
 * dates become strings, `undefined` reads back as null).
 *
 * @example
 * const state = createPostgresSyncStateStore(pool);
 * await state.put('odoo.poll-cursor', { writeDate: '2026-01-05 09:00:00', id: 42 });
 */
export function createPostgresSyncStateStore(
  pool: PostgresPool,
  options: PostgresSyncStateStoreOptions = {},
): SyncStateStore {
  const now = (): number => (options.clock === undefined ? Date.now() : options.clock.now());
  const table = `${postgresSchema(options.schema).quoted}.sync_state`;

  return {
    get: async (name) => {
      const { rows } = await pool.query<{ value: unknown }>(
        `SELECT value FROM ${table} WHERE name = $1`,
        [name],
      );
      return rows[0] === undefined ? null : rows[0].value;
    },
    put: async (name, value) => {
      await pool.query(
        `INSERT INTO ${table} (name, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [name, JSON.stringify(value) ?? 'null', now()],
      );
    },
  };
}
