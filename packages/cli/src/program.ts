import { Command, CommanderError } from 'commander';
import {
  defineAttentionCommands,
  defineCheckCommands,
  defineHousekeepingCommands,
  defineSyncCommands,
  type CommandGroupContext,
} from './command-groups.js';
import { withAgent, type CliIo } from './command-context.js';
import { exitCodes, exitCodesHelp, type ExitCode } from './exit-codes.js';

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

  // The groups register in this order, which is the order `--help` lists the commands in.
  const context: CommandGroupContext = {
    io,
    define: (name, description) =>
      program.command(name).description(description).addHelpText('after', exitCodesHelp),
    runWithAgent: async (command, body) => {
      code = await withAgent(io, command, body);
    },
  };
  defineSyncCommands(context);
  defineCheckCommands(context);
  defineAttentionCommands(context);
  defineHousekeepingCommands(context);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    throw error;
  }
  return code;
}
