import type Database from 'better-sqlite3';
import { err, ok, type Result } from 'neverthrow';
import type {
  Clock,
  Mapping,
  MappingKey,
  MappingStore,
  MappingVersionConflict,
  OdooModel,
  ShadowValue,
} from '@odoo-plane-sync/sync-core';
import { settle } from './settle.js';

interface MappingRow {
  readonly model: string;
  readonly odoo_id: number;
  readonly status: string;
  readonly plane_id: string | null;
  readonly plane_project_id: string | null;
  readonly shadow: string;
  readonly version: number;
  readonly updated_at: number;
}

interface WriteParameters {
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
const mappingOf = (row: MappingRow): Mapping => ({
  key: { model: row.model as OdooModel, odooId: row.odoo_id },
  status: row.status as Mapping['status'],
  planeId: row.plane_id,
  planeProjectId: row.plane_project_id,
  shadow: JSON.parse(row.shadow) as Record<string, ShadowValue>,
  version: row.version,
  updatedAt: row.updated_at,
});

/** Options of {@link createSqliteMappingStore}. */
export interface SqliteMappingStoreOptions {
  /** Stamps `updatedAt` on every write; default: the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * `MappingStore` on a better-sqlite3 database migrated by `applySqliteMigrations`.
 *
 * The compare-and-set happens in SQL inside an IMMEDIATE transaction: a create is an
 * `INSERT … ON CONFLICT DO NOTHING` guarded by the primary key, an update is
 * `UPDATE … WHERE version = ?`. Workers in other processes sharing the file therefore cannot both win, and
 * the loser's `actualVersion` is read under the same write lock. `updatedAt` is stamped from the clock.
 * `count` sums `mapping_counts`, a per-model-and-status tally the database keeps with triggers on every
 * insert, delete and status change: its cost does not grow with the number of mappings.
 *
 * @example
 * const db = new Database('sync.db');
 * applySqliteMigrations(db);
 * const mappings = createSqliteMappingStore(db, { clock });
 * const stored = await mappings.put({ key, status: 'pending', planeId: null, planeProjectId: null, shadow: {}, updatedAt: clock.now() }, null);
 */
export function createSqliteMappingStore(
  db: Database.Database,
  options: SqliteMappingStoreOptions = {},
): MappingStore {
  const now = (): number => (options.clock === undefined ? Date.now() : options.clock.now());

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
  let countByModel: Database.Statement<
    { status: string | null },
    { model: string; count: number }
  > | null = null;
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

  const compareAndSet = db.transaction(
    (
      mapping: Omit<Mapping, 'version'>,
      expectedVersion: number | null,
    ): MappingRow | MappingVersionConflict => {
      const parameters: WriteParameters = {
        model: mapping.key.model,
        odooId: mapping.key.odooId,
        status: mapping.status,
        planeId: mapping.planeId,
        planeProjectId: mapping.planeProjectId,
        shadow: JSON.stringify(mapping.shadow),
        updatedAt: now(),
        expectedVersion,
      };
      const written = expectedVersion === null ? insert.get(parameters) : update.get(parameters);
      if (written !== undefined) return written;
      const actual = selectByKey.get(mapping.key.model, mapping.key.odooId);
      return {
        kind: 'version-conflict',
        key: { model: mapping.key.model, odooId: mapping.key.odooId },
        expectedVersion,
        actualVersion: actual?.version ?? null,
      };
    },
  );

  return {
    get: (key: MappingKey) =>
      settle(() => {
        const row = selectByKey.get(key.model, key.odooId);
        return row === undefined ? null : mappingOf(row);
      }),
    findByPlaneId: (planeId) =>
      settle(() => {
        const row = selectByPlaneId.get(planeId);
        return row === undefined ? null : mappingOf(row);
      }),
    put: (mapping, expectedVersion) =>
      settle((): Result<Mapping, MappingVersionConflict> => {
        const outcome = compareAndSet.immediate(mapping, expectedVersion);
        return 'kind' in outcome ? err(outcome) : ok(mappingOf(outcome));
      }),
    list: (filter = {}) =>
      settle(() =>
        selectList
          .all({ model: filter.model ?? null, planeProjectId: filter.planeProjectId ?? null })
          .map(mappingOf),
      ),
    count: (filter = {}) =>
      settle(() => {
        const counts: Record<OdooModel, number> = {
          'project.project': 0,
          'project.milestone': 0,
          'project.task': 0,
        };
        for (const row of countStatement().all({ status: filter.status ?? null }))
          if (row.model in counts) counts[row.model as OdooModel] = row.count;
        return counts;
      }),
  };
}
