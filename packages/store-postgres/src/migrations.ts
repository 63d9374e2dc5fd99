import type { PostgresSchema } from './postgres-schema.js';

/** One schema change, applied at most once per schema and recorded in `<schema>.schema_migrations`. */
export interface PostgresMigration {
  /** Position in the history; strictly increasing, never reused. */
  readonly version: number;
  readonly name: string;
  /** The statements, for the schema the stores live in (tables are always schema-qualified). */
  sql(schema: PostgresSchema): string;
}

/**
 * The schema history, oldest first. Only ever append: a database records the versions it has applied,
 * so editing a released migration would leave existing databases behind.
 *
 * Version 1 holds the three tables the original Supabase deployment had, under their names
 * (`entity_mappings`, `sync_events`, `sync_state`); version 2 adds ours beside them (audit ledger,
 * failure streaks). JSON columns are `json`, not `jsonb`: `json` keeps the text as written (key order,
 * `\u0000` in a payload string, which `jsonb` refuses), exactly like the SQLite store. Times are epoch
 * milliseconds in `bigint` columns.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'entity mappings, sync events and sync state',
    sql: ({ quoted: s }) => `
      CREATE TABLE ${s}.entity_mappings (
        model            text    NOT NULL,
        odoo_id          bigint  NOT NULL,
        status           text    NOT NULL CHECK (status IN ('pending', 'active')),
        plane_id         text,
        plane_project_id text,
        shadow           json    NOT NULL,
        version          integer NOT NULL CHECK (version >= 1),
        updated_at       bigint  NOT NULL,
        PRIMARY KEY (model, odoo_id)
      );
      CREATE INDEX entity_mappings_by_plane_id ON ${s}.entity_mappings (plane_id)
        WHERE plane_id IS NOT NULL;
      CREATE INDEX entity_mappings_by_plane_project
        ON ${s}.entity_mappings (plane_project_id, model, odoo_id);
      CREATE INDEX entity_mappings_by_status ON ${s}.entity_mappings (status, model);

      -- The durable inbox: every accepted webhook or poll result, one row per dedupe key.
      CREATE TABLE ${s}.sync_events (
        seq         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id          text    NOT NULL UNIQUE,
        source      text    NOT NULL,
        dedupe_key  text    NOT NULL UNIQUE,
        entity_key  text    NOT NULL,
        payload     json    NOT NULL,
        received_at bigint  NOT NULL,
        status      text    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'done', 'failed', 'dead')),
        attempts    integer NOT NULL DEFAULT 0,
        last_error  text,
        -- When a failed event runs again (NULL for a dead letter), and when a done one completed.
        retry_at    bigint,
        finished_at bigint
      );
      CREATE INDEX sync_events_pending ON ${s}.sync_events (received_at, seq)
        WHERE status = 'pending';
      CREATE INDEX sync_events_by_status ON ${s}.sync_events (status);
      CREATE INDEX sync_events_due ON ${s}.sync_events (retry_at) WHERE status = 'failed';
      CREATE INDEX sync_events_finished ON ${s}.sync_events (finished_at) WHERE status = 'done';
      CREATE INDEX sync_events_unsettled ON ${s}.sync_events (received_at, seq)
        WHERE status IN ('failed', 'dead');

      CREATE TABLE ${s}.sync_state (
        name       text   PRIMARY KEY,
        value      json   NOT NULL,
        updated_at bigint NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'audit ledger and failure streaks',
    sql: ({ quoted: s }) => `
      CREATE TABLE ${s}.ledger_entries (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        correlation_id  text   NOT NULL,
        at              bigint NOT NULL,
        cause           text   NOT NULL,
        entity_model    text   NOT NULL,
        entity_odoo_id  bigint,
        entity_plane_id text,
        decision        text   NOT NULL,
        writes          json   NOT NULL,
        outcome         text   NOT NULL,
        detail          json
      );
      CREATE INDEX ledger_entries_by_correlation ON ${s}.ledger_entries (correlation_id, seq);
      CREATE INDEX ledger_entries_by_outcome ON ${s}.ledger_entries (outcome, seq);
      CREATE INDEX ledger_entries_by_at ON ${s}.ledger_entries (at);

      -- The ledger is the audit trail: the database itself refuses to rewrite, drop or truncate an entry.
      -- The one exception is the explicit prune, which names its cut-off in a transaction-local setting:
      -- only entries older than that may go, and only within that transaction.
      CREATE FUNCTION ${s}.ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.at < coalesce(
             nullif(current_setting('odoo_plane_sync.ledger_prune_before', true), '')::bigint,
             -9223372036854775808) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'ledger entries are append-only; prune them by age';
      END
      $$;
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ${s}.ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_entries_append_only();
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ${s}.ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.ledger_entries_append_only();

      CREATE TABLE ${s}.failure_streaks (
        entity_key  text    PRIMARY KEY,
        consecutive integer NOT NULL CHECK (consecutive >= 1),
        last_cause  text    NOT NULL,
        last_at     bigint  NOT NULL,
        alerted_at  bigint
      );
    `,
  },
  {
    version: 3,
    name: 'schedule claims',
    // One row per schedule: the last tick slot a worker claimed, so a fleet runs each tick once.
    sql: ({ quoted: s }) => `
      CREATE TABLE ${s}.schedule_claims (
        schedule   text   PRIMARY KEY,
        slot       bigint NOT NULL,
        claimed_at bigint NOT NULL
      );
    `,
  },
];
