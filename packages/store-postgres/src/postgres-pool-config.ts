import type pg from 'pg';

/** Options of {@link postgresPoolConfig}; each one wins over the same setting in the URL. */
export interface PostgresPoolSettings {
  /** Most connections the pool opens; default the URL's `connection_limit`, else 10. */
  readonly maxConnections?: number;
  /** How long a connection may sit idle before it is closed; default 30 000 ms. */
  readonly idleTimeoutMs?: number;
  /** How long to wait for a connection (new or from the pool); default the URL's `pool_timeout` or `connect_timeout` (seconds), else 10 000 ms. */
  readonly connectionTimeoutMs?: number;
  /** Shown in `pg_stat_activity`; default the URL's `application_name`, else `odoo-plane-sync`. */
  readonly applicationName?: string;
}

/** URL parameters that configure the pool rather than the server session; `pg` must not see them. */
const poolParameters = ['connection_limit', 'pool_timeout', 'connect_timeout'] as const;

const positiveNumber = (text: string | null): number | undefined => {
  if (text === null) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
};

/**
 * Turns a standard `DATABASE_URL` (`postgres://user:password@host:5432/db?sslmode=require`) into the
 * `pg.Pool` settings. Host, port, credentials, database and TLS (`sslmode`, `sslrootcert`, …) are read
 * by `pg` itself from the URL; this adds the pool: `connection_limit` and `pool_timeout` (the parameters
 * Supabase's and Prisma's connection strings use) and libpq's `connect_timeout`, both in seconds.
 *
 * @example
 * const pool = new pg.Pool(postgresPoolConfig('postgres://sync@db.internal/sync?sslmode=verify-full&connection_limit=5'));
 */
export function postgresPoolConfig(
  databaseUrl: string,
  settings: PostgresPoolSettings = {},
): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const limit = positiveNumber(url.searchParams.get('connection_limit'));
  const timeoutSeconds =
    positiveNumber(url.searchParams.get('pool_timeout')) ??
    positiveNumber(url.searchParams.get('connect_timeout'));
  const applicationName = url.searchParams.get('application_name');
  for (const parameter of poolParameters) url.searchParams.delete(parameter);
  return {
    connectionString: url.toString(),
    max: settings.maxConnections ?? limit ?? 10,
    idleTimeoutMillis: settings.idleTimeoutMs ?? 30_000,
    connectionTimeoutMillis:
      settings.connectionTimeoutMs ??
      (timeoutSeconds === undefined ? 10_000 : Math.round(timeoutSeconds * 1_000)),
    application_name: settings.applicationName ?? applicationName ?? 'odoo-plane-sync',
  };
}
