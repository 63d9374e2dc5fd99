import type pg from 'pg';
import type { Inbox, InboxMaintenance } from '@odoo-plane-sync/sync-core';
import { eventOf, inboxSql, sqlLimit, type InboxRow, type InboxSql } from './postgres-inbox-sql.js';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

/** Options of {@link createPostgresInbox}. */
export interface PostgresInboxOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
  /** Ids of accepted events; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
}

/**
 * `Inbox` and `InboxMaintenance` on `<schema>.sync_events`. The dedupe key is UNIQUE in the table, and
 * `add` runs in one transaction: it locks the key's row when there is one (`FOR UPDATE`, so a re-armed
 * dead letter is re-armed once), otherwise inserts with `ON CONFLICT (dedupe_key) DO NOTHING` — two
 * workers receiving the same delivery store it once, the loser reads the winner's id. An id is drawn
 * only for a new event. Pending events come oldest first by `receivedAt`, then in insertion order.
 * Retries, the failed list and pruning are single statements on partial indexes.
 *
 * @example
 * const inbox = createPostgresInbox(pool);
 * const { accepted } = await inbox.add({ source: 'plane', dedupeKey, entityKey, payload, receivedAt: clock.now() });
 */
export function createPostgresInbox(
  pool: PostgresPool,
  options: PostgresInboxOptions = {},
): Inbox & InboxMaintenance {
  const randomId = options.randomId ?? (() => crypto.randomUUID());
  const sql = inboxSql(`${postgresSchema(options.schema).quoted}.sync_events`);

  return {
    add: (event) => addEvent(pool, sql, randomId, event),
    pending: async (limit) => {
      const { rows } = await pool.query<InboxRow>(sql.selectPending, [sqlLimit(limit)]);
      return rows.map(eventOf);
    },
    complete: async (id, at) => {
      await pool.query(sql.markDone, [id, at]);
    },
    fail: async (id, error, retryAt) => {
      await pool.query(sql.markFailed, [id, error, retryAt]);
    },
    requeue: async (id) => {
      await pool.query(sql.markPending, [id]);
    },
    count: async (status) => {
      const { rows } = await pool.query<{ count: number }>(sql.countByStatus, [status]);
      return rows[0]?.count ?? 0;
    },
    requeueDue: async (now) => {
      const { rowCount } = await pool.query(sql.requeueDue, [now]);
      return rowCount ?? 0;
    },
    listFailed: async (limit) => {
      const { rows } = await pool.query<InboxRow>(sql.selectFailed, [sqlLimit(limit)]);
      return rows.map(eventOf);
    },
    pruneDone: async (before) => {
      const { rowCount } = await pool.query(sql.pruneDone, [before]);
      return rowCount ?? 0;
    },
  };
}

/** Stores one delivery in one transaction: the existing event of its key, or a new one. */
function addEvent(
  pool: PostgresPool,
  sql: InboxSql,
  randomId: () => string,
  event: Parameters<Inbox['add']>[0],
): Promise<{ readonly accepted: boolean; readonly id: string }> {
  return inTransaction(pool, async (client) => {
    const known = await existingEvent(client, sql, event.dedupeKey);
    if (known !== null) return known;
    const id = randomId();
    const inserted = await client.query(sql.insert, [
      id,
      event.source,
      event.dedupeKey,
      event.entityKey,
      // `undefined` has no JSON form; it is stored as null, as JSON.parse(JSON.stringify) would read it.
      JSON.stringify(event.payload) ?? 'null',
      event.receivedAt,
    ]);
    if (inserted.rowCount === 1) return { accepted: true, id };
    // Another worker inserted the key after our look-up and has committed (ON CONFLICT waited for
    // it); this statement's fresh snapshot sees its row.
    const raced = await existingEvent(client, sql, event.dedupeKey);
    if (raced === null)
      throw new Error(`Inbox event ${event.dedupeKey} was neither stored nor found.`);
    return raced;
  });
}

/** The existing event of a key, settled: re-armed when it was a dead letter. */
async function existingEvent(
  client: pg.PoolClient,
  sql: InboxSql,
  dedupeKey: string,
): Promise<{ readonly accepted: boolean; readonly id: string } | null> {
  const { rows } = await client.query<{ id: string; status: string }>(sql.selectForUpdate, [
    dedupeKey,
  ]);
  const row = rows[0];
  if (row === undefined) return null;
  // A dead letter delivered again is re-armed: its key must not keep the change from running.
  if (row.status !== 'dead') return { accepted: false, id: row.id };
  await client.query(sql.markPending, [row.id]);
  return { accepted: true, id: row.id };
}
