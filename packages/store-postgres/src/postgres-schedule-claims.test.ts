import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  testDatabaseUrl,
} from './test-database.js';

describeWithPostgres('createPostgresScheduleClaims', () => {
  let admin: pg.Pool;
  let schema: string;
  let workers: PostgresStores[];
  beforeAll(() => {
    admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  });
  afterAll(async () => {
    await admin.end();
  });
  beforeEach(async () => {
    schema = randomSchemaName();
    // Three workers, each on a pool of its own, as three processes would be.
    workers = [];
    for (let worker = 0; worker < 3; worker += 1)
      workers.push(
        await createPostgresStores({ databaseUrl: testDatabaseUrl(), schema, maxConnections: 2 }),
      );
  });
  afterEach(async () => {
    await Promise.all(workers.map((stores) => stores.close()));
    await dropSchema(admin, schema);
  });

  it('gives each slot of a schedule to exactly one of the workers claiming it at once', async () => {
    const won: boolean[][] = [];
    for (const slot of [100, 101, 102, 103, 104]) {
      won.push(
        await Promise.all(workers.map((stores) => stores.scheduleClaims.claim('odoo-poll', slot))),
      );
    }

    expect(won.map((claims) => claims.filter(Boolean).length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses a slot already claimed or older, and keeps schedules apart', async () => {
    const [first, second] = workers as [PostgresStores, PostgresStores];

    expect(await first.scheduleClaims.claim('reconcile', 7)).toBe(true);
    expect(await second.scheduleClaims.claim('reconcile', 7)).toBe(false);
    expect(await second.scheduleClaims.claim('reconcile', 6)).toBe(false);
    expect(await second.scheduleClaims.claim('odoo-poll', 7)).toBe(true);
    expect(await second.scheduleClaims.claim('reconcile', 8)).toBe(true);
  });
});
