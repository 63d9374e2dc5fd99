import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll } from 'vitest';

/**
 * The Postgres the tests use: `DATABASE_URL`, else libpq's `PGHOST`/`PGPORT`/`PGUSER`/`PGPASSWORD`/
 * `PGDATABASE`, else the loopback server with trust auth that `.ci/ensure-postgres` provides.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '') return env.DATABASE_URL;
  const url = new URL('postgres://127.0.0.1:5432/postgres');
  url.hostname = env.PGHOST ?? '127.0.0.1';
  url.port = env.PGPORT ?? '5432';
  url.username = env.PGUSER ?? 'postgres';
  if (env.PGPASSWORD !== undefined) url.password = env.PGPASSWORD;
  url.pathname = `/${env.PGDATABASE ?? 'postgres'}`;
  return url.toString();
}

/** Why no database answers at `url` (nothing listening on its host and port), or null when one does. */
export function unreachableReason(url: string): Promise<string | null> {
  const { hostname, port } = new URL(url);
  const target = `${hostname}:${port === '' ? '5432' : port}`;
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(5_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer from ${target} within 5 s`);
    });
    socket.once('error', (error) => {
      socket.destroy();
      resolve(`${target}: ${error.message}`);
    });
    socket.connect(Number(port === '' ? 5432 : port), hostname);
  });
}

/**
 * Decides whether a suite that needs Postgres runs: it runs when the database is reachable; otherwise it
 * is skipped with the reason on stderr, except under `CI=true`, where an unreachable database is an error.
 * Returns the skip reason (null: run).
 */
export async function databaseSkipReason(suite: string): Promise<string | null> {
  const url = testDatabaseUrl();
  const reason = await unreachableReason(url);
  if (reason === null) return null;
  const redacted = url.replace(/:[^:@/]*@/, ':***@');
  if (process.env.CI === 'true') {
    throw new Error(`${suite}: CI=true requires Postgres (${redacted}): ${reason}`);
  }
  process.stderr.write(
    `skipped ${suite}: no Postgres at ${redacted} (${reason}); set DATABASE_URL or start one (.ci/ensure-postgres)\n`,
  );
  return reason;
}

/**
 * A fresh pg-boss schema for one test file, dropped after it. Call at the top level of a `describe` that
 * runs; `connection()` is valid inside tests.
 */
export function useTestSchema(): () => PgBoss.ConstructorOptions {
  const schema = `queue_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const connection: PgBoss.ConstructorOptions = {
    connectionString: testDatabaseUrl(),
    schema,
    // No cron or state monitors in tests; maintenance stays on (it expires and archives jobs).
    schedule: false,
    max: 4,
  };
  let admin: PgBoss | undefined;
  beforeAll(async () => {
    admin = new PgBoss({ ...connection, supervise: false });
    admin.on('error', () => undefined);
    await admin.start();
  });
  afterAll(async () => {
    await admin?.getDb().executeSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`, []);
    await admin?.stop({ graceful: false });
  });
  return () => connection;
}
