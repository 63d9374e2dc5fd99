import { z } from 'zod';
import { defaultPollOverlapSeconds, type SyncConfigInput } from '@odoo-plane-sync/sync-core';
import {
  httpUrl,
  integer,
  isValidTimeZone,
  optionalText,
  pairList,
  postgresUrl,
  schemaName,
  signalSetting,
} from './environment-fields.js';
import { pullRequestStates, type PullRequestState } from './sync-environment.js';

type ShipSettings = NonNullable<SyncConfigInput['ship']>;

const planeStateGroups = ['backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage'];

/** The variables read in both modes. */
export const commonSchema = z.object({
  PORT: integer(0, 65_535, 3000),
  HOST: optionalText,
  DATA_DIR: optionalText,
  DATABASE_URL: postgresUrl,
  DATABASE_SCHEMA: schemaName('ppm'),
  QUEUE_SCHEMA: schemaName('pgboss'),
  WORKER_CONCURRENCY: integer(1, 64, 4),
  QUEUE_JOB_TIMEOUT_SECONDS: integer(10, 86_400, 900),
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
  GITHUB_STATE_MOVES: pairList(
    pullRequestStates,
    `pairs like merged=Done,open=In Review (states: ${pullRequestStates.join(', ')})`,
  ).transform((pairs) => pairs as Partial<Record<PullRequestState, string>>),
  SHIP_SIGNAL: signalSetting<ShipSettings['signal']>(['auto', 'off'], ['field', 'stage', 'tag']),
  DEPLOYED_SIGNAL: signalSetting<ShipSettings['deployed']>(['auto', 'off'], ['field', 'tag']),
  SHIPPED_AT: signalSetting<ShipSettings['shippedAt']>(['auto', 'seen'], ['field']),
  STAGES_BY_GROUP: pairList(
    planeStateGroups,
    `pairs like cancelled=Cancelled,unstarted=To Do (- leaves the stage; groups: ${planeStateGroups.join(', ')})`,
    (name) => (name === '-' ? null : name),
  ),
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

/** The variables read in live mode: where Odoo and Plane are, and the webhook secrets. */
export const liveSchema = z.object({
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
