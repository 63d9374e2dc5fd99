import { describe, expect, it } from 'vitest';
import { postgresSkipReason, testPostgresUrl, uniqueSchemaName } from './postgres-test-database.js';

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const nowhere = { PGHOST: '127.0.0.1', PGPORT: '1', PGPASSWORD: 'pg-secret' };

describe('testPostgresUrl', () => {
  it('prefers DATABASE_URL, else builds the URL from libpq variables around the loopback default', () => {
    expect(testPostgresUrl({ DATABASE_URL: 'postgres://u@db:6543/x' })).toBe(
      'postgres://u@db:6543/x',
    );
    expect(testPostgresUrl({})).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(testPostgresUrl({ PGUSER: 'sync', PGDATABASE: 'test', PGPORT: '5433' })).toBe(
      'postgres://sync@127.0.0.1:5433/test',
    );
  });
});

describe('postgresSkipReason', () => {
  it('skips with the reason outside CI, never showing the password', async () => {
    const reason = await postgresSkipReason('a suite', nowhere);

    expect(reason).toMatch(/^127\.0\.0\.1:1: /);
    expect(reason).not.toContain('pg-secret');
  });

  it('fails under CI=true instead of skipping', async () => {
    await expect(postgresSkipReason('a suite', { ...nowhere, CI: 'true' })).rejects.toThrow(
      /^a suite: CI=true requires Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres: /,
    );
  });
});

describe('uniqueSchemaName', () => {
  it('gives a fresh lower-case identifier each time', () => {
    const names = new Set(Array.from({ length: 20 }, () => uniqueSchemaName('lambda_test')));

    expect(names.size).toBe(20);
    for (const name of names) expect(name).toMatch(/^lambda_test_[0-9a-f]{12}$/);
  });
});
