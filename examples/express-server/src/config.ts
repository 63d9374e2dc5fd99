import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { defaultPollOverlapSeconds, type SyncConfigInput } from '@odoo-plane-sync/sync-core';

type ShipSettings = NonNullable<SyncConfigInput['ship']>;

/** The variables that connect the agent to a real Odoo and a real Plane. */
export const connectionVariables = [
  'ODOO_URL',
  'ODOO_DB',
  'ODOO_LOGIN',
  'ODOO_API_KEY',
  'PLANE_URL',
  'PLANE_API_KEY',
  'PLANE_WORKSPACE',
  'WEBHOOK_TOKEN',
  'PLANE_WEBHOOK_SECRET',
] as const;

/** Variables whose values are secrets: they are never printed, logged or put in an error. */
export const secretVariables: ReadonlySet<string> = new Set([
  'ODOO_API_KEY',
  'PLANE_API_KEY',
  'WEBHOOK_TOKEN',
  'PLANE_WEBHOOK_SECRET',
  'GITHUB_WEBHOOK_SECRET',
  'SLACK_WEBHOOK_URL',
]);

/** Settings shared by both modes. */
export interface CommonSettings {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the directory holding the SQLite database. */
  readonly dataDir: string;
  readonly timeZone: string;
  /** 0 turns the Odoo poller off. */
  readonly pollIntervalSeconds: number;
  readonly pollOverlapSeconds: number;
  readonly githubWebhookSecret: string | null;
  /** Plane state names to move a work item to by pull-request state, e.g. `{ merged: 'Done' }`. */
  readonly githubStateMoves: Readonly<Partial<Record<PullRequestState, string>>>;
  /** A GitHub Enterprise Server host whose URLs are shown besides github.com's (`github.example.com`). */
  readonly githubEnterpriseHost?: string;
  /** 0 turns the scheduled reconciliation off. */
  readonly reconcileIntervalMinutes: number;
  readonly slackWebhookUrl: string | null;
  readonly opsPlaneProjectId: string | null;
  readonly logLevel: LogLevel;
  /** What says "shipped" in Odoo (`SHIP_SIGNAL`, `DEPLOYED_SIGNAL`, `SHIPPED_AT`); unset parts are `auto`. */
  readonly ship?: ShipSettings;
  /** Plane state group → Odoo stage name (`STAGES_BY_GROUP`); `null` leaves the stage on purpose. */
  readonly stagesByGroup?: Readonly<Record<string, string | null>>;
  /** Runs of a failed inbox event before it is dead-lettered; default sync-core's (24). */
  readonly inboxMaxAttempts?: number;
  /** Days processed inbox events are kept; default sync-core's (7). */
  readonly inboxRetentionDays?: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const pullRequestStates = ['open', 'draft', 'ready', 'reopened', 'closed', 'merged'] as const;
export type PullRequestState = (typeof pullRequestStates)[number];

/** Where the real systems are and how the agent proves who it is to them and to their webhooks. */
export interface LiveSettings {
  readonly odoo: {
    readonly url: string;
    readonly db: string;
    readonly login: string;
    readonly apiKey: string;
    /** Names this Odoo in Plane's `external_source`; default the database name. */
    readonly sourceId: string;
  };
  readonly plane: {
    readonly url: string;
    readonly apiKey: string;
    readonly workspace: string;
    /** Requests per minute of the API key (Plane's default is 60). */
    readonly rateLimitPerMinute: number;
    readonly edition: 'ce' | 'cloud';
  };
  /** The secret path segment of `/webhooks/odoo/<token>` (Odoo's webhook cannot sign or send headers). */
  readonly webhookToken: string;
  readonly planeWebhookSecret: string;
}

/** The agent's configuration: sandbox (simulators on loopback) or live (real Odoo and Plane). */
export type AgentConfig =
  | ({ readonly mode: 'sandbox' } & CommonSettings)
  | ({ readonly mode: 'live'; readonly live: LiveSettings } & CommonSettings);

/** Every problem found in the environment; messages name variables, never their values. */
export interface ConfigProblems {
  readonly kind: 'invalid-environment';
  readonly problems: readonly { readonly variable: string; readonly message: string }[];
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        context.addIssue({ code: 'custom', message: `an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'an http(s) URL such as https://odoo.example.com')
  // Credentials in the URL are never what Odoo or Plane check (they take the API key variables), every
  // call would fail, and the URL is printed at start-up: refuse it, without repeating the value.
  .refine(
    (value) => !hasUserInfo(value),
    'must not contain a user name or password ("user:password@"): put the credentials in the *_API_KEY variable',
  )
  .transform((value) => value.replace(/\/+$/, ''));

function hasUserInfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const planeStateGroups = ['backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage'];

/** `word` or `kind:name` (e.g. `off`, `tag:shipped`), as sync-core's `ship` settings take them. */
const signalSetting = <Setting>(words: readonly string[], kinds: readonly string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context): Setting | undefined => {
      if (value === undefined || value === '') return undefined;
      if (words.includes(value)) return value as Setting;
      const separator = value.indexOf(':');
      const kind = value.slice(0, separator);
      const name = value.slice(separator + 1).trim();
      if (separator > 0 && kinds.includes(kind) && name !== '') return { [kind]: name } as Setting;
      context.addIssue({
        code: 'custom',
        message: `${words.join(', ')} or ${kinds.map((item) => `${item}:<name>`).join(', ')}`,
      });
      return z.NEVER;
    });

const commonSchema = z.object({
  PORT: integer(0, 65_535, 3000),
  HOST: optionalText,
  DATA_DIR: optionalText,
  SYNC_TIME_ZONE: optionalText.refine(
    (zone) => zone === undefined || isValidTimeZone(zone),
    'an IANA time zone such as Europe/Berlin',
  ),
  POLL_INTERVAL_SECONDS: integer(0, 86_400, 60),
  POLL_OVERLAP_SECONDS: integer(0, 3_600, defaultPollOverlapSeconds),
  GITHUB_WEBHOOK_SECRET: optionalText.refine(
    (value) => value === undefined || value.length >= 16,
    'at least 16 characters',
  ),
  GITHUB_ENTERPRISE_HOST: optionalText.refine(
    (value) => value === undefined || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(value),
    'a host name such as github.example.com (no scheme, path or port)',
  ),
  GITHUB_STATE_MOVES: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const moves: Partial<Record<PullRequestState, string>> = {};
      for (const pair of (value ?? '').split(',')) {
        if (pair.trim() === '') continue;
        const [state = '', name = ''] = pair.split('=').map((part) => part.trim());
        if (!(pullRequestStates as readonly string[]).includes(state) || name === '') {
          context.addIssue({
            code: 'custom',
            message: `pairs like merged=Done,open=In Review (states: ${pullRequestStates.join(', ')})`,
          });
          return z.NEVER;
        }
        moves[state as PullRequestState] = name;
      }
      return moves;
    }),
  SHIP_SIGNAL: signalSetting<ShipSettings['signal']>(['auto', 'off'], ['field', 'stage', 'tag']),
  DEPLOYED_SIGNAL: signalSetting<ShipSettings['deployed']>(['auto', 'off'], ['field', 'tag']),
  SHIPPED_AT: signalSetting<ShipSettings['shippedAt']>(['auto', 'seen'], ['field']),
  STAGES_BY_GROUP: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const stages: Record<string, string | null> = {};
      for (const pair of (value ?? '').split(',')) {
        if (pair.trim() === '') continue;
        const [group = '', name = ''] = pair.split('=').map((part) => part.trim());
        if (!planeStateGroups.includes(group) || name === '') {
          context.addIssue({
            code: 'custom',
            message: `pairs like cancelled=Cancelled,unstarted=To Do (- leaves the stage; groups: ${planeStateGroups.join(', ')})`,
          });
          return z.NEVER;
        }
        stages[group] = name === '-' ? null : name;
      }
      return stages;
    }),
  RECONCILE_INTERVAL_MINUTES: integer(0, 10_080, 60),
  INBOX_MAX_ATTEMPTS: integer(1, 1_000, 24),
  INBOX_RETENTION_DAYS: integer(1, 3_650, 7),
  SLACK_WEBHOOK_URL: optionalText.refine(
    (value) => value === undefined || value.startsWith('https://'),
    'an https:// Slack incoming-webhook URL',
  ),
  OPS_PLANE_PROJECT_ID: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  SYNC_MODE: z.enum(['auto', 'sandbox', 'live']).optional(),
});

const liveSchema = z.object({
  ODOO_URL: httpUrl,
  ODOO_DB: z.string().trim().min(1, 'the Odoo database name'),
  ODOO_LOGIN: z.string().trim().min(1, 'the login of the Odoo user the API key belongs to'),
  ODOO_API_KEY: z.string().trim().min(1, 'an Odoo API key (Preferences → Account Security)'),
  ODOO_SOURCE_ID: optionalText.refine(
    (value) => value === undefined || /^[^:\s]+$/.test(value),
    'no colons or spaces',
  ),
  PLANE_URL: httpUrl,
  PLANE_API_KEY: z.string().trim().min(1, 'a Plane personal access token'),
  PLANE_WORKSPACE: z.string().trim().min(1, 'the Plane workspace slug'),
  PLANE_RATE_LIMIT_PER_MINUTE: integer(1, 10_000, 60),
  PLANE_EDITION: z.enum(['ce', 'cloud']).optional(),
  WEBHOOK_TOKEN: z
    .string()
    .trim()
    .min(24, 'at least 24 random characters (for example `openssl rand -hex 24`)')
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only (it is a URL path segment)'),
  PLANE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .min(1, "the secret Plane shows when the webhook is created (starts with 'plane_wh_')"),
});

/**
 * Reads the agent's configuration from environment variables. With none of the connection variables set
 * (or `SYNC_MODE=sandbox`) the agent runs in sandbox mode; with some but not all of them set it refuses to
 * start rather than silently falling back to the sandbox. Every problem is listed at once, by variable
 * name; values never appear in the problems.
 *
 * @example
 * const config = loadConfig(process.env, { defaultDataDir: '/srv/sync/.data' });
 * if (config.isErr()) console.error(formatConfigProblems(config.error));
 */
export function loadConfig(
  environment: Readonly<Record<string, string | undefined>>,
  options: { readonly defaultDataDir: string; readonly resolvePath?: (path: string) => string },
): Result<AgentConfig, ConfigProblems> {
  const problems: { variable: string; message: string }[] = [];
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

  let live: LiveSettings | undefined;
  if (mode === 'live') {
    const parsed = liveSchema.safeParse(environment);
    if (!parsed.success) collect(parsed.error.issues);
    else
      live = {
        odoo: {
          url: parsed.data.ODOO_URL,
          db: parsed.data.ODOO_DB,
          login: parsed.data.ODOO_LOGIN,
          apiKey: parsed.data.ODOO_API_KEY,
          sourceId: parsed.data.ODOO_SOURCE_ID ?? parsed.data.ODOO_DB,
        },
        plane: {
          url: parsed.data.PLANE_URL,
          apiKey: parsed.data.PLANE_API_KEY,
          workspace: parsed.data.PLANE_WORKSPACE,
          rateLimitPerMinute: parsed.data.PLANE_RATE_LIMIT_PER_MINUTE,
          edition: parsed.data.PLANE_EDITION ?? 'ce',
        },
        webhookToken: parsed.data.WEBHOOK_TOKEN,
        planeWebhookSecret: parsed.data.PLANE_WEBHOOK_SECRET,
      };
  }
  if (problems.length > 0 || !common.success) return err({ kind: 'invalid-environment', problems });

  const data = common.data;
  const resolvePath = options.resolvePath ?? ((path: string) => path);
  const settings: CommonSettings = {
    port: data.PORT,
    // The sandbox serves simulated systems and their secrets: loopback only unless asked otherwise.
    host: data.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolvePath(data.DATA_DIR ?? options.defaultDataDir),
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
  if (mode === 'sandbox') return ok({ mode, ...settings });
  return live === undefined
    ? err({ kind: 'invalid-environment', problems })
    : ok({ mode, live, ...settings });
}

/** One line per problem, for the console. */
export function formatConfigProblems(problems: ConfigProblems): string {
  return [
    'The environment does not describe a usable configuration:',
    ...problems.problems.map(({ variable, message }) => `  - ${variable}: ${message}`),
    'Unset every ODOO_* / PLANE_* connection variable to start the sandbox instead.',
  ].join('\n');
}

/**
 * The configuration as it may be printed: secrets are replaced by `set` / `not set`.
 *
 * @example
 * console.log(describeConfig(config));
 */
export function describeConfig(config: AgentConfig): Record<string, string | number> {
  const shown: Record<string, string | number> = {
    mode: config.mode,
    listen: `${config.host}:${config.port}`,
    dataDir: config.dataDir,
    timeZone: config.timeZone,
    pollIntervalSeconds: config.pollIntervalSeconds,
    pollOverlapSeconds: config.pollOverlapSeconds,
    reconcileIntervalMinutes: config.reconcileIntervalMinutes,
    ...(config.inboxMaxAttempts === undefined ? {} : { inboxMaxAttempts: config.inboxMaxAttempts }),
    ...(config.inboxRetentionDays === undefined
      ? {}
      : { inboxRetentionDays: config.inboxRetentionDays }),
    GITHUB_WEBHOOK_SECRET: config.githubWebhookSecret === null ? 'not set' : 'set',
    SLACK_WEBHOOK_URL: config.slackWebhookUrl === null ? 'not set' : 'set',
    OPS_PLANE_PROJECT_ID: config.opsPlaneProjectId ?? 'not set',
  };
  if (config.mode === 'live') {
    shown.ODOO_URL = config.live.odoo.url;
    shown.ODOO_DB = config.live.odoo.db;
    shown.ODOO_LOGIN = config.live.odoo.login;
    shown.ODOO_API_KEY = 'set';
    shown.PLANE_URL = config.live.plane.url;
    shown.PLANE_WORKSPACE = config.live.plane.workspace;
    shown.PLANE_API_KEY = 'set';
    shown.WEBHOOK_TOKEN = 'set';
    shown.PLANE_WEBHOOK_SECRET = 'set';
  }
  return shown;
}
