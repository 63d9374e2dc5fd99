import pg from 'pg';
import {
  applyPostgresMigrations,
  createPostgresEventLedger,
  createPostgresFailureTracker,
  createPostgresMappingStore,
  createPostgresSyncStateStore,
} from '@odoo-plane-sync/store-postgres';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type {
  Clock,
  EventLedger,
  FailureTracker,
  MappingStore,
  SyncStateStore,
} from '@odoo-plane-sync/sync-core';
import {
  createInMemoryEventLedger,
  createInMemoryFailureTracker,
  createInMemoryMappingStore,
  createInMemorySyncStateStore,
} from '@odoo-plane-sync/sync-core/testing';
import { postgresSkipReason, testPostgresUrl, uniqueSchemaName } from '@odoo-plane-sync/testkit';

/** The stores a harness runs its engines on. */
export interface HarnessStores {
  readonly mappings: MappingStore;
  readonly ledger: EventLedger;
  readonly failures: FailureTracker;
  readonly syncState: SyncStateStore;
}

/** Empty stores made for one harness: `open` binds them to the harness's clock, `dispose` removes them. */
export interface FreshStores {
  readonly open: (clock: Pick<Clock, 'now'>) => HarnessStores;
  dispose(): Promise<void>;
}

export type StoreBackendName = 'in-memory' | 'sqlite' | 'postgres';

/** One storage technology the harness can run on. */
export interface StoreBackend {
  readonly name: StoreBackendName;
  /** Why the suites on this backend are skipped here (no Postgres outside CI), or null: they run. */
  readonly skipReason: string | null;
  /** Empty stores of their own (Postgres: a fresh schema), so runs and parallel test files never meet. */
  fresh(): Promise<FreshStores>;
  /** Releases what the backend holds (the Postgres pool). */
  close(): Promise<void>;
}

/** The in-memory twins of every store, on the given clock: the harness's default. */
export const createInMemoryHarnessStores = (clock: Pick<Clock, 'now'>): HarnessStores => ({
  mappings: createInMemoryMappingStore(() => clock.now()),
  ledger: createInMemoryEventLedger(),
  failures: createInMemoryFailureTracker(),
  syncState: createInMemorySyncStateStore(),
});

const inMemoryBackend: StoreBackend = {
  name: 'in-memory',
  skipReason: null,
  fresh: () =>
    Promise.resolve({ open: createInMemoryHarnessStores, dispose: () => Promise.resolve() }),
  close: () => Promise.resolve(),
};

const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  skipReason: null,
  fresh: () => {
    let close = (): void => undefined;
    return Promise.resolve({
      open: (clock) => {
        // A private database per harness, with the same migrations and SQL as a file on disk.
        const stores = createSqliteStores({ filename: ':memory:', clock });
        close = () => stores.close();
        return stores;
      },
      dispose: () => {
        close();
        return Promise.resolve();
      },
    });
  },
  close: () => Promise.resolve(),
};

function postgresBackend(skipReason: string | null): StoreBackend {
  let pool: pg.Pool | undefined;
  const poolOf = (): pg.Pool => {
    pool ??= new pg.Pool({ connectionString: testPostgresUrl(), max: 8 });
    return pool;
  };
  return {
    name: 'postgres',
    skipReason,
    fresh: async () => {
      const shared = poolOf();
      const schema = uniqueSchemaName('integration_test');
      await applyPostgresMigrations(shared, { schema });
      return {
        open: (clock) => ({
          mappings: createPostgresMappingStore(shared, { schema, clock }),
          ledger: createPostgresEventLedger(shared, { schema }),
          failures: createPostgresFailureTracker(shared, { schema }),
          syncState: createPostgresSyncStateStore(shared, { schema, clock }),
        }),
        dispose: async () => {
          await shared.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
        },
      };
    },
    close: async () => {
      await pool?.end();
      pool = undefined;
    },
  };
}

/**
 * Every backend the store-parametrised suites run on: in memory, SQLite and Postgres. Postgres needs a
 * reachable database: without one it is skipped with the reason on stderr, and under `CI=true` this
 * rejects, so the suite fails instead.
 *
 * @example
 * const backends = await storeBackends('crash recovery');
 * afterAll(() => closeStoreBackends(backends));
 */
export async function storeBackends(suite: string): Promise<readonly StoreBackend[]> {
  const skipReason = await postgresSkipReason(`${suite} on Postgres`);
  return [inMemoryBackend, sqliteBackend, postgresBackend(skipReason)];
}

/** Closes what every backend of {@link storeBackends} holds (for `afterAll`). */
export async function closeStoreBackends(backends: readonly StoreBackend[]): Promise<void> {
  await Promise.all(backends.map((backend) => backend.close()));
}

/** Runs `body` on fresh stores of the backend, removed afterwards whatever the outcome. */
export async function withFreshStores<T>(
  backend: StoreBackend,
  body: (stores: FreshStores) => Promise<T>,
): Promise<T> {
  const stores = await backend.fresh();
  try {
    return await body(stores);
  } finally {
    await stores.dispose();
  }
}
