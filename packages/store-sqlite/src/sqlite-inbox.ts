import type Database from 'better-sqlite3';
import type { Inbox, InboxMaintenance } from '@odoo-plane-sync/sync-core';
import { createBatchedWrite } from './batched-write.js';
import {
  eventOf,
  prepareInboxStatements,
  sqlLimit,
  type InboxStatements,
} from './sqlite-inbox-statements.js';
import { settle } from './settle.js';

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
  const statements = prepareInboxStatements(db);

  // Deliveries and completions asked for in one turn of the event loop share one IMMEDIATE transaction
  // each: one commit instead of one per event, and each promise settles after that commit.
  const inImmediateTransaction = (work: () => void): void => {
    db.transaction(work).immediate();
  };
  const stillInTransaction = (): boolean => db.inTransaction;
  const add = createBatchedWrite({
    inTransaction: inImmediateTransaction,
    stillInTransaction,
    write: (event: Parameters<Inbox['add']>[0]) => addOnce(statements, randomId, event),
  });
  const complete = createBatchedWrite({
    inTransaction: inImmediateTransaction,
    stillInTransaction,
    write: (completion: { readonly id: string; readonly at: number }) => {
      statements.markDone.run(completion.at, completion.id);
    },
  });

  return {
    add,
    pending: (limit) => settle(() => statements.selectPending.all(sqlLimit(limit)).map(eventOf)),
    complete: (id, at) => complete({ id, at }),
    flushWrites: () => {
      add.flush();
      complete.flush();
    },
    fail: (id, error, retryAt) =>
      settle(() => {
        statements.markFailed.run({ id, error, retryAt });
      }),
    requeue: (id) =>
      settle(() => {
        statements.markPending.run(id);
      }),
    count: (status) => settle(() => statements.countByStatus.get(status)?.count ?? 0),
    requeueDue: (now) => settle(() => statements.requeueDue.run(now).changes),
    listFailed: (limit) => settle(() => statements.selectFailed.all(sqlLimit(limit)).map(eventOf)),
    pruneDone: (before) => settle(() => statements.pruneDone.run(before).changes),
  };
}

/**
 * Stores one delivery, inside the batch's IMMEDIATE transaction: the look-up and the insert hold the write
 * lock together, so no other connection can slip the same key in between; the UNIQUE constraint stays as
 * the last guard. Each path writes one statement, atomic on its own, so one delivery's failure (a
 * colliding id) leaves nothing half-written and no savepoint is needed. An id is drawn only for a new event.
 */
function addOnce(
  statements: InboxStatements,
  randomId: () => string,
  event: Parameters<Inbox['add']>[0],
): { accepted: boolean; id: string } {
  const existing = statements.selectByDedupeKey.get(event.dedupeKey);
  if (existing !== undefined) {
    // A dead letter delivered again is re-armed: its key must not keep the change from running.
    if (existing.status !== 'dead') return { accepted: false, id: existing.id };
    statements.markPending.run(existing.id);
    return { accepted: true, id: existing.id };
  }
  const id = randomId();
  statements.insert.run({
    id,
    source: event.source,
    dedupeKey: event.dedupeKey,
    entityKey: event.entityKey,
    // `undefined` has no JSON form; it is stored as null, as JSON.parse(JSON.stringify) would read it.
    payload: JSON.stringify(event.payload) ?? 'null',
    receivedAt: event.receivedAt,
  });
  return { accepted: true, id };
}
