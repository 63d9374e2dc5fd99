import type { SyncEnvironment, SyncEnvironmentProblems } from './sync-environment.js';

/** One line per problem, for the console. */
export function formatSyncEnvironmentProblems(problems: SyncEnvironmentProblems): string {
  return [
    'The environment does not describe a usable configuration:',
    ...problems.problems.map(({ variable, message }) => `  - ${variable}: ${message}`),
    'Unset every ODOO_* / PLANE_* connection variable to start the sandbox instead.',
  ].join('\n');
}

/**
 * The configuration as it may be printed: secrets are replaced by `set` / `not set`, and the database
 * is shown as its host and name, without the credentials or the query.
 *
 * @example
 * console.log(describeSyncEnvironment(environment));
 */
export function describeSyncEnvironment(
  environment: SyncEnvironment,
): Record<string, string | number> {
  const shown: Record<string, string | number> = {
    mode: environment.mode,
    listen: `${environment.host}:${environment.port}`,
    store: describeStore(environment),
    workerConcurrency: environment.workerConcurrency,
    timeZone: environment.timeZone,
    pollIntervalSeconds: environment.pollIntervalSeconds,
    pollOverlapSeconds: environment.pollOverlapSeconds,
    reconcileIntervalMinutes: environment.reconcileIntervalMinutes,
    ...(environment.inboxMaxAttempts === undefined
      ? {}
      : { inboxMaxAttempts: environment.inboxMaxAttempts }),
    ...(environment.inboxRetentionDays === undefined
      ? {}
      : { inboxRetentionDays: environment.inboxRetentionDays }),
    GITHUB_WEBHOOK_SECRET: environment.githubWebhookSecret === null ? 'not set' : 'set',
    SLACK_WEBHOOK_URL: environment.slackWebhookUrl === null ? 'not set' : 'set',
    OPS_PLANE_PROJECT_ID: environment.opsPlaneProjectId ?? 'not set',
  };
  if (environment.store.kind === 'sqlite') shown.dataDir = environment.dataDir;
  if (environment.mode === 'live') {
    shown.ODOO_URL = environment.live.odoo.url;
    shown.ODOO_DB = environment.live.odoo.db;
    shown.ODOO_LOGIN = environment.live.odoo.login;
    shown.ODOO_API_KEY = 'set';
    shown.PLANE_URL = environment.live.plane.url;
    shown.PLANE_WORKSPACE = environment.live.plane.workspace;
    shown.PLANE_API_KEY = 'set';
    shown.WEBHOOK_TOKEN = 'set';
    shown.PLANE_WEBHOOK_SECRET = 'set';
  }
  return shown;
}

/** `sqlite` or `postgres <host>:<port>/<database> (schema ppm, queue pgboss)`, never the password. */
function describeStore(environment: SyncEnvironment): string {
  const { store } = environment;
  if (store.kind === 'sqlite') return 'sqlite';
  const url = new URL(store.databaseUrl);
  const where = `${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  return `postgres ${where} (schema ${store.schema}, queue ${store.queueSchema})`;
}
