import type Database from 'better-sqlite3';
import type { FailureRecord, FailureTracker } from '@odoo-plane-sync/sync-core';
import { settle } from './settle.js';

interface FailureRow {
  readonly entity_key: string;
  readonly consecutive: number;
  readonly last_cause: string;
  readonly last_at: number;
  readonly alerted_at: number | null;
}

const columns = 'entity_key, consecutive, last_cause, last_at, alerted_at';

const recordOf = (row: FailureRow): FailureRecord => ({
  entityKey: row.entity_key,
  consecutive: row.consecutive,
  lastCause: row.last_cause,
  lastAt: row.last_at,
  alertedAt: row.alerted_at,
});

/**
 * `FailureTracker` on a better-sqlite3 database migrated by `applySqliteMigrations`. Each method is one
 * statement (an upsert that counts, a `DELETE … RETURNING` that ends a streak), so concurrent workers
 * never lose a count. A row exists exactly while a streak is open; its `alerted_at` ends with it.
 *
 * @example
 * const failures = createSqliteFailureTracker(db);
 * const record = await failures.recordFailure('project.task:42', 'plane 503', clock.now());
 * if (record.consecutive >= 3 && record.alertedAt === null) await alertOps(record);
 */
export function createSqliteFailureTracker(db: Database.Database): FailureTracker {
  const upsertFailure = db.prepare<[string, string, number], FailureRow>(
    `INSERT INTO failure_streaks (entity_key, consecutive, last_cause, last_at, alerted_at)
     VALUES (?, 1, ?, ?, NULL)
     ON CONFLICT (entity_key) DO UPDATE
       SET consecutive = consecutive + 1, last_cause = excluded.last_cause, last_at = excluded.last_at
     RETURNING ${columns}`,
  );
  const endStreak = db.prepare<[string], FailureRow>(
    `DELETE FROM failure_streaks WHERE entity_key = ? RETURNING ${columns}`,
  );
  const markAlerted = db.prepare<[number, string]>(
    'UPDATE failure_streaks SET alerted_at = ? WHERE entity_key = ?',
  );
  const selectOpen = db.prepare<[], FailureRow>(
    `SELECT ${columns} FROM failure_streaks ORDER BY entity_key`,
  );

  return {
    recordFailure: (entityKey, cause, at) =>
      settle(() => {
        const row = upsertFailure.get(entityKey, cause, at);
        // An upsert with RETURNING always yields the row it wrote.
        if (row === undefined) throw new Error(`Failure streak of ${entityKey} was not written.`);
        return recordOf(row);
      }),
    recordSuccess: (entityKey) =>
      settle(() => {
        const row = endStreak.get(entityKey);
        return row === undefined ? null : recordOf(row);
      }),
    markAlerted: (entityKey, at) =>
      settle(() => {
        markAlerted.run(at, entityKey);
      }),
    listOpen: () => settle(() => selectOpen.all().map(recordOf)),
  };
}
