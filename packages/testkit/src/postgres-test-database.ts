import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The Postgres a test suite uses: `DATABASE_URL`, else libpq's `PGHOST`, `PGPORT`, `PGUSER`,
 * `PGPASSWORD` and `PGDATABASE`, defaulting to the loopback server with trust auth that
 * `.ci/ensure-postgres` provides (postgres@127.0.0.1:5432/postgres).
 */
export function testPostgresUrl(environment: Environment = process.env): string {
  if (environment.DATABASE_URL !== undefined && environment.DATABASE_URL !== '')
    return environment.DATABASE_URL;
  const url = new URL('postgres://localhost');
  url.hostname = environment.PGHOST ?? '127.0.0.1';
  url.port = environment.PGPORT ?? '5432';
  url.username = encodeURIComponent(environment.PGUSER ?? 'postgres');
  if (environment.PGPASSWORD !== undefined)
    url.password = encodeURIComponent(environment.PGPASSWORD);
  url.pathname = `/${encodeURIComponent(environment.PGDATABASE ?? 'postgres')}`;
  return url.toString();
}

/** Why nothing listens at the URL's host and port (within 5 s), or null when something does. */
function unreachableReason(databaseUrl: string): Promise<string | null> {
  const { hostname, port } = new URL(databaseUrl);
  const target = `${hostname}:${port === '' ? '5432' : port}`;
  return new Promise((resolve) => {
    const socket = new Socket();
    const settle = (reason: string | null): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(5_000);
    socket.once('connect', () => settle(null));
    socket.once('timeout', () => settle(`no answer from ${target} within 5 s`));
    socket.once('error', (error) => settle(`${target}: ${error.message}`));
    socket.connect(Number(port === '' ? 5432 : port), hostname);
  });
}

/**
 * Decides whether a suite that needs Postgres runs. Reachable: null (run it). Unreachable: under
 * `CI=true` it throws, so the test file fails instead of skipping (CI must run these suites); otherwise
 * it writes which database was tried and why to stderr and returns that reason (skip it).
 *
 * @example
 * const skipReason = await postgresSkipReason('Lambda handlers on Postgres');
 * describe.skipIf(skipReason !== null)('Lambda handlers on Postgres', () => { … });
 */
export async function postgresSkipReason(
  suite: string,
  environment: Environment = process.env,
): Promise<string | null> {
  const databaseUrl = testPostgresUrl(environment);
  const reason = await unreachableReason(databaseUrl);
  if (reason === null) return null;
  const shown = new URL(databaseUrl);
  if (shown.password !== '') shown.password = '***';
  if (environment.CI === 'true')
    throw new Error(`${suite}: CI=true requires Postgres at ${shown.toString()}: ${reason}`);
  process.stderr.write(
    `skipped ${suite}: no Postgres at ${shown.toString()} (${reason}); ` +
      'start one (.ci/ensure-postgres) or set DATABASE_URL (or PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)\n',
  );
  return reason;
}

/** A schema name no other test or test run uses: the prefix and 12 random hex digits. */
export const uniqueSchemaName = (prefix: string): string =>
  `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
