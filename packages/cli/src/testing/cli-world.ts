import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createOdooSimulator,
  createPlaneSimulator,
  type OdooSimulator,
  type PlaneSimulator,
} from '@odoo-plane-sync/testkit';

/** The bin's entry, run with tsx, so the tests drive exactly what `odoo-plane-sync` runs. */
const entry = fileURLToPath(new URL('../main.ts', import.meta.url));
/** The package directory: where `tsx` resolves from (DATA_DIR is absolute). */
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** One run of the bin. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Both simulators served over HTTP, a data directory, and the bin configured against them. */
export interface CliWorld {
  readonly odoo: OdooSimulator;
  readonly plane: PlaneSimulator;
  readonly dataDir: string;
  readonly environment: Record<string, string>;
  /** Runs the bin to its end; an `extraEnvironment` value `''` unsets that variable. */
  run(args: readonly string[], extraEnvironment?: Record<string, string>): Promise<CliRun>;
  /** Starts the bin; the caller may kill it. */
  start(args: readonly string[]): { child: ChildProcess; done: Promise<CliRun> };
  /** Runs the bin with `--json` and parses its stdout. */
  json<T>(
    args: readonly string[],
    extraEnvironment?: Record<string, string>,
  ): Promise<CliRun & { readonly value: T }>;
  close(): Promise<void>;
}

/** The WEBHOOK_TOKEN the bin is configured with (a secret: it must never be printed). */
export const webhookToken = 'cli-test-webhook-token-0123456789abcdef';

/**
 * Starts the Odoo 17 and Plane CE simulators over HTTP (no rate limit), a temporary `DATA_DIR`, and the
 * environment the sync server would have.
 */
export async function createCliWorld(): Promise<CliWorld> {
  const odoo = createOdooSimulator({ version: 17 });
  const plane = createPlaneSimulator({ rateLimit: false });
  const [odooServed, planeServed] = await Promise.all([odoo.serve(), plane.serve()]);
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-cli-'));
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ODOO_URL: odooServed.url,
    ODOO_DB: odoo.db,
    ODOO_LOGIN: odoo.login,
    ODOO_API_KEY: odoo.apiKey,
    PLANE_URL: planeServed.url,
    PLANE_API_KEY: plane.apiKey,
    PLANE_WORKSPACE: plane.workspaceSlug,
    // Above what a test makes in a minute: the client never waits (the simulator has no limit).
    PLANE_RATE_LIMIT_PER_MINUTE: '10000',
    WEBHOOK_TOKEN: webhookToken,
    PLANE_WEBHOOK_SECRET: 'plane_wh_cli_test_secret',
    DATA_DIR: dataDir,
    NO_COLOR: '1',
  };
  const start = (args: readonly string[], extra: Record<string, string> = {}) => {
    const env: Record<string, string> = { ...environment, ...extra };
    for (const [name, value] of Object.entries(extra)) if (value === '') delete env[name];
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      env,
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const done = new Promise<CliRun>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return { child, done };
  };
  return {
    odoo,
    plane,
    dataDir,
    environment,
    start: (args) => start(args),
    run: (args, extra) => start(args, extra).done,
    json: async <T>(args: readonly string[], extra: Record<string, string> = {}) => {
      const run = await start(['--json', ...args], extra).done;
      let value: T;
      try {
        value = JSON.parse(run.stdout) as T;
      } catch {
        throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
      }
      return { ...run, value };
    },
    close: async () => {
      await Promise.all([odooServed.close(), planeServed.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small portfolio in the Odoo simulator, with its users known to Plane by e-mail. */
export function seedPortfolio(
  world: Pick<CliWorld, 'odoo' | 'plane'>,
  shape: {
    readonly projects: number;
    readonly tasksPerProject: number;
    readonly milestones?: number;
  },
): { projectIds: number[]; taskIds: number[]; userIds: number[] } {
  const { odoo, plane } = world;
  const userIds: number[] = [];
  for (let index = 0; index < 3; index += 1) {
    const email = `dev${index}@example.com`;
    userIds.push(odoo.create('res.users', { name: `Developer ${index}`, login: email, email }));
    plane.addUser({ email, displayName: `dev${index}` });
  }
  const projectIds: number[] = [];
  const taskIds: number[] = [];
  for (let p = 0; p < shape.projects; p += 1) {
    const projectId = odoo.create('project.project', {
      name: `Programme ${p}`,
      user_id: userIds[0],
      allow_milestones: true,
      allow_task_dependencies: true,
    });
    projectIds.push(projectId);
    for (const [sequence, name] of ['New', 'In Progress', 'Done'].entries())
      odoo.create('project.task.type', { name, sequence, project_ids: [[6, 0, [projectId]]] });
    const milestoneIds: number[] = [];
    for (let m = 0; m < (shape.milestones ?? 0); m += 1)
      milestoneIds.push(
        odoo.create('project.milestone', {
          name: `M${m + 1}`,
          project_id: projectId,
          deadline: `2026-0${m + 3}-28`,
        }),
      );
    const own: number[] = [];
    for (let t = 0; t < shape.tasksPerProject; t += 1) {
      own.push(
        odoo.create('project.task', {
          name: `Task ${p}.${t}`,
          project_id: projectId,
          user_ids: [[6, 0, [userIds[t % userIds.length]]]],
          milestone_id: milestoneIds.length === 0 ? false : milestoneIds[t % milestoneIds.length],
          ...(t > 0 && t % 5 === 0 ? { depend_on_ids: [[4, own[t - 1]]] } : {}),
        }),
      );
    }
    taskIds.push(...own);
  }
  return { projectIds, taskIds, userIds };
}
