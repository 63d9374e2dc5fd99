import pg from 'pg';

/**
 * The Postgres schema the stores live in, with its name already quoted for SQL. Every table is written
 * schema-qualified (`"ppm".entity_mappings`), never through `search_path`, so a pooled connection that
 * another part of the application configured differently still reaches the right tables.
 */
export interface PostgresSchema {
  /** The name as given (`ppm` by default). */
  readonly name: string;
  /** The name quoted as an SQL identifier, ready to prefix a table. */
  readonly quoted: string;
}

/** The schema of the original Supabase tables, kept as the default so existing SQL and dashboards still work. */
export const defaultPostgresSchemaName = 'ppm';

/** Quotes a schema name (any name Postgres accepts, including one made up per test). */
export function postgresSchema(name: string = defaultPostgresSchemaName): PostgresSchema {
  if (name.length === 0) throw new Error('The Postgres schema name must not be empty.');
  return { name, quoted: pg.escapeIdentifier(name) };
}
