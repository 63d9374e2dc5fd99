/** One schema change, applied at most once per database and recorded in `schema_migrations`. */
export interface SqliteMigration {
  /** Position in the history; strictly increasing, never reused. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema history, oldest first. Only ever append: a database records the versions it has applied,
 * so editing a released migration would leave existing databases behind.
 *
 * JSON columns (`shadow`, `writes`, `detail`, `payload`, `value`) are TEXT checked with `json_valid`.
 * Times are epoch milliseconds in INTEGER columns.
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'mappings and audit ledger',
    sql: `
      CREATE TABLE mappings (
        model            TEXT    NOT NULL,
        odoo_id          INTEGER NOT NULL,
        status           TEXT    NOT NULL,
        plane_id         TEXT,
        plane_project_id TEXT,
        shadow           TEXT    NOT NULL CHECK (json_valid(shadow)),
        version          INTEGER NOT NULL CHECK (version >= 1),
        updated_at       INTEGER NOT NULL,
        PRIMARY KEY (model, odoo_id)
      ) WITHOUT ROWID;
      CREATE INDEX mappings_by_plane_id ON mappings (plane_id) WHERE plane_id IS NOT NULL;
      CREATE INDEX mappings_by_plane_project ON mappings (plane_project_id, model, odoo_id);

      CREATE TABLE ledger_entries (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        correlation_id  TEXT    NOT NULL,
        at              INTEGER NOT NULL,
        cause           TEXT    NOT NULL,
        entity_model    TEXT    NOT NULL,
        entity_odoo_id  INTEGER,
        entity_plane_id TEXT,
        decision        TEXT    NOT NULL,
        writes          TEXT    NOT NULL CHECK (json_valid(writes)),
        outcome         TEXT    NOT NULL,
        detail          TEXT             CHECK (detail IS NULL OR json_valid(detail))
      );
      CREATE INDEX ledger_entries_by_correlation ON ledger_entries (correlation_id, seq);
      CREATE INDEX ledger_entries_by_outcome ON ledger_entries (outcome, seq);
      -- The ledger is the audit trail: the database itself refuses to rewrite or drop an entry.
      CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'inbox, failure streaks and sync state',
    sql: `
      CREATE TABLE inbox_events (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT    NOT NULL UNIQUE,
        source      TEXT    NOT NULL,
        dedupe_key  TEXT    NOT NULL UNIQUE,
        entity_key  TEXT    NOT NULL,
        payload     TEXT    NOT NULL CHECK (json_valid(payload)),
        received_at INTEGER NOT NULL,
        status      TEXT    NOT NULL DEFAULT 'pending',
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT
      );
      CREATE INDEX inbox_events_by_status ON inbox_events (status, received_at, seq);

      CREATE TABLE failure_streaks (
        entity_key  TEXT    PRIMARY KEY,
        consecutive INTEGER NOT NULL CHECK (consecutive >= 1),
        last_cause  TEXT    NOT NULL,
        last_at     INTEGER NOT NULL,
        alerted_at  INTEGER
      ) WITHOUT ROWID;

      CREATE TABLE sync_state (
        name       TEXT    PRIMARY KEY,
        value      TEXT    NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'inbox retries and retention, mapping counts, ledger pruning',
    sql: `
      -- retry_at: when a failed event runs again (NULL for a dead letter); finished_at: when it completed.
      ALTER TABLE inbox_events ADD COLUMN retry_at INTEGER;
      ALTER TABLE inbox_events ADD COLUMN finished_at INTEGER;
      -- Events that failed before retries existed were never run again: they are due now. Events done
      -- before have no completion time; their arrival stands in for it, so retention prunes them too.
      UPDATE inbox_events SET retry_at = 0 WHERE status = 'failed';
      UPDATE inbox_events SET finished_at = received_at WHERE status = 'done';
      CREATE INDEX inbox_events_due ON inbox_events (retry_at) WHERE status = 'failed';
      CREATE INDEX inbox_events_finished ON inbox_events (finished_at) WHERE status = 'done';
      CREATE INDEX inbox_events_unsettled ON inbox_events (received_at, seq)
        WHERE status IN ('failed', 'dead');

      -- Mappings per model and status, kept by triggers, so /status reads a handful of rows however many
      -- mappings there are. Shadow-only updates (the common write) do not touch it.
      CREATE TABLE mapping_counts (
        model  TEXT    NOT NULL,
        status TEXT    NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (model, status)
      ) WITHOUT ROWID;
      INSERT INTO mapping_counts (model, status, count)
        SELECT model, status, count(*) FROM mappings GROUP BY model, status;
      CREATE TRIGGER mapping_counts_on_insert AFTER INSERT ON mappings BEGIN
        INSERT INTO mapping_counts (model, status, count) VALUES (NEW.model, NEW.status, 1)
          ON CONFLICT (model, status) DO UPDATE SET count = count + 1;
      END;
      CREATE TRIGGER mapping_counts_on_delete AFTER DELETE ON mappings BEGIN
        UPDATE mapping_counts SET count = count - 1 WHERE model = OLD.model AND status = OLD.status;
      END;
      CREATE TRIGGER mapping_counts_on_update AFTER UPDATE OF model, status ON mappings
        WHEN OLD.model IS NOT NEW.model OR OLD.status IS NOT NEW.status BEGIN
        UPDATE mapping_counts SET count = count - 1 WHERE model = OLD.model AND status = OLD.status;
        INSERT INTO mapping_counts (model, status, count) VALUES (NEW.model, NEW.status, 1)
          ON CONFLICT (model, status) DO UPDATE SET count = count + 1;
      END;

      CREATE INDEX ledger_entries_by_at ON ledger_entries (at);
      -- The ledger stays append-only, except for the explicit prune: it writes its cut-off here, deletes
      -- the older entries and removes the row again, all in one transaction.
      CREATE TABLE ledger_prune_cutoff (cutoff_at INTEGER NOT NULL);
      DROP TRIGGER ledger_entries_no_delete;
      CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        WHEN NOT EXISTS (SELECT 1 FROM ledger_prune_cutoff WHERE OLD.at < cutoff_at)
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only; prune them by age'); END;
    `,
  },
];
