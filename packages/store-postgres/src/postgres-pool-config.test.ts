import { describe, expect, it } from 'vitest';
import { postgresPoolConfig } from './postgres-pool-config.js';

describe('postgresPoolConfig', () => {
  it('keeps the connection and TLS settings of the URL for pg, with the default pool', () => {
    const config = postgresPoolConfig(
      'postgres://sync:s3cret@db.internal:6543/sync?sslmode=verify-full&sslrootcert=/etc/ca.pem',
    );

    expect(config).toStrictEqual({
      connectionString:
        'postgres://sync:s3cret@db.internal:6543/sync?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem',
      max: 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'odoo-plane-sync',
    });
  });

  it('reads the pool size and wait from connection_limit and pool_timeout, and hides them from pg', () => {
    const config = postgresPoolConfig(
      'postgresql://sync@pooler.supabase.com:6543/postgres?connection_limit=3&pool_timeout=20&sslmode=require&application_name=worker-1',
    );

    expect(config).toMatchObject({
      connectionString:
        'postgresql://sync@pooler.supabase.com:6543/postgres?sslmode=require&application_name=worker-1',
      max: 3,
      connectionTimeoutMillis: 20_000,
      application_name: 'worker-1',
    });
  });

  it("falls back to libpq's connect_timeout, and lets explicit settings win over the URL", () => {
    expect(postgresPoolConfig('postgres://db/sync?connect_timeout=5')).toMatchObject({
      connectionString: 'postgres://db/sync',
      connectionTimeoutMillis: 5_000,
    });
    expect(
      postgresPoolConfig('postgres://db/sync?connection_limit=3&pool_timeout=20', {
        maxConnections: 8,
        connectionTimeoutMs: 2_500,
        idleTimeoutMs: 1_000,
        applicationName: 'replay',
      }),
    ).toMatchObject({
      max: 8,
      connectionTimeoutMillis: 2_500,
      idleTimeoutMillis: 1_000,
      application_name: 'replay',
    });
  });

  it('ignores pool parameters that are not positive numbers', () => {
    expect(
      postgresPoolConfig('postgres://db/sync?connection_limit=none&pool_timeout=0'),
    ).toMatchObject({
      max: 10,
      connectionTimeoutMillis: 10_000,
    });
  });
});
