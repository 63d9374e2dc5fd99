import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `conflicts`: the conflicts on record (each settled by its field's owner), newest last. */
export async function conflictsCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly last: number },
): Promise<ExitCode> {
  const [total, entries] = await Promise.all([
    cli.stores.ledger.count({ outcome: 'conflict' }),
    cli.stores.ledger.list({ outcome: 'conflict', last: options.last }),
  ]);
  const conflicts = entries.map((entry) => ({
    at: new Date(entry.at).toISOString(),
    correlationId: entry.correlationId,
    entity: entry.entity,
    cause: entry.cause,
    decision: entry.decision,
    writes: entry.writes,
    detail: entry.detail ?? null,
  }));
  out.result({ total, conflicts });
  if (total === 0) {
    out.line(out.colour.green('No conflict on record.'));
    return exitCodes.ok;
  }
  out.line(
    out.colour.bold(`Conflicts: ${total} on record, the last ${conflicts.length} shown`) +
      ' (each was settled by the field’s owner and reverted on the other side)',
  );
  out.table(
    ['at', 'entity', 'cause', 'decision'],
    conflicts.map((conflict) => [
      conflict.at,
      `${conflict.entity.model}${conflict.entity.odooId === undefined ? '' : ` #${conflict.entity.odooId}`}`,
      conflict.cause,
      conflict.decision,
    ]),
  );
  return exitCodes.ok;
}
