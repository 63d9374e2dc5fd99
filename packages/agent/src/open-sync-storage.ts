import { mkdirSync } from 'node:fs';
import { err, ok, type Result } from 'neverthrow';
import type { Clock, Logger, SyncStores } from '@odoo-plane-sync/sync-core';
import { sqliteFileOf } from './read-sync-environment.js';
import { createInProcessScheduleClaims, type ScheduleClaims } from './schedule-claims.js';
import type { SharedWorkQueue } from './shared-work-queue.js';
import type { SyncEnvironment, SyncStoreLocation } from './sync-environment.js';

/** The stores an environment names, opened. */
export interface SyncStorage {
  readonly location: SyncStoreLocation;
  readonly stores: SyncStores;
  /** Makes each schedule run once per tick across the workers on this storage (in-process on SQLite). */
  readonly scheduleClaims: ScheduleClaims;
  /** pg-boss on Postgres, shared by every worker; undefined on SQLite (the agent's in-process queue). */
  readonly queue: SharedWorkQueue | undefined;
  /** `sqlite <file>` or `postgres <host>/<database>`, without credentials, for logs. */
  readonly description: string;
  /** Stops the queue (letting running jobs finish) and closes the stores. Call once, after `agent.stop()`. */
  close(): Promise<void>;
}

/** Why the storage could not be opened; the message never holds the connection string. */
export type SyncStorageProblem =
  | {
      readonly kind: 'store-package-missing';
      readonly packageName: string;
      readonly message: string;
    }
  | { readonly kind: 'store-unreachable'; readonly message: string };

/** Options of {@link openSyncStorage}. */
export interface OpenSyncStorageOptions {
  readonly clock?: Pick<Clock, 'now'>;
  /** Told about lost connections and pg-boss's background errors. */
  readonly logger?: Logger;
}

/**
 * Opens the stores `environment.store` names: the SQLite file under `dataDir`, or Postgres (migrated under
 * an advisory lock) with the pg-boss queue when `DATABASE_URL` is set. The store packages are optional
 * peer dependencies, loaded here on demand, so a deployable installs only the one it uses
 * (`@odoo-plane-sync/store-sqlite`, or `@odoo-plane-sync/store-postgres` + `@odoo-plane-sync/queue-pgboss`);
 * a missing one is a `store-package-missing` problem naming it.
 *
 * @example
 * const storage = (await openSyncStorage(environment, { logger }))._unsafeUnwrap();
 * const agent = createSyncAgent({ …, store: storage.stores, queue: storage.queue, scheduleClaims: storage.scheduleClaims });
 * // on shutdown
 * await agent.stop();
 * await storage.close();
 */
export async function openSyncStorage(
  environment: Pick<SyncEnvironment, 'store' | 'dataDir' | 'mode' | 'workerConcurrency'>,
  options: OpenSyncStorageOptions = {},
): Promise<Result<SyncStorage, SyncStorageProblem>> {
  const { store } = environment;
  return store.kind === 'sqlite'
    ? openSqliteStorage(environment, store, options)
    : openPostgresStorage(environment, store, options);
}

type SqliteLocation = Extract<SyncStoreLocation, { readonly kind: 'sqlite' }>;
type PostgresLocation = Exclude<SyncStoreLocation, SqliteLocation>;

/** The clock option of the store factories: absent unless one was given. */
const clockOptionOf = (options: OpenSyncStorageOptions): { readonly clock?: Pick<Clock, 'now'> } =>
  options.clock === undefined ? {} : { clock: options.clock };

/** The SQLite file under `dataDir` (created if need be), with in-process schedule claims and no queue. */
async function openSqliteStorage(
  environment: Pick<SyncEnvironment, 'dataDir' | 'mode'>,
  store: SqliteLocation,
  options: OpenSyncStorageOptions,
): Promise<Result<SyncStorage, SyncStorageProblem>> {
  const sqlite = await importPackage(() => import('@odoo-plane-sync/store-sqlite'), 'store-sqlite');
  if (sqlite.isErr()) return err(sqlite.error);
  mkdirSync(environment.dataDir, { recursive: true });
  const filename = sqliteFileOf(environment);
  const stores = sqlite.value.createSqliteStores({ filename, ...clockOptionOf(options) });
  return ok({
    location: store,
    stores,
    scheduleClaims: createInProcessScheduleClaims(),
    queue: undefined,
    description: `sqlite ${filename}`,
    close: () => Promise.resolve(stores.close()),
  });
}

/**
 * The Postgres stores (migrated under an advisory lock) and the pg-boss queue beside them; the stores
 * are closed again when the queue cannot start.
 */
async function openPostgresStorage(
  environment: Pick<SyncEnvironment, 'workerConcurrency'>,
  store: PostgresLocation,
  options: OpenSyncStorageOptions,
): Promise<Result<SyncStorage, SyncStorageProblem>> {
  const postgres = await importPackage(
    () => import('@odoo-plane-sync/store-postgres'),
    'store-postgres',
  );
  if (postgres.isErr()) return err(postgres.error);
  const pgboss = await importPackage(() => import('@odoo-plane-sync/queue-pgboss'), 'queue-pgboss');
  if (pgboss.isErr()) return err(pgboss.error);
  const url = new URL(store.databaseUrl);
  const description = `postgres ${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  const unreachable = (error: unknown): SyncStorageProblem => ({
    kind: 'store-unreachable',
    // pg's messages name the host and user at most, never the password; strip the URL in case.
    message: `${description}: ${(error instanceof Error ? error.message : String(error)).replaceAll(store.databaseUrl, '<DATABASE_URL>')}`,
  });

  let stores: Awaited<ReturnType<typeof postgres.value.createPostgresStores>>;
  try {
    stores = await postgres.value.createPostgresStores({
      databaseUrl: store.databaseUrl,
      schema: store.schema,
      ...clockOptionOf(options),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    return err(unreachable(error));
  }
  let queue: SharedWorkQueue;
  const jobTimeoutSeconds = store.jobTimeoutSeconds ?? 900;
  const poolConfig = postgres.value.postgresPoolConfig(store.databaseUrl);
  try {
    queue = await pgboss.value.createPgBossWorkQueue({
      connection: {
        // The URL without its pool parameters (`connection_limit`, …), which `pg` would not know.
        connectionString: poolConfig.connectionString ?? store.databaseUrl,
        max: poolConfig.max ?? 10,
        schema: store.queueSchema,
        // pg-boss finds timed-out jobs in its maintenance; look often enough to retry them soon after.
        maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.floor(jobTimeoutSeconds / 4))),
      },
      concurrency: environment.workerConcurrency,
      expireInSeconds: jobTimeoutSeconds,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    await stores.close();
    return err(unreachable(error));
  }
  return ok({
    location: store,
    stores,
    scheduleClaims: stores.scheduleClaims,
    queue,
    description,
    close: async () => {
      await queue.stop();
      await stores.close();
    },
  });
}

async function importPackage<Module>(
  load: () => Promise<Module>,
  name: string,
): Promise<Result<Module, SyncStorageProblem>> {
  const packageName = `@odoo-plane-sync/${name}`;
  try {
    return ok(await load());
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return err({
      kind: 'store-package-missing',
      packageName,
      message: `${packageName} is not installed: npm install ${packageName}`,
    });
  }
}
