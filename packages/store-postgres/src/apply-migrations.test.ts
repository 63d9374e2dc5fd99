import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applyPostgresMigrations } from './apply-migrations.js';
import { postgresMigrations, type PostgresMigration } from './migrations.js';
import { createPostgresMappingStore } from './postgres-mapping-store.js';
import { createPostgresInbox } from './postgres-inbox.js';
import { createPostgresEventLedger } from './postgres-event-ledger.js';
import { createPostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  testDatabaseUrl,
  useTestPool,
} from './test-database.js';

const at = Date.parse('2026-01-05T09:00:00Z');

describeWithPostgres('applyPostgresMigrations', () => {
  const pool = useTestPool();
  let schema: string;
  beforeEach(() => {
    schema = randomSchemaName();
  });
  afterEach(async () => {
    await dropSchema(pool(), schema);
  });

  const recordedVersions = async (): Promise<unknown[]> =>
    (
      await pool().query<{ version: number; name: string; applied_at: number }>(
        `SELECT version, name, applied_at::float8 AS applied_at
           FROM ${pg.escapeIdentifier(schema)}.schema_migrations ORDER BY version`,
      )
    ).rows;

  const tableNames = async (): Promise<string[]> =>
    (
      await pool().query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1
          ORDER BY table_name COLLATE "C"`,
        [schema],
      )
    ).rows.map((row) => row.table_name);

  it('applies every migration to an empty database in order and records each one', async () => {
    const applied = await applyPostgresMigrations(pool(), { schema, now: () => at });

    expect(applied).toEqual([1, 2, 3]);
    expect(await recordedVersions()).toEqual(
      postgresMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        applied_at: at,
      })),
    );
    expect(await tableNames()).toEqual([
      'entity_mappings',
      'failure_streaks',
      'ledger_entries',
      'schedule_claims',
      'schema_migrations',
      'sync_events',
      'sync_state',
    ]);
  });

  it('applies nothing to an up-to-date schema', async () => {
    await applyPostgresMigrations(pool(), { schema, now: () => at });

    const appliedAgain = await applyPostgresMigrations(pool(), { schema, now: () => at + 60_000 });

    expect(appliedAgain).toEqual([]);
    expect(await recordedVersions()).toHaveLength(postgresMigrations.length);
  });

  it('upgrades a schema at the first version, keeping its data', async () => {
    await applyPostgresMigrations(pool(), {
      schema,
      now: () => at,
      migrations: postgresMigrations.slice(0, 1),
    });
    const key = { model: 'project.task', odooId: 42 } as const;
    await createPostgresMappingStore(pool(), { schema, clock: { now: () => at } }).put(
      {
        key,
        status: 'active',
        planeId: 'wi-42',
        planeProjectId: 'p-1',
        shadow: { name: 'Kept' },
        updatedAt: at,
      },
      null,
    );
    const event = await createPostgresInbox(pool(), { schema }).add({
      source: 'odoo',
      dedupeKey: 'odoo:1',
      entityKey: 'project.task:42',
      payload: { source: 'odoo', jobs: [] },
      receivedAt: at,
    });
    expect(await tableNames()).not.toContain('ledger_entries');

    const stores = await createPostgresStores({
      pool: pool(),
      schema,
      clock: { now: () => at + 1_000 },
    });
    await stores.ledger.append({
      correlationId: 'corr-1',
      at,
      cause: 'upgrade',
      entity: { model: 'project.task', odooId: 42 },
      decision: 'none',
      writes: [],
      outcome: 'unchanged',
    });

    expect(await stores.mappings.get(key)).toMatchObject({
      planeId: 'wi-42',
      shadow: { name: 'Kept' },
      version: 1,
    });
    expect((await stores.inbox.pending()).map((pending) => pending.id)).toEqual([event.id]);
    expect(await stores.ledger.count()).toBe(1);
    expect(await recordedVersions()).toEqual([
      { version: 1, name: postgresMigrations[0]!.name, applied_at: at },
      { version: 2, name: postgresMigrations[1]!.name, applied_at: at + 1_000 },
      { version: 3, name: postgresMigrations[2]!.name, applied_at: at + 1_000 },
    ]);
  });

  it('upgrades a schema at the previous release (every migration but the last), keeping its data', async () => {
    const previous = postgresMigrations.slice(0, -1);
    const latest = postgresMigrations.at(-1)!;
    await applyPostgresMigrations(pool(), { schema, now: () => at, migrations: previous });
    const before = {
      mappings: createPostgresMappingStore(pool(), { schema, clock: { now: () => at } }),
      ledger: createPostgresEventLedger(pool(), { schema }),
    };
    const key = { model: 'project.task', odooId: 7 } as const;
    await before.mappings.put(
      {
        key,
        status: 'active',
        planeId: 'wi-7',
        planeProjectId: 'p-1',
        shadow: { name: 'Kept across the upgrade' },
        updatedAt: at,
      },
      null,
    );
    await before.ledger.append({
      correlationId: 'corr-previous',
      at,
      cause: 'before the upgrade',
      entity: key,
      decision: 'none',
      writes: [],
      outcome: 'unchanged',
    });

    const applied = await applyPostgresMigrations(pool(), { schema, now: () => at + 1_000 });

    expect(applied).toEqual([latest.version]);
    const after = await createPostgresStores({
      pool: pool(),
      schema,
      clock: { now: () => at + 2_000 },
    });
    expect(await after.mappings.get(key)).toMatchObject({
      planeId: 'wi-7',
      shadow: { name: 'Kept across the upgrade' },
      version: 1,
    });
    expect(await after.ledger.count()).toBe(1);
    expect((await recordedVersions()).at(-1)).toEqual({
      version: latest.version,
      name: latest.name,
      applied_at: at + 1_000,
    });
  });

  it('rolls back a failing migration entirely, keeping the earlier ones', async () => {
    const broken: PostgresMigration = {
      version: 4,
      name: 'broken',
      sql: ({ quoted }) =>
        `CREATE TABLE ${quoted}.half_built (id integer); INSERT INTO ${quoted}.no_such_table VALUES (1);`,
    };

    await expect(
      applyPostgresMigrations(pool(), { schema, migrations: [...postgresMigrations, broken] }),
    ).rejects.toThrow(/no_such_table/);

    expect(await tableNames()).not.toContain('half_built');
    expect(await recordedVersions()).toHaveLength(3);
  });

  it('fails without changing anything when a table of the old deployment is in the way', async () => {
    await pool().query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
    await pool().query(`CREATE TABLE ${pg.escapeIdentifier(schema)}.entity_mappings (id uuid)`);

    await expect(applyPostgresMigrations(pool(), { schema })).rejects.toThrow(/already exists/);

    expect(await recordedVersions()).toEqual([]);
    expect(await tableNames()).toEqual(['entity_mappings', 'schema_migrations']);
  });

  it('refuses a schema that records a version this release does not know', async () => {
    const future: PostgresMigration = {
      version: 99,
      name: 'from the future',
      sql: () => 'SELECT 1',
    };
    await applyPostgresMigrations(pool(), { schema, migrations: [...postgresMigrations, future] });

    await expect(applyPostgresMigrations(pool(), { schema })).rejects.toThrow(/versions 99/);
  });

  it('refuses a migration list whose versions do not strictly increase', async () => {
    const shuffled = [postgresMigrations[1]!, postgresMigrations[0]!];

    await expect(applyPostgresMigrations(pool(), { schema, migrations: shuffled })).rejects.toThrow(
      /strictly increasing/,
    );
    expect(await tableNames()).toEqual([]);
  });

  it(
    'lets two processes starting at once apply each migration exactly once',
    { timeout: 180_000 },
    async () => {
      const fixture = fileURLToPath(
        new URL('../test-fixtures/migrate-after-barrier.ts', import.meta.url),
      );
      const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
      const barrierKey = Math.floor(Math.random() * 1_000_000_000);
      // The test holds the barrier; both workers queue behind it and are released together.
      const barrier = await pool().connect();
      await barrier.query('SELECT pg_advisory_lock($1)', [barrierKey]);
      const run = promisify(execFile);
      const workers = [1, 2].map(() =>
        run(tsx, [fixture, testDatabaseUrl(), schema, String(barrierKey)], { timeout: 120_000 }),
      );
      try {
        // Wait (polling the server, not the clock) until both workers are queued on the barrier.
        let waiting = 0;
        while (waiting < 2) {
          const { rows } = await barrier.query<{ waiting: number }>(
            `SELECT count(*)::integer AS waiting FROM pg_locks
              WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
            [barrierKey],
          );
          waiting = rows[0]?.waiting ?? 0;
        }
      } finally {
        await barrier.query('SELECT pg_advisory_unlock($1)', [barrierKey]);
        barrier.release();
      }
      const applied = (await Promise.all(workers)).map(
        ({ stdout }) => JSON.parse(stdout) as number[],
      );

      expect(applied.flat().sort()).toEqual([1, 2, 3]);
      expect(await recordedVersions()).toHaveLength(3);
      expect(await tableNames()).toContain('ledger_entries');
    },
  );
});
