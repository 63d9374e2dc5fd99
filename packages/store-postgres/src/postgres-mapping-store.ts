import { err, ok, type Result } from 'neverthrow';
import type {
  Clock,
  Mapping,
  MappingStore,
  MappingVersionConflict,
  OdooModel,
  ShadowValue,
} from '@odoo-plane-sync/sync-core';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

interface MappingRow {
  readonly model: string;
  /** `bigint` columns arrive as strings from `pg`. */
  readonly odoo_id: string;
  readonly status: string;
  readonly plane_id: string | null;
  readonly plane_project_id: string | null;
  /** `json` columns arrive parsed. */
  readonly shadow: Record<string, ShadowValue>;
  readonly version: number;
  readonly updated_at: string;
}

const columns = 'model, odoo_id, status, plane_id, plane_project_id, shadow, version, updated_at';

/** `pg` parses every row afresh, so callers never share state with the store. */
const mappingOf = (row: MappingRow): Mapping => ({
  key: { model: row.model as OdooModel, odooId: Number(row.odoo_id) },
  status: row.status as Mapping['status'],
  planeId: row.plane_id,
  planeProjectId: row.plane_project_id,
  shadow: row.shadow,
  version: row.version,
  updatedAt: Number(row.updated_at),
});

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
  const table = `${postgresSchema(options.schema).quoted}.entity_mappings`;
  const selectByKey = `SELECT ${columns} FROM ${table} WHERE model = $1 AND odoo_id = $2`;
  // "C" collation: the order of the keys' bytes, the same on every server whatever its locale.
  const order = 'ORDER BY model COLLATE "C", odoo_id';

  return {
    get: async (key) => {
      const { rows } = await pool.query<MappingRow>(selectByKey, [key.model, key.odooId]);
      const row = rows[0];
      return row === undefined ? null : mappingOf(row);
    },
    findByPlaneId: async (planeId) => {
      const { rows } = await pool.query<MappingRow>(
        `SELECT ${columns} FROM ${table} WHERE plane_id = $1 ${order} LIMIT 1`,
        [planeId],
      );
      const row = rows[0];
      return row === undefined ? null : mappingOf(row);
    },
    put: (mapping, expectedVersion) =>
      inTransaction(pool, async (client): Promise<Result<Mapping, MappingVersionConflict>> => {
        const values = [
          mapping.key.model,
          mapping.key.odooId,
          mapping.status,
          mapping.planeId,
          mapping.planeProjectId,
          JSON.stringify(mapping.shadow),
          now(),
        ];
        const written =
          expectedVersion === null
            ? await client.query<MappingRow>(
                `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
                 ON CONFLICT (model, odoo_id) DO NOTHING
                 RETURNING ${columns}`,
                values,
              )
            : await client.query<MappingRow>(
                `UPDATE ${table}
                    SET status = $3, plane_id = $4, plane_project_id = $5, shadow = $6,
                        version = version + 1, updated_at = $7
                  WHERE model = $1 AND odoo_id = $2 AND version = $8
                 RETURNING ${columns}`,
                [...values, expectedVersion],
              );
        const row = written.rows[0];
        if (row !== undefined) return ok(mappingOf(row));
        const actual = await client.query<MappingRow>(selectByKey, [
          mapping.key.model,
          mapping.key.odooId,
        ]);
        return err({
          kind: 'version-conflict',
          key: { model: mapping.key.model, odooId: mapping.key.odooId },
          expectedVersion,
          actualVersion: actual.rows[0]?.version ?? null,
        });
      }),
    list: async (filter = {}) => {
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
      const { rows } = await pool.query<MappingRow>(
        `SELECT ${columns} FROM ${table} ${where} ${order}`,
        values,
      );
      return rows.map(mappingOf);
    },
    count: async (filter = {}) => {
      const counts: Record<OdooModel, number> = {
        'project.project': 0,
        'project.milestone': 0,
        'project.task': 0,
      };
      const { rows } = await pool.query<{ model: string; count: number }>(
        filter.status === undefined
          ? `SELECT model, count(*)::integer AS count FROM ${table} GROUP BY model`
          : `SELECT model, count(*)::integer AS count FROM ${table} WHERE status = $1 GROUP BY model`,
        filter.status === undefined ? [] : [filter.status],
      );
      for (const row of rows) if (row.model in counts) counts[row.model as OdooModel] = row.count;
      return counts;
    },
  };
}
