import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import {
  formatSyncEnvironmentProblems,
  readSyncEnvironment,
  type LiveConnection,
  type SyncEnvironment,
} from '@odoo-plane-sync/agent';

/** A live configuration: the only kind the CLI works on (the sandbox's simulators live in its server). */
export type CliSettings = Extract<SyncEnvironment, { readonly mode: 'live' }> & {
  readonly live: LiveConnection;
  /** Every secret value configured: kept out of everything the CLI prints. */
  readonly secrets: readonly string[];
};

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
 * Reads the variables the sync server reads (`readSyncEnvironment` of the agent: `ODOO_*`, `PLANE_*`,
 * `WEBHOOK_TOKEN`, `DATA_DIR`, `DATABASE_URL`, `STAGES_BY_GROUP`, …), with `DATA_DIR` taken from the
 * working directory. A sandbox configuration is refused: there is nothing for the CLI to operate.
 */
export function readCliSettings(
  environment: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { ok: true; settings: CliSettings } | { ok: false; problem: string } {
  const read = readSyncEnvironment(
    { SYNC_MODE: 'live', ...environment },
    { defaultDataDir: '.data', resolvePath: (path) => resolve(cwd, path) },
  );
  if (read.isErr()) return { ok: false, problem: formatSyncEnvironmentProblems(read.error) };
  const settings = read.value;
  if (settings.mode !== 'live')
    return {
      ok: false,
      problem: 'The CLI operates a live sync: set the ODOO_* and PLANE_* variables.',
    };
  const secrets = [
    settings.live.odoo.apiKey,
    settings.live.plane.apiKey,
    settings.live.webhookToken,
    settings.live.planeWebhookSecret,
    settings.githubWebhookSecret,
    settings.slackWebhookUrl,
    settings.store.kind === 'postgres' ? settings.store.databaseUrl : null,
  ].filter((secret): secret is string => secret !== null && secret !== '');
  return { ok: true, settings: { ...settings, secrets } };
}
