import type Database from 'better-sqlite3';
import type { Inbox, InboxEvent, InboxSource } from '@odoo-plane-sync/sync-core';
import { settle } from './settle.js';

interface InboxRow {
  readonly id: string;
  readonly source: string;
  readonly dedupe_key: string;
  readonly entity_key: string;
  readonly payload: string;
  readonly received_at: number;
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
}

const columns =
  'id, source, dedupe_key, entity_key, payload, received_at, status, attempts, last_error';

const eventOf = (row: InboxRow): InboxEvent => ({
  id: row.id,
  source: row.source as InboxSource,
  dedupeKey: row.dedupe_key,
  entityKey: row.entity_key,
  payload: JSON.parse(row.payload) as unknown,
  receivedAt: row.received_at,
  status: row.status as InboxEvent['status'],
  attempts: row.attempts,
  lastError: row.last_error,
});

/** SQLite reads a negative LIMIT as "no limit". */
const sqlLimit = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? -1 : Math.max(0, Math.floor(limit));

/** Options of {@link createSqliteInbox}. */
export interface SqliteInboxOptions {
  /** Ids of accepted events; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
}

/**
 * `Inbox` on a better-sqlite3 database migrated by `applySqliteMigrations`. The dedupe key is UNIQUE in the
 * table and `add` looks it up and inserts in one IMMEDIATE transaction: two processes receiving the same
 * delivery store it once, and an id is drawn only for a new event. A dedupe key is remembered as long as its event is stored, whatever its status.
 * Pending events come oldest first by `receivedAt`, then in insertion order.
 *
 * @example
 * const inbox = createSqliteInbox(db);
 * const { accepted } = await inbox.add({ source: 'plane', dedupeKey, entityKey, payload, receivedAt: clock.now() });
 */
export function createSqliteInbox(db: Database.Database, options: SqliteInboxOptions = {}): Inbox {
  const randomId = options.randomId ?? (() => crypto.randomUUID());

  const insert = db.prepare<
    {
      id: string;
      source: string;
      dedupeKey: string;
      entityKey: string;
      payload: string;
      receivedAt: number;
    },
    void
  >(
    `INSERT INTO inbox_events (id, source, dedupe_key, entity_key, payload, received_at)
     VALUES (@id, @source, @dedupeKey, @entityKey, @payload, @receivedAt)`,
  );
  const selectIdByDedupeKey = db.prepare<[string], { id: string }>(
    'SELECT id FROM inbox_events WHERE dedupe_key = ?',
  );
  const selectPending = db.prepare<[number], InboxRow>(
    `SELECT ${columns} FROM inbox_events WHERE status = 'pending' ORDER BY received_at, seq LIMIT ?`,
  );
  const markDone = db.prepare<[string]>(
    `UPDATE inbox_events SET status = 'done', attempts = attempts + 1 WHERE id = ?`,
  );
  const markFailed = db.prepare<[string, string]>(
    `UPDATE inbox_events SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
  );
  const markPending = db.prepare<[string]>(
    `UPDATE inbox_events SET status = 'pending' WHERE id = ?`,
  );
  const countByStatus = db.prepare<[string], { count: number }>(
    'SELECT count(*) AS count FROM inbox_events WHERE status = ?',
  );

  // Inside an IMMEDIATE transaction the look-up and the insert hold the write lock together, so no other
  // connection can slip the same key in between; the UNIQUE constraint stays as the last guard.
  // An id is drawn only for a new event.
  const addOnce = db.transaction((event: Parameters<Inbox['add']>[0]) => {
    const existing = selectIdByDedupeKey.get(event.dedupeKey);
    if (existing !== undefined) return { accepted: false, id: existing.id };
    const id = randomId();
    insert.run({
      id,
      source: event.source,
      dedupeKey: event.dedupeKey,
      entityKey: event.entityKey,
      // `undefined` has no JSON form; it is stored as null, as JSON.parse(JSON.stringify) would read it.
      payload: JSON.stringify(event.payload) ?? 'null',
      receivedAt: event.receivedAt,
    });
    return { accepted: true, id };
  });

  return {
    add: (event) => settle(() => addOnce.immediate(event)),
    pending: (limit) => settle(() => selectPending.all(sqlLimit(limit)).map(eventOf)),
    complete: (id) =>
      settle(() => {
        markDone.run(id);
      }),
    fail: (id, error) =>
      settle(() => {
        markFailed.run(error, id);
      }),
    requeue: (id) =>
      settle(() => {
        markPending.run(id);
      }),
    count: (status) => settle(() => countByStatus.get(status)?.count ?? 0),
  };
}
