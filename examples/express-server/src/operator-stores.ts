import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createSqliteStores, type SqliteStores } from '@odoo-plane-sync/store-sqlite';
import {
  formatSyncEnvironmentProblems,
  readSyncEnvironment,
  sqliteFileOf,
} from '@odoo-plane-sync/agent';

// Relative paths (DATA_DIR) are taken from this example's directory, as `npm start` takes them.
const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Opens the store of the agent configured by `environment` (the same variables as `npm start`), for the
 * operator scripts; null (with the reason printed) when there is no configuration or no database yet.
 * The agent may keep running: SQLite in WAL mode lets both use the file.
 *
 * @example
 * const stores = openOperatorStores(process.env);
 */
export function openOperatorStores(
  environment: Readonly<Record<string, string | undefined>>,
): SqliteStores | null {
  const config = readSyncEnvironment(environment, {
    defaultDataDir: '.data',
    resolvePath: (path) => resolve(exampleDir, path),
  });
  if (config.isErr()) {
    console.error(formatSyncEnvironmentProblems(config.error));
    return null;
  }
  const filename = sqliteFileOf(config.value);
  if (!existsSync(filename)) {
    console.error(`No database at ${filename}: start the agent first.`);
    return null;
  }
  return createSqliteStores({ filename });
}
