import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { LiveConnection } from '@odoo-plane-sync/agent';
import { defaultPollOverlapSeconds } from '@odoo-plane-sync/sync-core';

/** Everything the Lambda functions read from their environment. */
export interface LambdaConfig {
  /** Where Odoo and Plane are, in the shape the agent reads them (`clientOptionsOf` takes it). */
  readonly odoo: LiveConnection['odoo'];
  readonly plane: LiveConnection['plane'];
  readonly secrets: {
    readonly odooToken: string;
    readonly planeWebhookSecret: string;
    readonly githubWebhookSecret?: string;
  };
  /**
   * The Postgres store every execution environment shares: a standard connection string (TLS by
   * `sslmode`, pool size by `connection_limit`) and the schema its tables live in (default `ppm`).
   */
  readonly database: { readonly url: string; readonly schema: string };
  /** SQS FIFO queue for jobs; without it webhook events are run inside the webhook invocation. */
  readonly queue: { readonly url: string; readonly region: string } | null;
  readonly timeZone: string;
  readonly pollOverlapSeconds: number;
  readonly slackWebhookUrl: string | null;
  readonly opsPlaneProjectId: string | null;
}

/** Every problem in the environment, by variable name; never a value. */
export interface LambdaConfigProblems {
  readonly kind: 'invalid-environment';
  readonly problems: readonly { readonly variable: string; readonly message: string }[];
}

const text = z.string().trim().min(1, 'is required');
const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const schema = z.object({
  ODOO_URL: z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, '')),
  ODOO_DB: text,
  ODOO_LOGIN: text,
  ODOO_API_KEY: text,
  ODOO_SOURCE_ID: optional,
  PLANE_URL: z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, '')),
  PLANE_API_KEY: text,
  PLANE_WORKSPACE: text,
  PLANE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  PLANE_EDITION: z.enum(['ce', 'cloud']).default('ce'),
  WEBHOOK_TOKEN: z.string().trim().min(24, 'at least 24 random characters'),
  PLANE_WEBHOOK_SECRET: text,
  GITHUB_WEBHOOK_SECRET: optional,
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// connection string' }),
  DATABASE_SCHEMA: optional.refine(
    (value) => value === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(value),
    'a lower-case Postgres identifier',
  ),
  SYNC_QUEUE_URL: optional.refine(
    (value) => value === undefined || value.endsWith('.fifo'),
    'the URL of a FIFO queue (….fifo)',
  ),
  AWS_REGION: optional,
  SYNC_TIME_ZONE: optional,
  POLL_OVERLAP_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600)
    .default(defaultPollOverlapSeconds),
  SLACK_WEBHOOK_URL: optional,
  OPS_PLANE_PROJECT_ID: optional,
});

/**
 * Reads the Lambda functions' configuration; every problem is listed by variable name.
 *
 * @example
 * const config = loadLambdaConfig(process.env);
 */
export function loadLambdaConfig(
  environment: Readonly<Record<string, string | undefined>>,
): Result<LambdaConfig, LambdaConfigProblems> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success)
    return err({
      kind: 'invalid-environment',
      problems: parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.code === 'invalid_type' ? 'is required' : issue.message,
      })),
    });
  const data = parsed.data;
  if (data.SYNC_QUEUE_URL !== undefined && data.AWS_REGION === undefined)
    return err({
      kind: 'invalid-environment',
      problems: [{ variable: 'AWS_REGION', message: 'is required with SYNC_QUEUE_URL' }],
    });
  return ok({
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
      edition: data.PLANE_EDITION,
    },
    secrets: {
      odooToken: data.WEBHOOK_TOKEN,
      planeWebhookSecret: data.PLANE_WEBHOOK_SECRET,
      ...(data.GITHUB_WEBHOOK_SECRET === undefined
        ? {}
        : { githubWebhookSecret: data.GITHUB_WEBHOOK_SECRET }),
    },
    database: { url: data.DATABASE_URL, schema: data.DATABASE_SCHEMA ?? 'ppm' },
    queue:
      data.SYNC_QUEUE_URL === undefined
        ? null
        : { url: data.SYNC_QUEUE_URL, region: data.AWS_REGION ?? '' },
    timeZone: data.SYNC_TIME_ZONE ?? 'UTC',
    pollOverlapSeconds: data.POLL_OVERLAP_SECONDS,
    slackWebhookUrl: data.SLACK_WEBHOOK_URL ?? null,
    opsPlaneProjectId: data.OPS_PLANE_PROJECT_ID ?? null,
  });
}
