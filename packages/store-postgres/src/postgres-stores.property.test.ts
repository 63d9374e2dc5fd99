import { describeStoreModelProperties, type StoreModelContext } from '@odoo-plane-sync/testkit';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStores, type PostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  testDatabaseUrl,
} from './test-database.js';

/**
 * 100 runs of up to 25 operations, each a round trip to the server (the SQLite store runs 150): seconds on
 * an idle machine, much more on a shared CI runner.
 */
const propertyTimeoutMs = 300_000;

/** The migrations stamp their time before any run has begun. */
const migratedAt = Date.parse('2026-01-05T09:00:00Z');

describeWithPostgres('createPostgresStores', () => {
  // One schema for the whole file, emptied before every run: migrating a schema per run would cost more
  // than the run itself. The stores read the clock and id source of the current run.
  let pool: pg.Pool;
  let stores: PostgresStores;
  let run: StoreModelContext | undefined;
  const currentRun = (): StoreModelContext => {
    if (run === undefined)
      throw new Error('The Postgres stores are only used inside a property run.');
    return run;
  };
  const schema = randomSchemaName();
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    stores = await createPostgresStores({
      pool,
      schema,
      clock: { now: () => (run === undefined ? migratedAt : run.clock.now()) },
      randomId: () => currentRun().randomId(),
    });
  });
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  describeStoreModelProperties('against the in-memory twins', {
    stores: async (context) => {
      await pool.query(
        `TRUNCATE ${pg.escapeIdentifier(schema)}.entity_mappings, ${pg.escapeIdentifier(schema)}.sync_events,
                  ${pg.escapeIdentifier(schema)}.failure_streaks RESTART IDENTITY`,
      );
      run = context;
      return { store: stores };
    },
    numRuns: 100,
    timeoutMs: propertyTimeoutMs,
  });
});
