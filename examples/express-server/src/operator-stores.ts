import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import {
  formatSyncEnvironmentProblems,
  openSyncStorage,
  readSyncEnvironment,
  sqliteFileOf,
  type SyncStorage,
} from '@odoo-plane-sync/agent';

// Relative paths (DATA_DIR) are taken from this example's directory, as `npm start` takes them.
const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Opens the storage of the agent configured by `environment` (the same variables as `npm start`: the
 * SQLite file, or Postgres + pg-boss with `DATABASE_URL`), for the operator scripts; null (with the reason
 * printed) when there is no configuration or no database yet. The agent may keep running: SQLite in WAL
 * mode, and Postgres, let both use the store.
 *
 * @example
 * const storage = await openOperatorStorage(process.env);
 */
export async function openOperatorStorage(
  environment: Readonly<Record<string, string | undefined>>,
): Promise<SyncStorage | null> {
  const config = readSyncEnvironment(environment, {
    defaultDataDir: '.data',
    resolvePath: (path) => resolve(exampleDir, path),
  });
  if (config.isErr()) {
    console.error(formatSyncEnvironmentProblems(config.error));
    return null;
  }
  if (config.value.store.kind === 'sqlite' && !existsSync(sqliteFileOf(config.value))) {
    console.error(`No database at ${sqliteFileOf(config.value)}: start the agent first.`);
    return null;
  }
  const storage = await openSyncStorage(config.value);
  if (storage.isErr()) {
    console.error(storage.error.message);
    return null;
  }
  return storage.value;
}
