import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * The database the Postgres tests use: `DATABASE_URL`, else libpq's `PGHOST`, `PGPORT`, `PGUSER`,
 * `PGPASSWORD` and `PGDATABASE`, defaulting to the local server (postgres@127.0.0.1:5432/postgres).
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '') return env.DATABASE_URL;
  const url = new URL('postgres://localhost');
  url.hostname = env.PGHOST ?? '127.0.0.1';
  url.port = env.PGPORT ?? '5432';
  url.username = encodeURIComponent(env.PGUSER ?? 'postgres');
  if (env.PGPASSWORD !== undefined) url.password = encodeURIComponent(env.PGPASSWORD);
  url.pathname = `/${encodeURIComponent(env.PGDATABASE ?? 'postgres')}`;
  return url.toString();
}

/** Whether the test database answers, and if not, why (shown when its suites are skipped). */
export type TestDatabaseProbe =
  { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

/** Connects once and runs `SELECT 1`, waiting at most a few seconds. */
export async function probeTestDatabase(
  databaseUrl = testDatabaseUrl(),
): Promise<TestDatabaseProbe> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { reachable: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return { reachable: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const probe = await probeTestDatabase();
let skipNoticeShown = false;

/**
 * `describe` for suites that need Postgres. Without a reachable database they are skipped, with a notice
 * saying which database was tried and why it failed — except under `CI=true`, where a missing database
 * is a failure: CI must run these suites.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (probe.reachable) {
    describe(name, body);
    return;
  }
  const where = redactedUrl(testDatabaseUrl());
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a Postgres database (CI=true: not skipped)', () => {
        throw new Error(`No Postgres at ${where}: ${probe.reason}. Set DATABASE_URL.`);
      });
    });
    return;
  }
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    process.stderr.write(
      `store-postgres: skipping the Postgres suites: no database at ${where} (${probe.reason}). ` +
        'Start one or set DATABASE_URL (or PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).\n',
    );
  }
  describe.skip(name, body);
}

const redactedUrl = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  if (url.password !== '') url.password = '***';
  return url.toString();
};

/** A schema name no other test (or test run) uses: `test_` and random hex. */
export const randomSchemaName = (): string =>
  `test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

/** Drops a test schema with everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
}

/**
 * A pool on the test database for the enclosing `describe`: opened before its tests, ended after them.
 * The returned getter is valid inside hooks and tests.
 */
export function useTestPool(maxConnections = 4): () => pg.Pool {
  let pool: pg.Pool | undefined;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: maxConnections });
  });
  afterAll(async () => {
    await pool?.end();
  });
  return () => {
    if (pool === undefined)
      throw new Error('The test pool is only available inside a test or hook.');
    return pool;
  };
}
