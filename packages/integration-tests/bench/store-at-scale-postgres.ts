// The Postgres part of the store-at-scale benchmark (store-at-scale.ts runs it after SQLite): the same
// workload through `createPostgresStores`, in a schema of its own that is dropped at the end, so a run
// never meets an earlier one's rows and leaves nothing behind. With no server answering at DATABASE_URL
// it prints why and measures nothing.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresStores, postgresPoolConfig } from '@odoo-plane-sync/store-postgres';
import type { BenchmarkSection } from './benchmarks-doc.js';
import {
  megabytes,
  reportStoreFigures,
  runStoreWorkload,
  workloadInstant,
} from './store-workload.js';

/** The server the tests and `.ci/ensure-postgres` use: loopback, trust auth, database `test`. */
const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** The table the mappings live in (see store-postgres's migrations); the other tables stay empty here. */
const mappingsTable = 'entity_mappings';

/** The URL with its password hidden, for printed lines. */
const redacted = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  if (url.password !== '') url.password = '***';
  return url.toString();
};

/** What the server said about itself: settings that move the figures, printed with them. */
interface ServerSettings {
  readonly version: string;
  readonly synchronousCommit: string;
}

/** The server's settings, or why it did not answer (refused, timed out, unknown database, …). */
async function askServer(
  pool: pg.Pool,
): Promise<{ readonly settings: ServerSettings } | { readonly reason: string }> {
  try {
    const { rows } = await pool.query<{ version: string; synchronous_commit: string }>(
      `SELECT current_setting('server_version') AS version,
              current_setting('synchronous_commit') AS synchronous_commit`,
    );
    const row = rows[0];
    if (row === undefined) return { reason: 'the server returned no settings' };
    return { settings: { version: row.version, synchronousCommit: row.synchronous_commit } };
  } catch (error) {
    return { reason: error instanceof Error ? error.message || error.name : String(error) };
  }
}

/** Bytes on disk of the mappings table: all of it (`pg_total_relation_size`), its heap + TOAST, its indexes. */
interface RelationSizes {
  readonly total: number;
  readonly table: number;
  readonly indexes: number;
}

async function mappingsTableSizes(pool: pg.Pool, schema: string): Promise<RelationSizes> {
  const { rows } = await pool.query<{ total: string; table: string; indexes: string }>(
    `SELECT pg_total_relation_size($1::regclass) AS total,
            pg_table_size($1::regclass) AS table,
            pg_indexes_size($1::regclass) AS indexes`,
    [`${pg.escapeIdentifier(schema)}.${mappingsTable}`],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`no size for ${schema}.${mappingsTable}`);
  return { total: Number(row.total), table: Number(row.table), indexes: Number(row.indexes) };
}

/** Where the figures were taken: the server's settings, its host and the pool's size. */
interface PostgresSetting {
  readonly settings: ServerSettings;
  readonly host: string;
  readonly maxConnections: number;
}

/** The section's note: how the figures were taken, on which server, and the run's one-line summary. */
function postgresNote(setting: PostgresSetting, footnote: string): string {
  return [
    'Written by `packages/integration-tests/bench/store-at-scale.ts --write-docs` (its Postgres part,',
    '`store-at-scale-postgres.ts`), in the same run as the SQLite section and with the same workload, through',
    `\`createPostgresStores\` on one pool of ${setting.maxConnections} connections, in a fresh schema dropped at the end.`,
    `PostgreSQL ${setting.settings.version} at ${setting.host} (\`DATABASE_URL\`, default ${defaultDatabaseUrl}),`,
    `\`synchronous_commit = ${setting.settings.synchronousCommit}\`. Each \`put\` is its own transaction (BEGIN,`,
    '`INSERT … ON CONFLICT DO NOTHING`, COMMIT), so the insert rate is mostly round trips and commits.',
    '`/status` counts the mappings with one `count(*) … GROUP BY model` (the Postgres store keeps no tally',
    "table, so workers' inserts never queue on one; see its README): unlike SQLite's, it grows with the",
    'mappings. Size on disk is `pg_total_relation_size` of `entity_mappings` (heap, TOAST and its',
    "indexes); the process RSS is the benchmark's Node process after the SQLite part (the server's memory",
    'is not in it), so the growth during the inserts is the figure to read.',
    footnote,
  ].join('\n');
}

/** Runs the workload on a fresh schema and reads the table's size before the schema is dropped. */
async function measureOnServer(pool: pg.Pool, mappingCount: number) {
  const schema = `bench_store_at_scale_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    const stores = await createPostgresStores({
      pool,
      schema,
      clock: { now: () => workloadInstant },
    });
    const figures = await runStoreWorkload(stores, mappingCount);
    const sizes = await mappingsTableSizes(pool, schema);
    await stores.close();
    return { figures, sizes };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  }
}

/**
 * Measures the Postgres store at `mappingCount` mappings and prints the figures; returns its section of
 * docs/BENCHMARKS.md, or null (after printing why) when no server answers at `DATABASE_URL`.
 *
 * @example
 * const section = await measurePostgresStoreAtScale(100_000);
 * writeDocsIfAsked(section === null ? [] : [section]);
 */
export async function measurePostgresStoreAtScale(
  mappingCount: number,
): Promise<BenchmarkSection | null> {
  // An empty DATABASE_URL (as CI templates often export) means the default, not a malformed URL.
  const databaseUrl = process.env.DATABASE_URL || defaultDatabaseUrl;
  const pool = new pg.Pool(postgresPoolConfig(databaseUrl));
  // An idle connection the server drops emits 'error' on the pool; unheard, it would end the process.
  pool.on('error', (error) => console.error(`store at scale (Postgres): ${error.message}`));
  try {
    const answer = await askServer(pool);
    if ('reason' in answer) {
      console.log(
        `store at scale (Postgres): skipped, no server answers at ${redacted(databaseUrl)} ` +
          `(${answer.reason}); set DATABASE_URL to measure it.`,
      );
      return null;
    }
    console.log(
      `store at scale (Postgres): PostgreSQL ${answer.settings.version} at ${redacted(databaseUrl)}, ` +
        `synchronous_commit ${answer.settings.synchronousCommit}; inserting ${mappingCount.toLocaleString('en')} mappings`,
    );
    const { figures, sizes } = await measureOnServer(pool, mappingCount);
    return reportStoreFigures(figures, {
      technology: 'Postgres',
      storage:
        `\`${mappingsTable}\` ${megabytes(sizes.total)} MB on disk ` +
        `(table ${megabytes(sizes.table)} MB + indexes ${megabytes(sizes.indexes)} MB)`,
      note: (footnote) =>
        postgresNote(
          {
            settings: answer.settings,
            host: new URL(databaseUrl).host,
            maxConnections: pool.options.max,
          },
          footnote,
        ),
    });
  } finally {
    await pool.end();
  }
}
