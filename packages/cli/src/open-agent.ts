import {
  clientOptionsOf,
  createJsonLogger,
  createSyncAgent,
  openSyncStorage,
  type SharedWorkQueue,
  type SyncAgent,
} from '@odoo-plane-sync/agent';
import type { SyncStores } from '@odoo-plane-sync/sync-core';
import type { CliSettings } from './cli-environment.js';

/** The agent a command works through, its stores, and the Plane calls it has made so far. */
export interface CliAgent {
  readonly agent: SyncAgent;
  readonly stores: SyncStores;
  /**
   * The fleet's shared queue on Postgres (pg-boss), for its dead letters only: this process runs no
   * worker, and a replayed dead letter is handed back to the servers' workers. Null on SQLite.
   */
  readonly sharedQueue: Pick<SharedWorkQueue, 'deadLetters' | 'replayDeadLetter'> | null;
  readonly settings: CliSettings;
  /** Plane HTTP requests made by this process (what the backfill's plan estimates). */
  planeCalls(): number;
  close(): Promise<void>;
}

/**
 * Opens the stores the sync server uses (its SQLite file, or Postgres with `DATABASE_URL`) and builds an
 * agent on them with the server's settings. Nothing is scheduled: commands call the agent's operations,
 * and jobs run in this process (never handed to the fleet's queue, which the workers drain). Log lines
 * go to stderr, at `warn` unless `verbose`, so `--json` output on stdout stays parseable.
 */
export async function openCliAgent(
  settings: CliSettings,
  options: { readonly verbose: boolean },
): Promise<{ ok: true; cli: CliAgent } | { ok: false; problem: string }> {
  const logger = createJsonLogger({
    level: options.verbose ? 'info' : 'warn',
    write: (_level, line) => process.stderr.write(`${line}\n`),
  });
  const storage = await openSyncStorage(settings, { logger });
  if (storage.isErr()) return { ok: false, problem: storage.error.message };
  let planeCalls = 0;
  const countingFetch: typeof fetch = (input, init) => {
    planeCalls += 1;
    return fetch(input, init);
  };
  const { live } = settings;
  const connection = clientOptionsOf(live);
  const agent = createSyncAgent({
    odoo: connection.odoo,
    plane: { ...connection.plane, fetch: countingFetch },
    store: storage.value.stores,
    secrets: {
      odooToken: live.webhookToken,
      planeWebhookSecret: live.planeWebhookSecret,
      ...(settings.githubWebhookSecret === null
        ? {}
        : { githubWebhookSecret: settings.githubWebhookSecret }),
    },
    sync: {
      odoo: { sourceId: live.odoo.sourceId },
      timeZone: settings.timeZone,
      ...(settings.ship === undefined ? {} : { ship: settings.ship }),
      ...(settings.stagesByGroup === undefined
        ? {}
        : { stages: { byGroup: settings.stagesByGroup } }),
      ops:
        settings.opsPlaneProjectId === null ? {} : { planeProjectId: settings.opsPlaneProjectId },
    },
    ...(settings.slackWebhookUrl === null ? {} : { slackWebhookUrl: settings.slackWebhookUrl }),
    inboxRetry:
      settings.inboxMaxAttempts === undefined ? {} : { maxAttempts: settings.inboxMaxAttempts },
    redact: settings.secrets,
    schedules: { pollIntervalMs: 0, reconcileIntervalMs: 0, retryDrainIntervalMs: 0 },
    logger,
  });
  return {
    ok: true,
    cli: {
      agent,
      stores: storage.value.stores,
      sharedQueue: storage.value.queue ?? null,
      settings,
      planeCalls: () => planeCalls,
      close: async () => {
        await agent.stop();
        await agent.notificationsSettled();
        await storage.value.close();
      },
    },
  };
}
