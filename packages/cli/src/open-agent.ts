import { createJsonLogger, createSyncAgent, type SyncAgent } from '@odoo-plane-sync/agent';
import { createPostgresStores } from '@odoo-plane-sync/store-postgres';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type { SyncStores } from '@odoo-plane-sync/sync-core';
import type { CliSettings } from './cli-environment.js';

/** The agent a command works through, its stores, and the Plane calls it has made so far. */
export interface CliAgent {
  readonly agent: SyncAgent;
  readonly stores: SyncStores;
  readonly settings: CliSettings;
  /** Plane HTTP requests made by this process (what the backfill's plan estimates). */
  planeCalls(): number;
  close(): Promise<void>;
}

/**
 * Opens the stores the sync server uses (its SQLite file, or Postgres with `DATABASE_URL`) and builds an
 * agent on them with the same connection. Nothing is scheduled: commands call the agent's operations.
 * Its log lines go to stderr at `warn`, so `--json` output on stdout stays parseable.
 */
export async function openCliAgent(
  settings: CliSettings,
  options: { readonly verbose: boolean },
): Promise<CliAgent> {
  const opened =
    settings.store.kind === 'sqlite'
      ? (() => {
          const stores = createSqliteStores({ filename: settings.store.file });
          return { stores, close: () => Promise.resolve(stores.close()) };
        })()
      : await createPostgresStores({
          databaseUrl: settings.store.databaseUrl,
          schema: settings.store.schema,
        }).then((stores) => ({ stores, close: () => stores.close() }));
  let planeCalls = 0;
  const countingFetch: typeof fetch = (input, init) => {
    planeCalls += 1;
    return fetch(input, init);
  };
  const rate = settings.plane.rateLimitPerMinute;
  const agent = createSyncAgent({
    odoo: {
      baseUrl: settings.odoo.url,
      db: settings.odoo.db,
      login: settings.odoo.login,
      apiKey: settings.odoo.apiKey,
    },
    plane: {
      baseUrl: settings.plane.url,
      apiKey: settings.plane.apiKey,
      workspaceSlug: settings.plane.workspace,
      edition: settings.plane.edition,
      rateLimit: rate === 0 ? false : { requests: rate, windowMs: 60_000 },
      fetch: countingFetch,
    },
    store: opened.stores,
    secrets: {
      odooToken: settings.webhookToken ?? '',
      planeWebhookSecret: settings.planeWebhookSecret ?? '',
    },
    sync: {
      odoo: { sourceId: settings.odoo.sourceId },
      timeZone: settings.timeZone,
      stages: { byGroup: settings.stagesByGroup },
      ops: settings.opsPlaneProjectId === null ? {} : { planeProjectId: settings.opsPlaneProjectId },
    },
    redact: settings.secrets,
    schedules: { pollIntervalMs: 0, reconcileIntervalMs: 0, retryDrainIntervalMs: 0 },
    logger: createJsonLogger({
      level: options.verbose ? 'info' : 'warn',
      write: (_level, line) => process.stderr.write(`${line}\n`),
    }),
  });
  return {
    agent,
    stores: opened.stores,
    settings,
    planeCalls: () => planeCalls,
    close: async () => {
      await agent.stop();
      await opened.close();
    },
  };
}
