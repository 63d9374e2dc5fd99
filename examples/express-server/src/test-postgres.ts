import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/**
 * The Postgres server the tests use: `DATABASE_URL`, else libpq's `PGHOST`/`PGPORT`/`PGUSER`/
 * `PGPASSWORD`, else the loopback server with trust auth that `.ci/ensure-postgres` provides.
 */
function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '') return env.DATABASE_URL;
  const url = new URL('postgres://127.0.0.1:5432/postgres');
  url.hostname = env.PGHOST ?? '127.0.0.1';
  url.port = env.PGPORT ?? '5432';
  url.username = encodeURIComponent(env.PGUSER ?? 'postgres');
  if (env.PGPASSWORD !== undefined) url.password = encodeURIComponent(env.PGPASSWORD);
  return url.toString();
}

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await probe();

/**
 * `describe` for suites that need Postgres: skipped with the reason on stderr when no server answers,
 * except under `CI=true`, where that is a failure (CI must run them).
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (unreachable === null) return void describe(name, body);
  if (process.env.CI === 'true') {
    return void describe(name, () => {
      it('needs a Postgres server (CI=true: not skipped)', () => {
        throw new Error(`No Postgres server: ${unreachable}. Set DATABASE_URL.`);
      });
    });
  }
  process.stderr.write(`skipped ${name}: no Postgres server (${unreachable}); set DATABASE_URL\n`);
  describe.skip(name, body);
}

/** A database of its own for one test (workers share it, other test runs never see it). */
export interface TestDatabase {
  readonly url: string;
  /** Drops the database, ending the connections still open to it. */
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<random>` on the test server. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}
