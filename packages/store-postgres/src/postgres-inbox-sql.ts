import type { InboxEvent, InboxPayload, InboxSource } from '@odoo-plane-sync/sync-core';

/** One row of `sync_events`, as `pg` reads it. */
export interface InboxRow {
  readonly id: string;
  readonly source: string;
  readonly dedupe_key: string;
  readonly entity_key: string;
  readonly payload: unknown;
  /** `bigint` columns arrive as strings from `pg`. */
  readonly received_at: string;
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly retry_at: string | null;
}

const columns =
  'id, source, dedupe_key, entity_key, payload, received_at, status, attempts, last_error, retry_at';

/** The inbox event a row holds: `pg` has parsed the payload; the `bigint` times become numbers. */
export const eventOf = (row: InboxRow): InboxEvent => ({
  id: row.id,
  source: row.source as InboxSource,
  dedupeKey: row.dedupe_key,
  entityKey: row.entity_key,
  // Checked where it is used: the inbox processor refuses, and logs, a payload that does not fit.
  payload: row.payload as InboxPayload,
  receivedAt: Number(row.received_at),
  status: row.status as InboxEvent['status'],
  attempts: row.attempts,
  lastError: row.last_error,
  // Only a failed event has a retry time (a dead letter keeps none).
  retryAt: row.status === 'failed' && row.retry_at !== null ? Number(row.retry_at) : null,
});

/** Postgres reads `LIMIT NULL` as "no limit". */
export const sqlLimit = (limit: number | undefined): number | null =>
  limit === undefined || !Number.isFinite(limit) ? null : Math.max(0, Math.floor(limit));

/** The SQL text of every statement the inbox runs, on one schema's table. */
export interface InboxSql {
  readonly selectForUpdate: string;
  readonly insert: string;
  readonly selectPending: string;
  readonly markDone: string;
  readonly markFailed: string;
  readonly markPending: string;
  readonly countByStatus: string;
  readonly requeueDue: string;
  readonly selectFailed: string;
  readonly pruneDone: string;
}

/** The inbox's statements on `table` (schema-qualified and quoted). */
export function inboxSql(table: string): InboxSql {
  return {
    selectForUpdate: `SELECT id, status FROM ${table} WHERE dedupe_key = $1 FOR UPDATE`,
    insert: `INSERT INTO ${table} (id, source, dedupe_key, entity_key, payload, received_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (dedupe_key) DO NOTHING`,
    selectPending: `SELECT ${columns} FROM ${table} WHERE status = 'pending'
          ORDER BY received_at, seq LIMIT $1`,
    markDone: `UPDATE ${table} SET status = 'done', attempts = attempts + 1, retry_at = NULL, finished_at = $2
          WHERE id = $1`,
    markFailed: `UPDATE ${table}
            SET status = CASE WHEN $3::bigint IS NULL THEN 'dead' ELSE 'failed' END,
                attempts = attempts + 1, last_error = $2, retry_at = $3
          WHERE id = $1`,
    markPending: `UPDATE ${table} SET status = 'pending', retry_at = NULL
    WHERE id = $1 AND status IN ('failed', 'dead')`,
    countByStatus: `SELECT count(*)::integer AS count FROM ${table} WHERE status = $1`,
    requeueDue: `UPDATE ${table} SET status = 'pending', retry_at = NULL
          WHERE status = 'failed' AND retry_at <= $1`,
    selectFailed: `SELECT ${columns} FROM ${table} WHERE status IN ('failed', 'dead')
          ORDER BY received_at DESC, seq DESC LIMIT $1`,
    pruneDone: `DELETE FROM ${table} WHERE status = 'done' AND finished_at < $1`,
  };
}
