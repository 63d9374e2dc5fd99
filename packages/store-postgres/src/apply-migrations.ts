import type pg from 'pg';
import { postgresMigrations, type PostgresMigration } from './migrations.js';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

/** Options of {@link applyPostgresMigrations}. */
export interface ApplyPostgresMigrationsOptions {
  /** The schema to migrate; default `ppm`. */
  readonly schema?: string;
  /** Stamps the migration records; default: the system clock. */
  readonly now?: () => number;
  readonly migrations?: readonly PostgresMigration[];
}

/**
 * First key of the advisory lock migrations hold ("OPSM"); the second is the schema name's hash, so two
 * schemas in one database migrate independently.
 */
const migrationLockClass = 0x4f50534d;

/**
 * Brings a schema up to date: creates it and `schema_migrations` when missing, then applies each
 * migration it has not recorded yet, in version order, each in its own transaction together with its
 * record (a failing migration leaves neither a half-built schema nor a record). Returns the versions it
 * applied (empty for an up-to-date schema).
 *
 * Every one of those transactions first takes a transaction-scoped advisory lock
 * (`pg_advisory_xact_lock`) for the schema, then re-reads the records: two workers starting together
 * apply each migration once, the second one waits and finds it done. A transaction-scoped lock (not a
 * session one) also holds behind a transaction-mode pooler such as Supabase's PgBouncer, where
 * consecutive statements may run on different server connections.
 *
 * Rejects when the schema records a version this code does not know: it was written by a newer release,
 * and running older code against it could corrupt it.
 *
 * @example
 * const pool = new pg.Pool({ connectionString: databaseUrl });
 * await applyPostgresMigrations(pool); // [1, 2] the first time, [] afterwards
 */
export async function applyPostgresMigrations(
  pool: PostgresPool,
  options: ApplyPostgresMigrationsOptions = {},
): Promise<number[]> {
  const migrations = options.migrations ?? postgresMigrations;
  const now = options.now ?? (() => Date.now());
  const schema = postgresSchema(options.schema);
  assertOrdered(migrations);

  const recordedUnderLock = async (client: pg.PoolClient): Promise<Set<number>> => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      migrationLockClass,
      schema.name,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema.quoted}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema.quoted}.schema_migrations (
        version    integer PRIMARY KEY,
        name       text    NOT NULL,
        applied_at bigint  NOT NULL
      )`);
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${schema.quoted}.schema_migrations`,
    );
    return new Set(rows.map((row) => row.version));
  };

  await inTransaction(pool, async (client) => {
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...(await recordedUnderLock(client))].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(
        `The schema ${schema.name} has versions ${unknown.sort((a, b) => a - b).join(', ')} that this release does not know; upgrade the package.`,
      );
    }
  });

  const applied: number[] = [];
  for (const migration of migrations) {
    await inTransaction(pool, async (client) => {
      if ((await recordedUnderLock(client)).has(migration.version)) return;
      await client.query(migration.sql(schema));
      await client.query(
        `INSERT INTO ${schema.quoted}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
        [migration.version, migration.name, now()],
      );
      applied.push(migration.version);
    });
  }
  return applied;
}

function assertOrdered(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`Migration "${migration.name}" has an invalid version ${migration.version}.`);
    }
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(
        `Migrations must have strictly increasing versions (${previous.version}, ${migration.version}).`,
      );
    }
  });
}
