import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySqliteMigrations } from './apply-migrations.js';
import { sqliteMigrations, type SqliteMigration } from './migrations.js';
import { createSqliteEventLedger } from './sqlite-event-ledger.js';
import { createSqliteMappingStore } from './sqlite-mapping-store.js';
import { createSqliteStores } from './sqlite-stores.js';
import { createTemporaryDirectory, type TemporaryDirectory } from './test-support.js';

const at = Date.parse('2026-01-05T09:00:00Z');

const recordedVersions = (db: Database.Database): unknown[] =>
  db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();

const tableNames = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);

describe('applySqliteMigrations', () => {
  let directory: TemporaryDirectory;
  let db: Database.Database;
  beforeEach(() => {
    directory = createTemporaryDirectory();
    db = new Database(directory.file('sync.db'));
  });
  afterEach(() => {
    if (db.open) db.close();
    directory.remove();
  });

  it('applies every migration to a fresh database in order and records each one', () => {
    const applied = applySqliteMigrations(db, { now: () => at });

    expect(applied).toEqual([1, 2, 3]);
    expect(recordedVersions(db)).toEqual(
      sqliteMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        applied_at: at,
      })),
    );
    expect(tableNames(db)).toEqual([
      'failure_streaks',
      'inbox_events',
      'ledger_entries',
      'ledger_prune_cutoff',
      'mapping_counts',
      'mappings',
      'schema_migrations',
      'sync_state',
    ]);
  });

  it('applies nothing to an up-to-date database', () => {
    applySqliteMigrations(db, { now: () => at });

    const appliedAgain = applySqliteMigrations(db, { now: () => at + 60_000 });

    expect(appliedAgain).toEqual([]);
    expect(recordedVersions(db)).toEqual(
      sqliteMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        applied_at: at,
      })),
    );
  });

  it('upgrades a database created by migration 1 only, keeping its data', async () => {
    expect(
      applySqliteMigrations(db, { now: () => at, migrations: sqliteMigrations.slice(0, 1) }),
    ).toEqual([1]);
    const key = { model: 'project.task', odooId: 42 } as const;
    await createSqliteMappingStore(db, { clock: { now: () => at } }).put(
      {
        key,
        status: 'active',
        planeId: 'wi-42',
        planeProjectId: 'p-1',
        shadow: { name: 'Kept' },
        updatedAt: at,
      },
      null,
    );
    await createSqliteEventLedger(db).append({
      correlationId: 'corr-1',
      at,
      cause: 'backfill',
      entity: { model: 'project.task', odooId: 42 },
      decision: 'create',
      writes: [],
      outcome: 'applied',
    });
    expect(tableNames(db)).not.toContain('inbox_events');
    db.close();

    const stores = createSqliteStores({
      filename: directory.file('sync.db'),
      clock: { now: () => at + 1_000 },
    });
    try {
      const mapping = await stores.mappings.get(key);
      const ledger = await stores.ledger.list();
      const added = await stores.inbox.add({
        source: 'odoo',
        dedupeKey: 'odoo:1',
        entityKey: 'project.task:42',
        payload: { source: 'odoo', jobs: [] },
        receivedAt: at,
      });

      expect(mapping).toMatchObject({ planeId: 'wi-42', shadow: { name: 'Kept' }, version: 1 });
      expect(await stores.mappings.count()).toEqual({
        'project.project': 0,
        'project.milestone': 0,
        'project.task': 1,
      });
      expect(ledger.map((entry) => entry.cause)).toEqual(['backfill']);
      expect(added.accepted).toBe(true);
    } finally {
      stores.close();
    }
    const reopened = new Database(directory.file('sync.db'));
    expect(recordedVersions(reopened)).toEqual([
      { version: 1, name: sqliteMigrations[0]!.name, applied_at: at },
      { version: 2, name: sqliteMigrations[1]!.name, applied_at: at + 1_000 },
      { version: 3, name: sqliteMigrations[2]!.name, applied_at: at + 1_000 },
    ]);
    reopened.close();
  });

  it('rolls back a failing migration entirely, keeping the earlier ones', () => {
    const broken: SqliteMigration = {
      version: 4,
      name: 'broken',
      sql: 'CREATE TABLE half_built (id INTEGER); INSERT INTO no_such_table VALUES (1);',
    };

    expect(() => applySqliteMigrations(db, { migrations: [...sqliteMigrations, broken] })).toThrow(
      /no_such_table/,
    );

    expect(tableNames(db)).not.toContain('half_built');
    expect(recordedVersions(db)).toHaveLength(3);
  });

  it('refuses a database that records a version this release does not know', () => {
    const future: SqliteMigration = { version: 99, name: 'from the future', sql: 'SELECT 1;' };
    applySqliteMigrations(db, { migrations: [...sqliteMigrations, future] });

    expect(() => applySqliteMigrations(db)).toThrow(/schema versions 99/);
  });

  it('refuses a migration list whose versions do not strictly increase', () => {
    const shuffled = [sqliteMigrations[1]!, sqliteMigrations[0]!];

    expect(() => applySqliteMigrations(db, { migrations: shuffled })).toThrow(
      /strictly increasing/,
    );
    expect(tableNames(db)).toEqual([]);
  });
});
