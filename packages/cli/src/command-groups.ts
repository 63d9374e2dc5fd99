import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveProjects, type CliIo } from './command-context.js';
import { archiveLedgerCommand } from './commands/archive-ledger.js';
import { backfillCommand } from './commands/backfill.js';
import { conflictsCommand } from './commands/conflicts.js';
import { doctorCommand } from './commands/doctor.js';
import { failuresCommand } from './commands/failures.js';
import { pruneCommand } from './commands/prune.js';
import { reconcileCommand } from './commands/reconcile.js';
import { replayCommand } from './commands/replay.js';
import { statusCommand } from './commands/status.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import type { CliAgent } from './open-agent.js';
import type { Output } from './output.js';

/** What a command group registers its commands with (built by `runCli` around its program). */
export interface CommandGroupContext {
  readonly io: CliIo;
  /** Adds a command to the program, with the exit codes in its help. */
  readonly define: (name: string, description: string) => Command;
  /** Runs a command's body with the configured agent; its exit code becomes the run's. */
  readonly runWithAgent: (
    command: Command,
    body: (cli: CliAgent, out: Output) => Promise<ExitCode>,
  ) => Promise<void>;
}

const positiveInteger = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number ≥ 1');
  return parsed;
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const projectOption = [
  '--project <id|name>',
  'only this Odoo project (repeat for several)',
  collect,
] as const;

/** `backfill` and `reconcile`: the runs that sync Odoo projects to Plane. */
export function defineSyncCommands({ define, runWithAgent }: CommandGroupContext): void {
  define('backfill', 'plan, then sync every Odoo project to Plane (resumable after a kill)')
    .option(...projectOption)
    .option('--dry-run', 'print the plan only')
    .action(async (options: { project?: string[]; dryRun?: boolean }, command: Command) => {
      await runWithAgent(command, async (cli, out) => {
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
      await runWithAgent(command, async (cli, out) => {
        const ids = await resolveProjects(cli, out, options.project);
        if (ids === null) return exitCodes.usage;
        return reconcileCommand(cli, out, { dryRun: options.dryRun === true, odooProjectIds: ids });
      });
    });
}

/** `doctor` and `status`: how the deployment is set up and how the sync is doing. */
export function defineCheckCommands({ define, runWithAgent }: CommandGroupContext): void {
  define('doctor', 'check credentials, versions, mappings, automation rules and webhooks')
    .option('--install-odoo-rules', 'create the missing Odoo automation rules (Odoo 17+)')
    .option('--webhook-url <url>', 'public URL of the sync server, e.g. https://sync.example.com')
    .action(
      async (options: { installOdooRules?: boolean; webhookUrl?: string }, command: Command) => {
        await runWithAgent(command, (cli, out) =>
          doctorCommand(cli, out, {
            installOdooRules: options.installOdooRules === true,
            webhookUrl: options.webhookUrl,
          }),
        );
      },
    );
  define('status', 'mappings, inbox, failures, conflicts, backfill and last reconciliation').action(
    async (_options: unknown, command: Command) => {
      await runWithAgent(command, (cli, out) => statusCommand(cli, out));
    },
  );
}

/** `failures`, `replay` and `conflicts`: what went wrong, running it again, and what was overruled. */
export function defineAttentionCommands({ define, runWithAgent }: CommandGroupContext): void {
  define('failures', 'failed and dead-lettered inbox events with their cause')
    .option('--limit <n>', 'at most this many events', positiveInteger, 100)
    .action(async (options: { limit: number }, command: Command) => {
      await runWithAgent(command, (cli, out) =>
        failuresCommand(cli, out, { limit: options.limit }),
      );
    });
  define('replay', 'run failed and dead-lettered inbox events again now')
    .argument('[event...]', 'event ids (see `failures`)')
    .option('--all-failed', 'every failed and dead-lettered event')
    .action(async (ids: string[], options: { allFailed?: boolean }, command: Command) => {
      await runWithAgent(command, (cli, out) =>
        replayCommand(cli, out, { ids, allFailed: options.allFailed === true }),
      );
    });
  define('conflicts', 'conflicts on record, each settled by its field’s owner')
    .option('--last <n>', 'show the last n', positiveInteger, 20)
    .action(async (options: { last: number }, command: Command) => {
      await runWithAgent(command, (cli, out) => conflictsCommand(cli, out, { last: options.last }));
    });
}

/** `prune` and `archive-ledger`: removing what the sync no longer needs, only when asked. */
export function defineHousekeepingCommands({
  io,
  define,
  runWithAgent,
}: CommandGroupContext): void {
  define(
    'prune',
    'delete in Plane the work items whose Odoo task is deleted (plan first; only with --confirm)',
  )
    .option('--confirm', 'delete exactly the work items the plan lists')
    .option(...projectOption)
    .action(async (options: { confirm?: boolean; project?: string[] }, command: Command) => {
      await runWithAgent(command, async (cli, out) => {
        const ids = await resolveProjects(cli, out, options.project);
        if (ids === null) return exitCodes.usage;
        return pruneCommand(cli, out, { confirm: options.confirm === true, odooProjectIds: ids });
      });
    });

  define('archive-ledger', 'move ledger entries older than <days> days to a JSON Lines file')
    .argument('<days>', 'age in days (≥ 1)', positiveInteger)
    .argument('[file]', 'the archive file (appended to)', 'ledger-archive.jsonl')
    .action(async (days: number, file: string, _options: unknown, command: Command) => {
      await runWithAgent(command, (cli, out) =>
        archiveLedgerCommand(cli, out, { days, file: resolve(io.cwd, file), now: Date.now() }),
      );
    });
}
