/**
 * One worker starting up, for the "two processes migrate once" test: waits on a shared advisory lock the
 * test holds (so both workers are released at the same moment), migrates, and prints the versions it
 * applied as JSON. Arguments: database URL, schema, barrier lock key.
 */
import pg from 'pg';
import { applyPostgresMigrations } from '../src/apply-migrations.js';

const [databaseUrl, schema, barrierKey] = process.argv.slice(2);
if (databaseUrl === undefined || schema === undefined || barrierKey === undefined)
  throw new Error('usage: migrate-after-barrier <database-url> <schema> <barrier-key>');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
try {
  await pool.query('SELECT pg_advisory_lock_shared($1)', [Number(barrierKey)]);
  const applied = await applyPostgresMigrations(pool, { schema });
  process.stdout.write(`${JSON.stringify(applied)}\n`);
} finally {
  await pool.end();
}
