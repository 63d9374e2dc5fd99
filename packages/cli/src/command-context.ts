import type { Command } from 'commander';
import { environmentWith, readCliSettings, type CliSettings } from './cli-environment.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { openCliAgent, type CliAgent } from './open-agent.js';
import { createOutput, type Output, type OutputStreams } from './output.js';

/** What a command run gets from the process: its environment, working directory and streams. */
export interface CliIo extends OutputStreams {
  readonly cwd: string;
}

/** The options every command takes (declared on the program). */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly envFile?: string;
  readonly verbose?: boolean;
}

/**
 * Runs a command's body with the configured agent: reads the environment (and `--env-file`), opens the
 * stores and the agent, closes them afterwards, and turns a configuration problem into exit code 2.
 */
export async function withAgent(
  io: CliIo,
  command: Command,
  body: (cli: CliAgent, out: Output) => Promise<ExitCode>,
): Promise<ExitCode> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const settings = settingsOf(io, options);
  if (!('settings' in settings)) {
    const out = createOutput(io, { json: options.json === true, secrets: [] });
    out.problem(settings.problem);
    return exitCodes.usage;
  }
  const out = createOutput(io, { json: options.json === true, secrets: settings.settings.secrets });
  const opened = await openCliAgent(settings.settings, { verbose: options.verbose === true });
  if (!opened.ok) {
    out.problem(`Cannot open the store: ${opened.problem}`);
    return exitCodes.unreachable;
  }
  const { cli } = opened;
  try {
    return await body(cli, out);
  } finally {
    await cli.close();
  }
}

function settingsOf(
  io: CliIo,
  options: GlobalOptions,
): { settings: CliSettings } | { problem: string } {
  let environment: Readonly<Record<string, string | undefined>>;
  try {
    environment = environmentWith(io.environment, options.envFile);
  } catch {
    return { problem: `Cannot read the env file ${options.envFile ?? ''}.` };
  }
  const read = readCliSettings(environment, io.cwd);
  return read.ok ? { settings: read.settings } : { problem: read.problem };
}

/**
 * Odoo project ids named by `--project` (an id, or a project name, case-insensitive); an unknown one is
 * a usage error, reported by name.
 */
export async function resolveProjects(
  cli: CliAgent,
  out: Output,
  names: readonly string[] | undefined,
): Promise<number[] | null | undefined> {
  if (names === undefined || names.length === 0) return undefined;
  const projects = await cli.agent.odoo.searchRead('project.project', [], {
    fields: ['name'],
    context: { active_test: false },
  });
  if (projects.isErr()) {
    out.problem(`Cannot list the Odoo projects: ${projects.error.kind}`);
    return null;
  }
  const ids: number[] = [];
  for (const name of names) {
    const match = projects.value.find(
      (project) =>
        String(project.id) === name ||
        (typeof project.name === 'string' && project.name.toLowerCase() === name.toLowerCase()),
    );
    if (match === undefined) {
      out.problem(`No Odoo project "${name}" (give its id or its exact name).`);
      return null;
    }
    ids.push(match.id);
  }
  return ids;
}
