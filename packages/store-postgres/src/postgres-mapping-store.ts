import { err, ok, type Result } from 'neverthrow';
import type pg from 'pg';
import type {
  Clock,
  Mapping,
  MappingStore,
  MappingVersionConflict,
  OdooModel,
} from '@odoo-plane-sync/sync-core';
import { mappingOf, mappingSql, type MappingRow, type MappingSql } from './postgres-mapping-sql.js';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

/** Options of {@link createPostgresMappingStore}. */
export interface PostgresMappingStoreOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
  /** Stamps `updatedAt` on every write; default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * `MappingStore` on `<schema>.entity_mappings`. The compare-and-set is one SQL statement inside a
 * transaction: a create is `INSERT … ON CONFLICT DO NOTHING` guarded by the primary key, an update is
 * `UPDATE … WHERE version = $n`. Workers sharing the database therefore cannot both win (the row lock
 * makes the second writer wait, then find the version moved); the loser reads the actual version in the
 * same transaction. `count` is a `count(*)` per model in SQL: unlike the SQLite store it keeps no tally
 * table, whose few rows every worker's insert would have to lock.
 *
 * @example
 * const mappings = createPostgresMappingStore(pool, { clock });
 * const stored = await mappings.put({ key, status: 'pending', planeId: null, planeProjectId: null, shadow: {}, updatedAt: clock.now() }, null);
 */
export function createPostgresMappingStore(
  pool: PostgresPool,
  options: PostgresMappingStoreOptions = {},
): MappingStore {
  const now = (): number => (options.clock === undefined ? Date.now() : options.clock.now());
  const sql = mappingSql(`${postgresSchema(options.schema).quoted}.entity_mappings`);

  return {
    get: async (key) => {
      const { rows } = await pool.query<MappingRow>(sql.selectByKey, [key.model, key.odooId]);
      const row = rows[0];
      return row === undefined ? null : mappingOf(row);
    },
    findByPlaneId: async (planeId) => {
      const { rows } = await pool.query<MappingRow>(sql.selectByPlaneId, [planeId]);
      const row = rows[0];
      return row === undefined ? null : mappingOf(row);
    },
    put: (mapping, expectedVersion) =>
      inTransaction(pool, (client) => compareAndSet(client, sql, mapping, expectedVersion, now())),
    list: async (filter = {}) => {
      const { rows } = await pool.query<MappingRow>(...listQuery(sql, filter));
      return rows.map(mappingOf);
    },
    count: async (filter = {}) => {
      const counts: Record<OdooModel, number> = {
        'project.project': 0,
        'project.milestone': 0,
        'project.task': 0,
      };
      const { rows } = await pool.query<{ model: string; count: number }>(
        filter.status === undefined ? sql.countAll : sql.countByStatus,
        filter.status === undefined ? [] : [filter.status],
      );
      for (const row of rows) if (row.model in counts) counts[row.model as OdooModel] = row.count;
      return counts;
    },
  };
}

/**
 * The compare-and-set of `put`, on a connection inside its transaction: the insert or the versioned
 * update, and on a miss the actual version, read in the same transaction.
 */
async function compareAndSet(
  client: pg.PoolClient,
  sql: MappingSql,
  mapping: Omit<Mapping, 'version'>,
  expectedVersion: number | null,
  updatedAt: number,
): Promise<Result<Mapping, MappingVersionConflict>> {
  const values = [
    mapping.key.model,
    mapping.key.odooId,
    mapping.status,
    mapping.planeId,
    mapping.planeProjectId,
    JSON.stringify(mapping.shadow),
    updatedAt,
  ];
  const written =
    expectedVersion === null
      ? await client.query<MappingRow>(sql.insert, values)
      : await client.query<MappingRow>(sql.update, [...values, expectedVersion]);
  const row = written.rows[0];
  if (row !== undefined) return ok(mappingOf(row));
  const actual = await client.query<MappingRow>(sql.selectByKey, [
    mapping.key.model,
    mapping.key.odooId,
  ]);
  return err({
    kind: 'version-conflict',
    key: { model: mapping.key.model, odooId: mapping.key.odooId },
    expectedVersion,
    actualVersion: actual.rows[0]?.version ?? null,
  });
}

/** The listing's SQL and values: only the conditions the filter has, numbered in order. */
function listQuery(
  sql: MappingSql,
  filter: NonNullable<Parameters<MappingStore['list']>[0]>,
): [string, string[]] {
  const conditions: string[] = [];
  const values: string[] = [];
  if (filter.model !== undefined) {
    values.push(filter.model);
    conditions.push(`model = $${values.length}`);
  }
  if (filter.planeProjectId !== undefined) {
    values.push(filter.planeProjectId);
    conditions.push(`plane_project_id = $${values.length}`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return [sql.list(where), values];
}
