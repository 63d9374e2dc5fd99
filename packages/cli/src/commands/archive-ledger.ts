import { appendFile } from 'node:fs/promises';
import { archiveLedger } from '@odoo-plane-sync/sync-core';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `archive-ledger <days> [file]`: appends every ledger entry older than `days` days to `file` as JSON
 * Lines, then deletes them from the ledger; nothing is deleted when the file cannot be written.
 */
export async function archiveLedgerCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly days: number; readonly file: string; readonly now: number },
): Promise<ExitCode> {
  const report = await archiveLedger(cli.stores.ledger, {
    before: options.now - options.days * 24 * 60 * 60_000,
    write: (entries) =>
      appendFile(
        options.file,
        entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
        'utf8',
      ),
  });
  out.result({ ...report, file: options.file });
  out.line(
    `Archived ${report.archived} ledger entries to ${options.file}; pruned ${report.pruned}.`,
  );
  return exitCodes.ok;
}
