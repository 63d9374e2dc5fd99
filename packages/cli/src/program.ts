import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { resolveProjects, withAgent, type CliIo } from './command-context.js';
import { archiveLedgerCommand } from './commands/archive-ledger.js';
import { backfillCommand } from './commands/backfill.js';
import { conflictsCommand } from './commands/conflicts.js';
import { doctorCommand } from './commands/doctor.js';
import { failuresCommand } from './commands/failures.js';
import { pruneCommand } from './commands/prune.js';
import { reconcileCommand } from './commands/reconcile.js';
import { replayCommand } from './commands/replay.js';
import { statusCommand } from './commands/status.js';
import { exitCodes, exitCodesHelp, type ExitCode } from './exit-codes.js';

const positiveInteger = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number ≥ 1');
  return parsed;
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Runs the CLI once: parses `argv` (the user's arguments, without `node` and the script), runs the
 * command and resolves with its exit code. Output goes to the streams of `io`.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), environment: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = new Command('odoo-plane-sync')
    .description(
      'Operator commands of odoo-plane-sync, configured by the sync server’s environment variables.',
    )
    .option('--json', 'print one JSON document on stdout, for scripts')
    .option('--env-file <path>', 'read the variables from this file too (the process’s win)')
    .option('-v, --verbose', 'log the agent’s info lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .addHelpText('after', exitCodesHelp);

  const define = (name: string, description: string): Command =>
    program.command(name).description(description).addHelpText('after', exitCodesHelp);
  const projectOption = [
    '--project <id|name>',
    'only this Odoo project (repeat for several)',
    collect,
  ] as const;

  define('backfill', 'plan, then sync every Odoo project to Plane (resumable after a kill)')
    .option(...projectOption)
    .option('--dry-run', 'print the plan only')
    .action(async (options: { project?: string[]; dryRun?: boolean }, command: Command) => {
      code = await withAgent(io, command, async (cli, out) => {
        const ids = await resolveProjects(cli, out, options.project);
        if (ids === null) return exitCodes.usage;
        return backfillCommand(cli, out, {
          dryRun: options.dryRun === true,
          odooProjectIds: ids,
          progressStream: process.stderr,
        });
      });
    });
  define('reconcile', 'show the field-level drift between Odoo and Plane, then repair it')
    .option('--dry-run', 'report the drift only')
    .option(...projectOption)
    .action(async (options: { project?: string[]; dryRun?: boolean }, command: Command) => {
      code = await withAgent(io, command, async (cli, out) => {
        const ids = await resolveProjects(cli, out, options.project);
        if (ids === null) return exitCodes.usage;
        return reconcileCommand(cli, out, { dryRun: options.dryRun === true, odooProjectIds: ids });
      });
    });
  define('doctor', 'check credentials, versions, mappings, automation rules and webhooks')
    .option('--install-odoo-rules', 'create the missing Odoo automation rules (Odoo 17+)')
    .option('--webhook-url <url>', 'public URL of the sync server, e.g. https://sync.example.com')
    .action(
      async (options: { installOdooRules?: boolean; webhookUrl?: string }, command: Command) => {
        code = await withAgent(io, command, (cli, out) =>
          doctorCommand(cli, out, {
            installOdooRules: options.installOdooRules === true,
            webhookUrl: options.webhookUrl,
          }),
        );
      },
    );
  define('status', 'mappings, inbox, failures, conflicts, backfill and last reconciliation').action(
    async (_options: unknown, command: Command) => {
      code = await withAgent(io, command, (cli, out) => statusCommand(cli, out));
    },
  );
  define('failures', 'failed and dead-lettered inbox events with their cause')
    .option('--limit <n>', 'at most this many events', positiveInteger, 100)
    .action(async (options: { limit: number }, command: Command) => {
      code = await withAgent(io, command, (cli, out) =>
        failuresCommand(cli, out, { limit: options.limit }),
      );
    });
  define('replay', 'run failed and dead-lettered inbox events again now')
    .argument('[event...]', 'event ids (see `failures`)')
    .option('--all-failed', 'every failed and dead-lettered event')
    .action(async (ids: string[], options: { allFailed?: boolean }, command: Command) => {
      code = await withAgent(io, command, (cli, out) =>
        replayCommand(cli, out, { ids, allFailed: options.allFailed === true }),
      );
    });
  define('conflicts', 'conflicts on record, each settled by its field’s owner')
    .option('--last <n>', 'show the last n', positiveInteger, 20)
    .action(async (options: { last: number }, command: Command) => {
      code = await withAgent(io, command, (cli, out) =>
        conflictsCommand(cli, out, { last: options.last }),
      );
    });
  define(
    'prune',
    'delete in Plane the work items whose Odoo task is deleted (plan first; only with --confirm)',
  )
    .option('--confirm', 'delete exactly the work items the plan lists')
    .option(...projectOption)
    .action(async (options: { confirm?: boolean; project?: string[] }, command: Command) => {
      code = await withAgent(io, command, async (cli, out) => {
        const ids = await resolveProjects(cli, out, options.project);
        if (ids === null) return exitCodes.usage;
        return pruneCommand(cli, out, { confirm: options.confirm === true, odooProjectIds: ids });
      });
    });

  define('archive-ledger', 'move ledger entries older than <days> days to a JSON Lines file')
    .argument('<days>', 'age in days (≥ 1)', positiveInteger)
    .argument('[file]', 'the archive file (appended to)', 'ledger-archive.jsonl')
    .action(async (days: number, file: string, _options: unknown, command: Command) => {
      code = await withAgent(io, command, (cli, out) =>
        archiveLedgerCommand(cli, out, { days, file: resolve(io.cwd, file), now: Date.now() }),
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    throw error;
  }
  return code;
}
