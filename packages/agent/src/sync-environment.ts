import type { SyncConfigInput } from '@odoo-plane-sync/sync-core';

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

/**
 * Variables whose values are (or hold) secrets: they are never printed, logged or put in an error.
 * `DATABASE_URL` carries the database password.
 */
export const secretVariables: ReadonlySet<string> = new Set([
  'ODOO_API_KEY',
  'PLANE_API_KEY',
  'WEBHOOK_TOKEN',
  'PLANE_WEBHOOK_SECRET',
  'GITHUB_WEBHOOK_SECRET',
  'SLACK_WEBHOOK_URL',
  'DATABASE_URL',
]);

export type SyncLogLevel = 'debug' | 'info' | 'warn' | 'error';

export const pullRequestStates = [
  'open',
  'draft',
  'ready',
  'reopened',
  'closed',
  'merged',
] as const;
export type PullRequestState = (typeof pullRequestStates)[number];

/**
 * Where the stores live. SQLite (a file under `dataDir`) is one process's store; Postgres
 * (`DATABASE_URL`) is shared by every worker on the database, with its jobs in pg-boss.
 */
export type SyncStoreLocation =
  | { readonly kind: 'sqlite' }
  | {
      readonly kind: 'postgres';
      /** A standard connection string; pool settings and `sslmode` are read from it. A secret. */
      readonly databaseUrl: string;
      /** The stores' schema (`DATABASE_SCHEMA`); default `ppm`, the original Supabase tables' schema. */
      readonly schema: string;
      /** pg-boss's schema (`QUEUE_SCHEMA`); default `pgboss`. */
      readonly queueSchema: string;
      /**
       * How long a job may run before it counts as lost (its worker died) and runs again elsewhere
       * (`QUEUE_JOB_TIMEOUT_SECONDS`); default 900. Fixed when the queue is first created.
       */
      readonly jobTimeoutSeconds?: number;
    };

/** Settings shared by both modes. */
export interface SyncEnvironmentSettings {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the directory holding the SQLite database (and the sandbox's). */
  readonly dataDir: string;
  /** SQLite under `dataDir`, or Postgres + pg-boss when `DATABASE_URL` is set. */
  readonly store: SyncStoreLocation;
  /** Jobs this worker runs at once (`WORKER_CONCURRENCY`); default 4. */
  readonly workerConcurrency: number;
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
  readonly logLevel: SyncLogLevel;
  /** What says "shipped" in Odoo (`SHIP_SIGNAL`, `DEPLOYED_SIGNAL`, `SHIPPED_AT`); unset parts are `auto`. */
  readonly ship?: ShipSettings;
  /** Plane state group → Odoo stage name (`STAGES_BY_GROUP`); `null` leaves the stage on purpose. */
  readonly stagesByGroup?: Readonly<Record<string, string | null>>;
  /** Runs of a failed inbox event before it is dead-lettered; default sync-core's (24). */
  readonly inboxMaxAttempts?: number;
  /** Days processed inbox events are kept; default sync-core's (7). */
  readonly inboxRetentionDays?: number;
}

/** Where the real systems are and how the agent proves who it is to them and to their webhooks. */
export interface LiveConnection {
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

/** The configuration the environment describes: sandbox (simulators on loopback) or live. */
export type SyncEnvironment =
  | ({ readonly mode: 'sandbox' } & SyncEnvironmentSettings)
  | ({ readonly mode: 'live'; readonly live: LiveConnection } & SyncEnvironmentSettings);

/** One variable's problem; the message names the variable's expected form, never its value. */
export interface SyncEnvironmentProblem {
  readonly variable: string;
  readonly message: string;
}

/** Every problem found in the environment. */
export interface SyncEnvironmentProblems {
  readonly kind: 'invalid-environment';
  readonly problems: readonly SyncEnvironmentProblem[];
}
