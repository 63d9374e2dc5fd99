import type { Clock, SyncStores } from '@odoo-plane-sync/sync-core';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { createSqliteEventLedger } from './sqlite-event-ledger.js';
import { createSqliteFailureTracker } from './sqlite-failure-tracker.js';
import { createSqliteInbox } from './sqlite-inbox.js';
import { createSqliteMappingStore } from './sqlite-mapping-store.js';
import { createSqliteSyncStateStore } from './sqlite-sync-state-store.js';

/** Options of {@link createSqliteStores}. */
export interface SqliteStoresOptions {
  /** A database file (created when missing) or `':memory:'` for a private, throw-away database. */
  readonly filename: string;
  /** Stamps mapping `updatedAt`, state and migration times; default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** Ids of accepted inbox events; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
  /** How long a write waits for another connection's lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Every store the engine needs, sharing one SQLite connection. */
export interface SqliteStores extends SyncStores {
  /** Closes the connection; the stores must not be used afterwards. */
  close(): void;
}

/**
 * Opens (or creates) a SQLite database with `openSqliteDatabase` (WAL, migrations) and returns every
 * store on that one connection. Several processes may share the file: each compare-and-set, dedupe and
 * streak count happens in SQL under the write lock.
 *
 * @example
 * const stores = createSqliteStores({ filename: './data/sync.db', clock });
 * const engine = createSyncEngine({ store: stores.mappings, ledger: stores.ledger, … });
 * // on shutdown
 * stores.close();
 */
export function createSqliteStores(options: SqliteStoresOptions): SqliteStores {
  const db = openSqliteDatabase(options);
  const clockOption = options.clock === undefined ? {} : { clock: options.clock };
  const inbox = createSqliteInbox(
    db,
    options.randomId === undefined ? {} : { randomId: options.randomId },
  );
  return {
    mappings: createSqliteMappingStore(db, clockOption),
    ledger: createSqliteEventLedger(db),
    inbox,
    failures: createSqliteFailureTracker(db),
    syncState: createSqliteSyncStateStore(db, clockOption),
    close: () => {
      inbox.flushWrites();
      db.close();
    },
  };
}
