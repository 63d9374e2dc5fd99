import type Database from 'better-sqlite3';
import type {
  Inbox,
  InboxEvent,
  InboxMaintenance,
  InboxPayload,
  InboxSource,
} from '@odoo-plane-sync/sync-core';
import { createBatchedWrite } from './batched-write.js';
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
  readonly retry_at: number | null;
}

const columns =
  'id, source, dedupe_key, entity_key, payload, received_at, status, attempts, last_error, retry_at';

const eventOf = (row: InboxRow): InboxEvent => ({
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
const sqlLimit = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? -1 : Math.max(0, Math.floor(limit));

/** Options of {@link createSqliteInbox}. */
export interface SqliteInboxOptions {
  /** Ids of accepted events; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
}

/** The SQLite inbox: the two ports, and a flush of the writes still waiting for their batch. */
export interface SqliteInbox extends Inbox, InboxMaintenance {
  /** Commits the deliveries and completions gathered for the next batch now; `close` calls it. */
  flushWrites(): void;
}

/**
 * `Inbox` and `InboxMaintenance` on a better-sqlite3 database migrated by `applySqliteMigrations`. The
 * dedupe key is UNIQUE in the table and `add` looks it up and inserts (or re-arms a dead letter) in one
 * IMMEDIATE transaction: two processes receiving the same delivery store it once, and an id is drawn only
 * for a new event. Pending events come oldest first by `receivedAt`, then in insertion order. Retries,
 * the failed list and pruning are single statements on partial indexes, so their cost follows the
 * events they touch, not the size of the table. Deliveries added in one turn of the event loop (a burst
 * of concurrent webhooks) are committed in one transaction, each in a savepoint of its own, and so are
 * completions (a drain finishes many events at once); `add` and `complete` resolve after that commit.
 *
 * @example
 * const inbox = createSqliteInbox(db);
 * const { accepted } = await inbox.add({ source: 'plane', dedupeKey, entityKey, payload, receivedAt: clock.now() });
 */
export function createSqliteInbox(
  db: Database.Database,
  options: SqliteInboxOptions = {},
): SqliteInbox {
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
  const selectByDedupeKey = db.prepare<[string], { id: string; status: string }>(
    'SELECT id, status FROM inbox_events WHERE dedupe_key = ?',
  );
  const selectPending = db.prepare<[number], InboxRow>(
    `SELECT ${columns} FROM inbox_events WHERE status = 'pending' ORDER BY received_at, seq LIMIT ?`,
  );
  const markDone = db.prepare<[number, string]>(
    `UPDATE inbox_events SET status = 'done', attempts = attempts + 1, retry_at = NULL, finished_at = ?
      WHERE id = ?`,
  );
  const markFailed = db.prepare<{ id: string; error: string; retryAt: number | null }>(
    `UPDATE inbox_events
        SET status = CASE WHEN @retryAt IS NULL THEN 'dead' ELSE 'failed' END,
            attempts = attempts + 1, last_error = @error, retry_at = @retryAt
      WHERE id = @id`,
  );
  const markPending = db.prepare<[string]>(
    `UPDATE inbox_events SET status = 'pending', retry_at = NULL
      WHERE id = ? AND status IN ('failed', 'dead')`,
  );
  const countByStatus = db.prepare<[string], { count: number }>(
    'SELECT count(*) AS count FROM inbox_events WHERE status = ?',
  );
  const requeueDue = db.prepare<[number]>(
    `UPDATE inbox_events SET status = 'pending', retry_at = NULL
      WHERE status = 'failed' AND retry_at <= ?`,
  );
  const selectFailed = db.prepare<[number], InboxRow>(
    `SELECT ${columns} FROM inbox_events WHERE status IN ('failed', 'dead')
      ORDER BY received_at DESC, seq DESC LIMIT ?`,
  );
  const pruneDone = db.prepare<[number]>(
    `DELETE FROM inbox_events WHERE status = 'done' AND finished_at < ?`,
  );

  // Run inside the batch's IMMEDIATE transaction: the look-up and the insert hold the write lock together,
  // so no other connection can slip the same key in between; the UNIQUE constraint stays as the last
  // guard. Each path writes one statement, atomic on its own, so one delivery's failure (a colliding id)
  // leaves nothing half-written and no savepoint is needed. An id is drawn only for a new event.
  const addOnce = (event: Parameters<Inbox['add']>[0]): { accepted: boolean; id: string } => {
    const existing = selectByDedupeKey.get(event.dedupeKey);
    if (existing !== undefined) {
      // A dead letter delivered again is re-armed: its key must not keep the change from running.
      if (existing.status !== 'dead') return { accepted: false, id: existing.id };
      markPending.run(existing.id);
      return { accepted: true, id: existing.id };
    }
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
  };

  // Deliveries and completions asked for in one turn of the event loop share one IMMEDIATE transaction
  // each: one commit instead of one per event, and each promise settles after that commit.
  const inImmediateTransaction = (work: () => void): void => {
    db.transaction(work).immediate();
  };
  const stillInTransaction = (): boolean => db.inTransaction;
  const add = createBatchedWrite({
    inTransaction: inImmediateTransaction,
    stillInTransaction,
    write: addOnce,
  });
  const complete = createBatchedWrite({
    inTransaction: inImmediateTransaction,
    stillInTransaction,
    write: (completion: { readonly id: string; readonly at: number }) => {
      markDone.run(completion.at, completion.id);
    },
  });

  return {
    add,
    pending: (limit) => settle(() => selectPending.all(sqlLimit(limit)).map(eventOf)),
    complete: (id, at) => complete({ id, at }),
    flushWrites: () => {
      add.flush();
      complete.flush();
    },
    fail: (id, error, retryAt) =>
      settle(() => {
        markFailed.run({ id, error, retryAt });
      }),
    requeue: (id) =>
      settle(() => {
        markPending.run(id);
      }),
    count: (status) => settle(() => countByStatus.get(status)?.count ?? 0),
    requeueDue: (now) => settle(() => requeueDue.run(now).changes),
    listFailed: (limit) => settle(() => selectFailed.all(sqlLimit(limit)).map(eventOf)),
    pruneDone: (before) => settle(() => pruneDone.run(before).changes),
  };
}
