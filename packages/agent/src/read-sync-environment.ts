import { join } from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { z } from 'zod';
import { commonSchema, liveSchema } from './environment-schema.js';
import {
  connectionVariables,
  type LiveConnection,
  type SyncEnvironment,
  type SyncEnvironmentProblem,
  type SyncEnvironmentProblems,
  type SyncEnvironmentSettings,
  type SyncStoreLocation,
} from './sync-environment.js';

/** Options of {@link readSyncEnvironment}. */
export interface ReadSyncEnvironmentOptions {
  /** `DATA_DIR` when it is unset. */
  readonly defaultDataDir: string;
  /** Makes `DATA_DIR` absolute (e.g. against the deployable's directory); default: as given. */
  readonly resolvePath?: (path: string) => string;
}

/** Environment variables, as `process.env` holds them. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * Reads the sync's configuration from environment variables: the one set of variables every deployable
 * (the example server, the CLI) is configured by. With none of the connection variables set (or
 * `SYNC_MODE=sandbox`) it describes the sandbox; with some but not all of them set it refuses rather than
 * silently falling back to the sandbox. `DATABASE_URL` switches the store from SQLite to Postgres + pg-boss
 * (live mode only: the sandbox's simulators start empty each time, so its store is a fresh SQLite file).
 * Every problem is listed at once, by variable name; values never appear in the problems.
 *
 * @example
 * const environment = readSyncEnvironment(process.env, { defaultDataDir: '.data' });
 * if (environment.isErr()) console.error(formatSyncEnvironmentProblems(environment.error));
 */
export function readSyncEnvironment(
  environment: EnvironmentVariables,
  options: ReadSyncEnvironmentOptions,
): Result<SyncEnvironment, SyncEnvironmentProblems> {
  const problems: SyncEnvironmentProblem[] = [];
  const collect = (issues: readonly z.core.$ZodIssue[]): void => {
    for (const issue of issues)
      problems.push({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.code === 'invalid_type' ? 'is required' : issue.message,
      });
  };
  const common = commonSchema.safeParse(environment);
  if (!common.success) collect(common.error.issues);

  const setVariables = connectionVariables.filter(
    (name) => (environment[name] ?? '').trim() !== '',
  );
  const requested = common.success ? (common.data.SYNC_MODE ?? 'auto') : 'auto';
  const mode = requested === 'auto' ? (setVariables.length === 0 ? 'sandbox' : 'live') : requested;

  let live: LiveConnection | undefined;
  if (mode === 'live') {
    const parsed = liveSchema.safeParse(environment);
    if (!parsed.success) collect(parsed.error.issues);
    else live = liveConnectionOf(parsed.data);
  }
  if (mode === 'sandbox' && common.success && common.data.DATABASE_URL !== undefined)
    problems.push({
      variable: 'DATABASE_URL',
      message:
        'the sandbox keeps its store in a fresh SQLite file (its simulators start empty each time): unset it, or set the ODOO_* / PLANE_* variables',
    });
  if (problems.length > 0 || !common.success) return err({ kind: 'invalid-environment', problems });

  const settings = settingsOf(common.data, mode, options);
  if (mode === 'sandbox') return ok({ mode, ...settings });
  return live === undefined
    ? err({ kind: 'invalid-environment', problems })
    : ok({ mode, live, ...settings });
}

/**
 * The SQLite file of an environment whose store is SQLite: `sandbox.db` or `sync.db` under `dataDir`
 * (operator commands open the same one).
 */
export function sqliteFileOf(environment: Pick<SyncEnvironment, 'dataDir' | 'mode'>): string {
  return join(environment.dataDir, environment.mode === 'sandbox' ? 'sandbox.db' : 'sync.db');
}

function liveConnectionOf(data: z.infer<typeof liveSchema>): LiveConnection {
  return {
    odoo: {
      url: data.ODOO_URL,
      db: data.ODOO_DB,
      login: data.ODOO_LOGIN,
      apiKey: data.ODOO_API_KEY,
      sourceId: data.ODOO_SOURCE_ID ?? data.ODOO_DB,
    },
    plane: {
      url: data.PLANE_URL,
      apiKey: data.PLANE_API_KEY,
      workspace: data.PLANE_WORKSPACE,
      rateLimitPerMinute: data.PLANE_RATE_LIMIT_PER_MINUTE,
      edition: data.PLANE_EDITION ?? 'ce',
    },
    webhookToken: data.WEBHOOK_TOKEN,
    planeWebhookSecret: data.PLANE_WEBHOOK_SECRET,
  };
}

function settingsOf(
  data: z.infer<typeof commonSchema>,
  mode: SyncEnvironment['mode'],
  options: ReadSyncEnvironmentOptions,
): SyncEnvironmentSettings {
  const resolvePath = options.resolvePath ?? ((path: string) => path);
  const store: SyncStoreLocation =
    data.DATABASE_URL === undefined
      ? { kind: 'sqlite' }
      : {
          kind: 'postgres',
          databaseUrl: data.DATABASE_URL,
          schema: data.DATABASE_SCHEMA,
          queueSchema: data.QUEUE_SCHEMA,
          jobTimeoutSeconds: data.QUEUE_JOB_TIMEOUT_SECONDS,
        };
  return {
    port: data.PORT,
    // The sandbox serves simulated systems and their secrets: loopback only unless asked otherwise.
    host: data.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolvePath(data.DATA_DIR ?? options.defaultDataDir),
    store,
    workerConcurrency: data.WORKER_CONCURRENCY,
    timeZone: data.SYNC_TIME_ZONE ?? 'UTC',
    pollIntervalSeconds: data.POLL_INTERVAL_SECONDS,
    pollOverlapSeconds: data.POLL_OVERLAP_SECONDS,
    githubWebhookSecret: data.GITHUB_WEBHOOK_SECRET ?? null,
    githubStateMoves: data.GITHUB_STATE_MOVES,
    ...(data.GITHUB_ENTERPRISE_HOST === undefined
      ? {}
      : { githubEnterpriseHost: data.GITHUB_ENTERPRISE_HOST.toLowerCase() }),
    reconcileIntervalMinutes: data.RECONCILE_INTERVAL_MINUTES,
    slackWebhookUrl: data.SLACK_WEBHOOK_URL ?? null,
    opsPlaneProjectId: data.OPS_PLANE_PROJECT_ID ?? null,
    logLevel: data.LOG_LEVEL ?? 'info',
    ship: {
      ...(data.SHIP_SIGNAL === undefined ? {} : { signal: data.SHIP_SIGNAL }),
      ...(data.DEPLOYED_SIGNAL === undefined ? {} : { deployed: data.DEPLOYED_SIGNAL }),
      ...(data.SHIPPED_AT === undefined ? {} : { shippedAt: data.SHIPPED_AT }),
    },
    stagesByGroup: data.STAGES_BY_GROUP,
    inboxMaxAttempts: data.INBOX_MAX_ATTEMPTS,
    inboxRetentionDays: data.INBOX_RETENTION_DAYS,
  };
}
