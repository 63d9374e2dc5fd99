import { replayQueueDeadLetters } from '@odoo-plane-sync/agent';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `replay <event…>` / `replay --all-failed`: makes failed and dead-lettered inbox events pending again and
 * runs them now, then says which succeeded and which failed again. On Postgres it also hands the shared
 * queue's dead-lettered jobs back to the servers' workers (`requeued`: this process runs no worker).
 */
export async function replayCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly ids: readonly string[]; readonly allFailed: boolean },
): Promise<ExitCode> {
  if (options.ids.length === 0 && !options.allFailed) {
    out.problem('Name the events to replay (see `failures`), or pass --all-failed.');
    return exitCodes.usage;
  }
  const ids = options.allFailed ? undefined : options.ids;
  const replayed = await cli.agent.replayFailed(ids);
  const requeued =
    cli.sharedQueue === null ? [] : await replayQueueDeadLetters(cli.sharedQueue, ids);
  const stillFailed = new Set(
    (await cli.stores.inbox.listFailed(Number.MAX_SAFE_INTEGER)).map((event) => event.id),
  );
  const handled = new Set([...replayed, ...requeued]);
  const notFound = options.allFailed ? [] : options.ids.filter((id) => !handled.has(id));
  const results = [
    ...replayed.map((id) => ({
      id,
      outcome: stillFailed.has(id) ? ('failed-again' as const) : ('done' as const),
    })),
    ...requeued.map((id) => ({ id, outcome: 'requeued' as const })),
  ];
  out.result({ replayed: results, notFound });
  if (replayed.length === 0 && notFound.length === 0)
    out.line('No failed or dead-lettered inbox event to replay.');
  if (results.length > 0)
    out.table(
      ['event', 'outcome'],
      results.map((result) => [result.id, outcomeText(out, result.outcome)]),
    );
  for (const id of notFound) out.problem(`No failed or dead-lettered event ${id}.`);
  return notFound.length > 0 || results.some((result) => result.outcome === 'failed-again')
    ? exitCodes.attention
    : exitCodes.ok;
}

function outcomeText(out: Output, outcome: 'done' | 'failed-again' | 'requeued'): string {
  switch (outcome) {
    case 'done':
      return out.colour.green('done');
    case 'failed-again':
      return out.colour.red('failed again');
    case 'requeued':
      return out.colour.green('handed to the workers');
  }
}
