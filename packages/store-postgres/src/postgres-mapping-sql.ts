import type { Mapping, OdooModel, ShadowValue } from '@odoo-plane-sync/sync-core';

/** One row of `entity_mappings`, as `pg` reads it. */
export interface MappingRow {
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
export const mappingOf = (row: MappingRow): Mapping => ({
  key: { model: row.model as OdooModel, odooId: Number(row.odoo_id) },
  status: row.status as Mapping['status'],
  planeId: row.plane_id,
  planeProjectId: row.plane_project_id,
  shadow: row.shadow,
  version: row.version,
  updatedAt: Number(row.updated_at),
});

/** The SQL text of the mapping store's statements, on one schema's table. */
export interface MappingSql {
  readonly selectByKey: string;
  readonly selectByPlaneId: string;
  readonly insert: string;
  readonly update: string;
  readonly countAll: string;
  readonly countByStatus: string;
  /** The listing with `where` (empty, or a WHERE clause) in it. */
  readonly list: (where: string) => string;
}

/** The mapping store's statements on `table` (schema-qualified and quoted). */
export function mappingSql(table: string): MappingSql {
  // "C" collation: the order of the keys' bytes, the same on every server whatever its locale.
  const order = 'ORDER BY model COLLATE "C", odoo_id';
  return {
    selectByKey: `SELECT ${columns} FROM ${table} WHERE model = $1 AND odoo_id = $2`,
    selectByPlaneId: `SELECT ${columns} FROM ${table} WHERE plane_id = $1 ${order} LIMIT 1`,
    insert: `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
                 ON CONFLICT (model, odoo_id) DO NOTHING
                 RETURNING ${columns}`,
    update: `UPDATE ${table}
                    SET status = $3, plane_id = $4, plane_project_id = $5, shadow = $6,
                        version = version + 1, updated_at = $7
                  WHERE model = $1 AND odoo_id = $2 AND version = $8
                 RETURNING ${columns}`,
    countAll: `SELECT model, count(*)::integer AS count FROM ${table} GROUP BY model`,
    countByStatus: `SELECT model, count(*)::integer AS count FROM ${table} WHERE status = $1 GROUP BY model`,
    list: (where) => `SELECT ${columns} FROM ${table} ${where} ${order}`,
  };
}
