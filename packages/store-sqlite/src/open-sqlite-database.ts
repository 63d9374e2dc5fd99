import Database from 'better-sqlite3';
import type { Clock } from '@odoo-plane-sync/sync-core';
import { applySqliteMigrations } from './apply-migrations.js';

/** Options of {@link openSqliteDatabase}. */
export interface OpenSqliteDatabaseOptions {
  /** A database file (created when missing) or `':memory:'` for a private, throw-away database. */
  readonly filename: string;
  /** Stamps the migration records; default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** How long a write waits for another connection's lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (or creates) a database configured for the stores and brings its schema up to date.
 *
 * WAL mode lets readers proceed while one writer commits; `synchronous=NORMAL` is safe with WAL (a
 * committed write survives a process crash; a power cut may lose the last transactions, never corrupt the
 * file); the busy timeout lets several processes share one file, waiting for each other's write lock
 * instead of failing at once. An in-memory database stays in its 'memory' journal mode.
 *
 * @example
 * const db = openSqliteDatabase({ filename: './data/sync.db' });
 * const mappings = createSqliteMappingStore(db);
 */
export function openSqliteDatabase(options: OpenSqliteDatabaseOptions): Database.Database {
  const db = new Database(options.filename);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
    const clock = options.clock;
    applySqliteMigrations(db, clock === undefined ? {} : { now: () => clock.now() });
    return db;
  } catch (error) {
    // A failed migration (or a database from a newer release) must not leave the file handle open.
    db.close();
    throw error;
  }
}
