import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `replay <event…>` / `replay --all-failed`: makes failed and dead-lettered inbox events pending again and
 * runs them now, then says which succeeded and which failed again.
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
  const replayed = await cli.agent.replayFailed(options.allFailed ? undefined : options.ids);
  const stillFailed = new Set(
    (await cli.stores.inbox.listFailed(Number.MAX_SAFE_INTEGER)).map((event) => event.id),
  );
  const notFound = options.allFailed ? [] : options.ids.filter((id) => !replayed.includes(id));
  const results = replayed.map((id) => ({
    id,
    outcome: stillFailed.has(id) ? ('failed-again' as const) : ('done' as const),
  }));
  out.result({ replayed: results, notFound });
  if (replayed.length === 0 && notFound.length === 0)
    out.line('No failed or dead-lettered inbox event to replay.');
  if (results.length > 0)
    out.table(
      ['event', 'outcome'],
      results.map((result) => [
        result.id,
        result.outcome === 'done' ? out.colour.green('done') : out.colour.red('failed again'),
      ]),
    );
  for (const id of notFound) out.problem(`No failed or dead-lettered event ${id}.`);
  return notFound.length > 0 || results.some((result) => result.outcome === 'failed-again')
    ? exitCodes.attention
    : exitCodes.ok;
}
