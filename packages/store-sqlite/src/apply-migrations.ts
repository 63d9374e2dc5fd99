import type Database from 'better-sqlite3';
import { sqliteMigrations, type SqliteMigration } from './migrations.js';

/**
 * Brings a database's schema up to date: creates `schema_migrations` when missing, then applies each
 * migration it has not recorded yet, in version order, each in its own transaction together with its
 * record (a failing migration leaves neither a half-built schema nor a record). Returns the versions it
 * applied (empty for an up-to-date database).
 *
 * Throws when the database records a version this code does not know: it was written by a newer release,
 * and running older code against it could corrupt it.
 *
 * @example
 * const db = new Database('sync.db');
 * applySqliteMigrations(db); // [1, 2] the first time, [] afterwards
 */
export function applySqliteMigrations(
  db: Database.Database,
  options: { readonly now?: () => number; readonly migrations?: readonly SqliteMigration[] } = {},
): number[] {
  const migrations = options.migrations ?? sqliteMigrations;
  const now = options.now ?? (() => Date.now());
  assertOrdered(migrations);

  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at INTEGER NOT NULL
    )
  `);
  const recorded = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((row) => row.version),
  );
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...recorded].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new Error(
      `The database has schema versions ${unknown.join(', ')} that this release does not know; upgrade the package.`,
    );
  }

  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.version)) continue;
    // IMMEDIATE takes the write lock first, so two processes opening one file never both apply a migration:
    // the second one waits (busy_timeout), then finds the record and skips it.
    db.transaction(() => {
      const already = db
        .prepare<[number], { version: number }>(
          'SELECT version FROM schema_migrations WHERE version = ?',
        )
        .get(migration.version);
      if (already !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

function assertOrdered(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`Migration "${migration.name}" has an invalid version ${migration.version}.`);
    }
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(
        `Migrations must have strictly increasing versions (${previous.version}, ${migration.version}).`,
      );
    }
  });
}
