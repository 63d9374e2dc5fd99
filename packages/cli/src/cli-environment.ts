import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Where the CLI's stores are: the agent's SQLite file, or its Postgres database. */
export type CliStoreLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly databaseUrl: string; readonly schema: string };

/** The live connection the CLI works on: the same one the sync server is configured with. */
export interface CliSettings {
  readonly odoo: {
    readonly url: string;
    readonly db: string;
    readonly login: string;
    readonly apiKey: string;
    readonly sourceId: string;
  };
  readonly plane: {
    readonly url: string;
    readonly apiKey: string;
    readonly workspace: string;
    /** Requests per minute of the key; 0 when no limit applies. */
    readonly rateLimitPerMinute: number;
    readonly edition: 'ce' | 'cloud';
  };
  readonly webhookToken: string | null;
  readonly planeWebhookSecret: string | null;
  readonly store: CliStoreLocation;
  readonly timeZone: string;
  readonly stagesByGroup: Readonly<Record<string, string | null>>;
  readonly opsPlaneProjectId: string | null;
  /** Every secret value configured: kept out of everything the CLI prints. */
  readonly secrets: readonly string[];
}

/** One variable's problem; never its value. */
export interface CliEnvironmentProblem {
  readonly variable: string;
  readonly message: string;
}

const planeStateGroups = ['backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage'];

/**
 * The environment the commands run with: the process's, with an env file's variables under it (a
 * variable set in the process wins, as with `node --env-file`).
 */
export function environmentWith(
  processEnvironment: Readonly<Record<string, string | undefined>>,
  envFile: string | undefined,
): Readonly<Record<string, string | undefined>> {
  if (envFile === undefined) return processEnvironment;
  const fromFile = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
  return { ...fromFile, ...processEnvironment };
}

/**
 * Reads the variables the sync server reads (`ODOO_*`, `PLANE_*`, `WEBHOOK_TOKEN`, `DATA_DIR`,
 * `DATABASE_URL`, `STAGES_BY_GROUP`, …) into the CLI's settings, or every problem at once. The CLI only
 * works on a live configuration: the sandbox's simulators live inside the server's process.
 */
export function readCliSettings(
  environment: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { ok: true; settings: CliSettings } | { ok: false; problems: CliEnvironmentProblem[] } {
  const problems: CliEnvironmentProblem[] = [];
  const text = (name: string): string | undefined => {
    const value = environment[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string, what: string): string => {
    const value = text(name);
    if (value === undefined) problems.push({ variable: name, message: `is required (${what})` });
    return value ?? '';
  };
  const url = (name: string, what: string): string => {
    const value = required(name, what);
    if (value === '') return value;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
      if (parsed.username !== '' || parsed.password !== '')
        problems.push({ variable: name, message: 'must not contain a user name or password' });
    } catch {
      problems.push({ variable: name, message: 'an http(s) URL such as https://odoo.example.com' });
    }
    return value.replace(/\/+$/, '');
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      problems.push({ variable: name, message: `an integer from ${min} to ${max}` });
      return fallback;
    }
    return parsed;
  };

  const odoo = {
    url: url('ODOO_URL', 'the Odoo origin'),
    db: required('ODOO_DB', 'the Odoo database name'),
    login: required('ODOO_LOGIN', 'the login of the Odoo user the API key belongs to'),
    apiKey: required('ODOO_API_KEY', 'an Odoo API key'),
    sourceId: text('ODOO_SOURCE_ID') ?? text('ODOO_DB') ?? '',
  };
  const edition = text('PLANE_EDITION') ?? 'ce';
  if (edition !== 'ce' && edition !== 'cloud')
    problems.push({ variable: 'PLANE_EDITION', message: 'ce or cloud' });
  const plane = {
    url: url('PLANE_URL', 'the Plane origin'),
    apiKey: required('PLANE_API_KEY', 'a Plane personal access token'),
    workspace: required('PLANE_WORKSPACE', 'the Plane workspace slug'),
    rateLimitPerMinute: integer('PLANE_RATE_LIMIT_PER_MINUTE', 60, 0, 100_000),
    edition: edition === 'cloud' ? ('cloud' as const) : ('ce' as const),
  };
  const stagesByGroup: Record<string, string | null> = {};
  for (const pair of (text('STAGES_BY_GROUP') ?? '').split(',')) {
    if (pair.trim() === '') continue;
    const [group = '', name = ''] = pair.split('=').map((part) => part.trim());
    if (!planeStateGroups.includes(group) || name === '') {
      problems.push({
        variable: 'STAGES_BY_GROUP',
        message: `pairs like cancelled=Cancelled (- leaves the stage; groups: ${planeStateGroups.join(', ')})`,
      });
      break;
    }
    stagesByGroup[group] = name === '-' ? null : name;
  }
  const databaseUrl = text('DATABASE_URL');
  const store: CliStoreLocation =
    databaseUrl === undefined
      ? { kind: 'sqlite', file: resolve(cwd, text('DATA_DIR') ?? '.data', 'sync.db') }
      : { kind: 'postgres', databaseUrl, schema: text('DATABASE_SCHEMA') ?? 'ppm' };
  if (problems.length > 0) return { ok: false, problems };

  const webhookToken = text('WEBHOOK_TOKEN') ?? null;
  const planeWebhookSecret = text('PLANE_WEBHOOK_SECRET') ?? null;
  const secrets = [
    odoo.apiKey,
    plane.apiKey,
    webhookToken,
    planeWebhookSecret,
    text('GITHUB_WEBHOOK_SECRET'),
    text('SLACK_WEBHOOK_URL'),
    databaseUrl,
  ].filter((secret): secret is string => secret !== undefined && secret !== null);
  return {
    ok: true,
    settings: {
      odoo,
      plane,
      webhookToken,
      planeWebhookSecret,
      store,
      timeZone: text('SYNC_TIME_ZONE') ?? 'UTC',
      stagesByGroup,
      opsPlaneProjectId: text('OPS_PLANE_PROJECT_ID') ?? null,
      secrets,
    },
  };
}
