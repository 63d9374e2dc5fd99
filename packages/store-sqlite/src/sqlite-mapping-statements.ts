import type Database from 'better-sqlite3';
import type { Mapping, OdooModel, ShadowValue } from '@odoo-plane-sync/sync-core';

/** One row of `mappings`, as better-sqlite3 reads it. */
export interface MappingRow {
  readonly model: string;
  readonly odoo_id: number;
  readonly status: string;
  readonly plane_id: string | null;
  readonly plane_project_id: string | null;
  readonly shadow: string;
  readonly version: number;
  readonly updated_at: number;
}

/** What a create or an update binds. */
export interface WriteParameters {
  readonly model: string;
  readonly odooId: number;
  readonly status: string;
  readonly planeId: string | null;
  readonly planeProjectId: string | null;
  readonly shadow: string;
  readonly updatedAt: number;
  readonly expectedVersion: number | null;
}

const columns = 'model, odoo_id, status, plane_id, plane_project_id, shadow, version, updated_at';

/** A row becomes a fresh object every time, so callers never share state with the store. */
export const mappingOf = (row: MappingRow): Mapping => ({
  key: { model: row.model as OdooModel, odooId: row.odoo_id },
  status: row.status as Mapping['status'],
  planeId: row.plane_id,
  planeProjectId: row.plane_project_id,
  shadow: JSON.parse(row.shadow) as Record<string, ShadowValue>,
  version: row.version,
  updatedAt: row.updated_at,
});

type CountStatement = Database.Statement<
  { status: string | null },
  { model: string; count: number }
>;

/** The statements of the SQLite mapping store, prepared once per database. */
export interface MappingStatements {
  readonly selectByKey: Database.Statement<[string, number], MappingRow>;
  readonly selectByPlaneId: Database.Statement<[string], MappingRow>;
  readonly selectList: Database.Statement<
    { model: string | null; planeProjectId: string | null },
    MappingRow
  >;
  /** Prepared on first call. */
  readonly countStatement: () => CountStatement;
  readonly insert: Database.Statement<WriteParameters, MappingRow>;
  readonly update: Database.Statement<WriteParameters, MappingRow>;
}

/** Prepares the statements the mapping store runs on `mappings` (and, on first count, `mapping_counts`). */
export function prepareMappingStatements(db: Database.Database): MappingStatements {
  const selectByKey = db.prepare<[string, number], MappingRow>(
    `SELECT ${columns} FROM mappings WHERE model = ? AND odoo_id = ?`,
  );
  const selectByPlaneId = db.prepare<[string], MappingRow>(
    `SELECT ${columns} FROM mappings WHERE plane_id = ? ORDER BY model, odoo_id LIMIT 1`,
  );
  const selectList = db.prepare<
    { model: string | null; planeProjectId: string | null },
    MappingRow
  >(
    `SELECT ${columns} FROM mappings
      WHERE (@model IS NULL OR model = @model)
        AND (@planeProjectId IS NULL OR plane_project_id = @planeProjectId)
      ORDER BY model, odoo_id`,
  );
  // Prepared on first use: `mapping_counts` arrives with migration 3, the rest of the store needs only 1.
  let countByModel: CountStatement | null = null;
  const countStatement = () =>
    (countByModel ??= db.prepare(
      `SELECT model, sum(count) AS count FROM mapping_counts
        WHERE (@status IS NULL OR status = @status)
        GROUP BY model`,
    ));
  const insert = db.prepare<WriteParameters, MappingRow>(
    `INSERT INTO mappings (${columns})
     VALUES (@model, @odooId, @status, @planeId, @planeProjectId, @shadow, 1, @updatedAt)
     ON CONFLICT (model, odoo_id) DO NOTHING
     RETURNING ${columns}`,
  );
  const update = db.prepare<WriteParameters, MappingRow>(
    `UPDATE mappings
        SET status = @status, plane_id = @planeId, plane_project_id = @planeProjectId,
            shadow = @shadow, version = version + 1, updated_at = @updatedAt
      WHERE model = @model AND odoo_id = @odooId AND version = @expectedVersion
     RETURNING ${columns}`,
  );
  return { selectByKey, selectByPlaneId, selectList, countStatement, insert, update };
}
