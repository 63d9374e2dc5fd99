import type pg from 'pg';
import type {
  Inbox,
  InboxEvent,
  InboxMaintenance,
  InboxPayload,
  InboxSource,
} from '@odoo-plane-sync/sync-core';
import { postgresSchema } from './postgres-schema.js';
import { inTransaction, type PostgresPool } from './transaction.js';

interface InboxRow {
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

const eventOf = (row: InboxRow): InboxEvent => ({
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
const sqlLimit = (limit: number | undefined): number | null =>
  limit === undefined || !Number.isFinite(limit) ? null : Math.max(0, Math.floor(limit));

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
  const table = `${postgresSchema(options.schema).quoted}.sync_events`;
  const markPending = `UPDATE ${table} SET status = 'pending', retry_at = NULL
    WHERE id = $1 AND status IN ('failed', 'dead')`;

  /** The existing event of a key, settled: re-armed when it was a dead letter. */
  const existing = async (
    client: pg.PoolClient,
    dedupeKey: string,
  ): Promise<{ readonly accepted: boolean; readonly id: string } | null> => {
    const { rows } = await client.query<{ id: string; status: string }>(
      `SELECT id, status FROM ${table} WHERE dedupe_key = $1 FOR UPDATE`,
      [dedupeKey],
    );
    const row = rows[0];
    if (row === undefined) return null;
    // A dead letter delivered again is re-armed: its key must not keep the change from running.
    if (row.status !== 'dead') return { accepted: false, id: row.id };
    await client.query(markPending, [row.id]);
    return { accepted: true, id: row.id };
  };

  return {
    add: (event) =>
      inTransaction(pool, async (client) => {
        const known = await existing(client, event.dedupeKey);
        if (known !== null) return known;
        const id = randomId();
        const inserted = await client.query(
          `INSERT INTO ${table} (id, source, dedupe_key, entity_key, payload, received_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [
            id,
            event.source,
            event.dedupeKey,
            event.entityKey,
            // `undefined` has no JSON form; it is stored as null, as JSON.parse(JSON.stringify) would read it.
            JSON.stringify(event.payload) ?? 'null',
            event.receivedAt,
          ],
        );
        if (inserted.rowCount === 1) return { accepted: true, id };
        // Another worker inserted the key after our look-up and has committed (ON CONFLICT waited for
        // it); this statement's fresh snapshot sees its row.
        const raced = await existing(client, event.dedupeKey);
        if (raced === null)
          throw new Error(`Inbox event ${event.dedupeKey} was neither stored nor found.`);
        return raced;
      }),
    pending: async (limit) => {
      const { rows } = await pool.query<InboxRow>(
        `SELECT ${columns} FROM ${table} WHERE status = 'pending'
          ORDER BY received_at, seq LIMIT $1`,
        [sqlLimit(limit)],
      );
      return rows.map(eventOf);
    },
    complete: async (id, at) => {
      await pool.query(
        `UPDATE ${table} SET status = 'done', attempts = attempts + 1, retry_at = NULL, finished_at = $2
          WHERE id = $1`,
        [id, at],
      );
    },
    fail: async (id, error, retryAt) => {
      await pool.query(
        `UPDATE ${table}
            SET status = CASE WHEN $3::bigint IS NULL THEN 'dead' ELSE 'failed' END,
                attempts = attempts + 1, last_error = $2, retry_at = $3
          WHERE id = $1`,
        [id, error, retryAt],
      );
    },
    requeue: async (id) => {
      await pool.query(markPending, [id]);
    },
    count: async (status) => {
      const { rows } = await pool.query<{ count: number }>(
        `SELECT count(*)::integer AS count FROM ${table} WHERE status = $1`,
        [status],
      );
      return rows[0]?.count ?? 0;
    },
    requeueDue: async (now) => {
      const { rowCount } = await pool.query(
        `UPDATE ${table} SET status = 'pending', retry_at = NULL
          WHERE status = 'failed' AND retry_at <= $1`,
        [now],
      );
      return rowCount ?? 0;
    },
    listFailed: async (limit) => {
      const { rows } = await pool.query<InboxRow>(
        `SELECT ${columns} FROM ${table} WHERE status IN ('failed', 'dead')
          ORDER BY received_at DESC, seq DESC LIMIT $1`,
        [sqlLimit(limit)],
      );
      return rows.map(eventOf);
    },
    pruneDone: async (before) => {
      const { rowCount } = await pool.query(
        `DELETE FROM ${table} WHERE status = 'done' AND finished_at < $1`,
        [before],
      );
      return rowCount ?? 0;
    },
  };
}
