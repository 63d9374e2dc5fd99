import type Database from 'better-sqlite3';
import type { Clock, SyncStateStore } from '@odoo-plane-sync/sync-core';
import { settle } from './settle.js';

/** Options of {@link createSqliteSyncStateStore}. */
export interface SqliteSyncStateStoreOptions {
  /** Stamps `updated_at` (kept for operators reading the table); default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * `SyncStateStore` on a better-sqlite3 database migrated by `applySqliteMigrations`: one row per name,
 * the value as JSON text (so JSON semantics: dates become strings, `undefined` reads back as null).
 *
 * @example
 * const state = createSqliteSyncStateStore(db);
 * await state.put('odoo.poll-cursor', { writeDate: '2026-01-05 09:00:00', id: 42 });
 */
export function createSqliteSyncStateStore(
  db: Database.Database,
  options: SqliteSyncStateStoreOptions = {},
): SyncStateStore {
  const now = (): number => (options.clock === undefined ? Date.now() : options.clock.now());
  const select = db.prepare<[string], { value: string }>(
    'SELECT value FROM sync_state WHERE name = ?',
  );
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO sync_state (name, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  return {
    get: (name) =>
      settle(() => {
        const row = select.get(name);
        return row === undefined ? null : (JSON.parse(row.value) as unknown);
      }),
    put: (name, value) =>
      settle(() => {
        upsert.run(name, JSON.stringify(value) ?? 'null', now());
      }),
  };
}
