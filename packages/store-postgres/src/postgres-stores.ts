import pg from 'pg';
import type {
  Clock,
  EventLedger,
  FailureTracker,
  Inbox,
  InboxMaintenance,
  Logger,
  MappingStore,
  SyncStateStore,
} from '@odoo-plane-sync/sync-core';
import { applyPostgresMigrations } from './apply-migrations.js';
import { createPostgresEventLedger } from './postgres-event-ledger.js';
import { createPostgresFailureTracker } from './postgres-failure-tracker.js';
import { createPostgresInbox } from './postgres-inbox.js';
import { createPostgresMappingStore } from './postgres-mapping-store.js';
import {
  createPostgresScheduleClaims,
  type PostgresScheduleClaims,
} from './postgres-schedule-claims.js';
import { postgresPoolConfig, type PostgresPoolSettings } from './postgres-pool-config.js';
import { defaultPostgresSchemaName } from './postgres-schema.js';
import { createPostgresSyncStateStore } from './postgres-sync-state-store.js';

/** Options of {@link createPostgresStores}: a `databaseUrl` to open a pool with, or a `pool` to share. */
export type PostgresStoresOptions = PostgresPoolSettings & {
  /** The schema the tables live in; default `ppm` (the original Supabase tables' schema). */
  readonly schema?: string;
  /** Stamps mapping `updatedAt`, state and migration times; default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** Ids of accepted inbox events; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
  /** Told about connections the pool lost while idle (a server restart); without it they are dropped silently. */
  readonly logger?: Pick<Logger, 'error'>;
} & (
    | {
        /** A standard connection string; see `postgresPoolConfig`. */
        readonly databaseUrl: string;
        readonly pool?: never;
      }
    | {
        /** An application's own pool; the stores use it and `close` leaves it open. */
        readonly pool: pg.Pool;
        readonly databaseUrl?: never;
      }
  );

/** Every store the engine needs, sharing one connection pool. */
export interface PostgresStores {
  readonly mappings: MappingStore;
  readonly ledger: EventLedger;
  readonly inbox: Inbox & InboxMaintenance;
  readonly failures: FailureTracker;
  readonly syncState: SyncStateStore;
  /** Schedule ticks claimed once across the workers (the agent's `scheduleClaims`). */
  readonly scheduleClaims: PostgresScheduleClaims;
  /** The schema the tables live in. */
  readonly schema: string;
  /**
   * Closes the pool when the stores opened it (a shared `pool` stays open); calling it again does nothing.
   * The stores must not be used afterwards.
   */
  close(): Promise<void>;
}

/**
 * Connects to Postgres, brings the schema up to date with `applyPostgresMigrations` (under an advisory
 * lock, so workers starting together migrate once) and returns every store on one pool. Several workers
 * may share the database: each compare-and-set, dedupe and streak count happens in SQL.
 *
 * @example
 * const stores = await createPostgresStores({ databaseUrl: env.DATABASE_URL, clock });
 * const engine = createSyncEngine({ store: stores.mappings, ledger: stores.ledger, … });
 * // on shutdown
 * await stores.close();
 */
export async function createPostgresStores(
  options: PostgresStoresOptions,
): Promise<PostgresStores> {
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool(postgresPoolConfig(options.databaseUrl, options));
  if (ownsPool) {
    // An idle connection the server drops emits 'error' on the pool; unheard, it would end the process.
    pool.on('error', (error) => {
      options.logger?.error('postgres connection lost', { error: error.message });
    });
  }
  const schema = options.schema ?? defaultPostgresSchemaName;
  const clock = options.clock;
  try {
    await applyPostgresMigrations(pool, {
      schema,
      ...(clock === undefined ? {} : { now: () => clock.now() }),
    });
  } catch (error) {
    // A failed migration (or a schema from a newer release) must not leave the pool open.
    if (ownsPool) await pool.end();
    throw error;
  }
  const clockOption = clock === undefined ? {} : { clock };
  let closed = false;
  return {
    mappings: createPostgresMappingStore(pool, { schema, ...clockOption }),
    ledger: createPostgresEventLedger(pool, { schema }),
    inbox: createPostgresInbox(pool, {
      schema,
      ...(options.randomId === undefined ? {} : { randomId: options.randomId }),
    }),
    failures: createPostgresFailureTracker(pool, { schema }),
    syncState: createPostgresSyncStateStore(pool, { schema, ...clockOption }),
    scheduleClaims: createPostgresScheduleClaims(pool, {
      schema,
      ...(clock === undefined ? {} : { now: () => clock.now() }),
    }),
    schema,
    close: async () => {
      // Idempotent: shutdown paths often close twice, and pg refuses to end a pool again.
      if (!ownsPool || closed) return;
      closed = true;
      await pool.end();
    },
  };
}
