import type Database from 'better-sqlite3';
import { err, ok, type Result } from 'neverthrow';
import type {
  Clock,
  Mapping,
  MappingKey,
  MappingStore,
  MappingVersionConflict,
  OdooModel,
} from '@odoo-plane-sync/sync-core';
import {
  mappingOf,
  prepareMappingStatements,
  type MappingRow,
  type MappingStatements,
  type WriteParameters,
} from './sqlite-mapping-statements.js';
import { settle } from './settle.js';

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
  const statements = prepareMappingStatements(db);
  const compareAndSet = prepareCompareAndSet(db, statements, now);

  return {
    get: (key: MappingKey) =>
      settle(() => {
        const row = statements.selectByKey.get(key.model, key.odooId);
        return row === undefined ? null : mappingOf(row);
      }),
    findByPlaneId: (planeId) =>
      settle(() => {
        const row = statements.selectByPlaneId.get(planeId);
        return row === undefined ? null : mappingOf(row);
      }),
    put: (mapping, expectedVersion) =>
      settle((): Result<Mapping, MappingVersionConflict> => {
        const outcome = compareAndSet.immediate(mapping, expectedVersion);
        return 'kind' in outcome ? err(outcome) : ok(mappingOf(outcome));
      }),
    list: (filter = {}) =>
      settle(() =>
        statements.selectList
          .all({ model: filter.model ?? null, planeProjectId: filter.planeProjectId ?? null })
          .map(mappingOf),
      ),
    count: (filter = {}) => settle(() => countByModel(statements, filter.status ?? null)),
  };
}

/**
 * The compare-and-set of `put` as a transaction: the insert or the versioned update, and on a miss the
 * actual version, read under the same write lock.
 */
function prepareCompareAndSet(
  db: Database.Database,
  statements: MappingStatements,
  now: () => number,
) {
  return db.transaction(
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
      const written =
        expectedVersion === null
          ? statements.insert.get(parameters)
          : statements.update.get(parameters);
      if (written !== undefined) return written;
      const actual = statements.selectByKey.get(mapping.key.model, mapping.key.odooId);
      return {
        kind: 'version-conflict',
        key: { model: mapping.key.model, odooId: mapping.key.odooId },
        expectedVersion,
        actualVersion: actual?.version ?? null,
      };
    },
  );
}

/** Mappings per model, from the `mapping_counts` tally; a model with none counts 0. */
function countByModel(
  statements: MappingStatements,
  status: string | null,
): Record<OdooModel, number> {
  const counts: Record<OdooModel, number> = {
    'project.project': 0,
    'project.milestone': 0,
    'project.task': 0,
  };
  for (const row of statements.countStatement().all({ status }))
    if (row.model in counts) counts[row.model as OdooModel] = row.count;
  return counts;
}
