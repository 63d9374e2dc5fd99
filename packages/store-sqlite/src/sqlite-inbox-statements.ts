import type Database from 'better-sqlite3';
import type { InboxEvent, InboxPayload, InboxSource } from '@odoo-plane-sync/sync-core';

/** One row of `inbox_events`, as better-sqlite3 reads it. */
export interface InboxRow {
  readonly id: string;
  readonly source: string;
  readonly dedupe_key: string;
  readonly entity_key: string;
  readonly payload: string;
  readonly received_at: number;
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly retry_at: number | null;
}

const columns =
  'id, source, dedupe_key, entity_key, payload, received_at, status, attempts, last_error, retry_at';

/** The inbox event a row holds, its payload parsed from the stored JSON text. */
export const eventOf = (row: InboxRow): InboxEvent => ({
  id: row.id,
  source: row.source as InboxSource,
  dedupeKey: row.dedupe_key,
  entityKey: row.entity_key,
  // Checked where it is used: the inbox processor refuses, and logs, a payload that does not fit.
  payload: JSON.parse(row.payload) as InboxPayload,
  receivedAt: row.received_at,
  status: row.status as InboxEvent['status'],
  attempts: row.attempts,
  lastError: row.last_error,
  // Only a failed event has a retry time (a dead letter keeps none).
  retryAt: row.status === 'failed' ? row.retry_at : null,
});

/** SQLite reads a negative LIMIT as "no limit". */
export const sqlLimit = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? -1 : Math.max(0, Math.floor(limit));

/** What inserting a new event binds. */
interface InsertParameters {
  id: string;
  source: string;
  dedupeKey: string;
  entityKey: string;
  payload: string;
  receivedAt: number;
}

/** The statements of the SQLite inbox, prepared once per database. */
export interface InboxStatements {
  readonly insert: Database.Statement<InsertParameters, void>;
  readonly selectByDedupeKey: Database.Statement<[string], { id: string; status: string }>;
  readonly selectPending: Database.Statement<[number], InboxRow>;
  readonly markDone: Database.Statement<[number, string]>;
  readonly markFailed: Database.Statement<{ id: string; error: string; retryAt: number | null }>;
  readonly markPending: Database.Statement<[string]>;
  readonly countByStatus: Database.Statement<[string], { count: number }>;
  readonly requeueDue: Database.Statement<[number]>;
  readonly selectFailed: Database.Statement<[number], InboxRow>;
  readonly pruneDone: Database.Statement<[number]>;
}

/** Prepares every statement the inbox runs on `inbox_events`. */
export function prepareInboxStatements(db: Database.Database): InboxStatements {
  return {
    insert: db.prepare<InsertParameters, void>(
      `INSERT INTO inbox_events (id, source, dedupe_key, entity_key, payload, received_at)
       VALUES (@id, @source, @dedupeKey, @entityKey, @payload, @receivedAt)`,
    ),
    selectByDedupeKey: db.prepare<[string], { id: string; status: string }>(
      'SELECT id, status FROM inbox_events WHERE dedupe_key = ?',
    ),
    selectPending: db.prepare<[number], InboxRow>(
      `SELECT ${columns} FROM inbox_events WHERE status = 'pending' ORDER BY received_at, seq LIMIT ?`,
    ),
    markDone: db.prepare<[number, string]>(
      `UPDATE inbox_events SET status = 'done', attempts = attempts + 1, retry_at = NULL, finished_at = ?
        WHERE id = ?`,
    ),
    markFailed: db.prepare<{ id: string; error: string; retryAt: number | null }>(
      `UPDATE inbox_events
          SET status = CASE WHEN @retryAt IS NULL THEN 'dead' ELSE 'failed' END,
              attempts = attempts + 1, last_error = @error, retry_at = @retryAt
        WHERE id = @id`,
    ),
    markPending: db.prepare<[string]>(
      `UPDATE inbox_events SET status = 'pending', retry_at = NULL
        WHERE id = ? AND status IN ('failed', 'dead')`,
    ),
    countByStatus: db.prepare<[string], { count: number }>(
      'SELECT count(*) AS count FROM inbox_events WHERE status = ?',
    ),
    requeueDue: db.prepare<[number]>(
      `UPDATE inbox_events SET status = 'pending', retry_at = NULL
        WHERE status = 'failed' AND retry_at <= ?`,
    ),
    selectFailed: db.prepare<[number], InboxRow>(
      `SELECT ${columns} FROM inbox_events WHERE status IN ('failed', 'dead')
        ORDER BY received_at DESC, seq DESC LIMIT ?`,
    ),
    pruneDone: db.prepare<[number]>(
      `DELETE FROM inbox_events WHERE status = 'done' AND finished_at < ?`,
    ),
  };
}
