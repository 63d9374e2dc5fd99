import { failedEventView, type QueueDeadLetter } from '@odoo-plane-sync/agent';
import { entityKeyOf } from '@odoo-plane-sync/sync-core';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `failures`: failed and dead-lettered inbox events with their cause, the shared queue's dead-lettered jobs
 * (Postgres), and entities failing in a row.
 */
export async function failuresCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly limit: number },
): Promise<ExitCode> {
  const [events, failing, deadJobs] = await Promise.all([
    cli.stores.inbox.listFailed(options.limit),
    cli.stores.failures.listOpen(),
    cli.sharedQueue === null ? [] : cli.sharedQueue.deadLetters(options.limit),
  ]);
  const shownEvents = events.map(failedEventView);
  const shownDeadJobs = deadJobs.map(deadJobView);
  const shownFailing = failing.map((failure) => ({
    entityKey: failure.entityKey,
    consecutive: failure.consecutive,
    lastCause: failure.lastCause,
    lastAt: new Date(failure.lastAt).toISOString(),
    alerted: failure.alertedAt !== null,
  }));
  out.result({ events: shownEvents, deadJobs: shownDeadJobs, failingEntities: shownFailing });
  if (shownEvents.length === 0 && shownDeadJobs.length === 0 && shownFailing.length === 0) {
    out.line(out.colour.green('No failed or dead-lettered events, no entity failing.'));
    return exitCodes.ok;
  }
  if (shownEvents.length > 0) {
    out.line(out.colour.bold(`Failed and dead-lettered inbox events (${shownEvents.length})`));
    out.table(
      ['event', 'source', 'entity', 'status', 'attempts', 'cause', 'next retry'],
      shownEvents.map((event) => [
        event.id,
        event.source,
        event.entityKey,
        event.status === 'dead' ? out.colour.red('dead') : out.colour.yellow(event.status),
        event.attempts,
        event.lastError,
        event.retryAt ?? 'never (dead letter)',
      ]),
    );
    out.line(
      'Run `odoo-plane-sync replay <event…>` or `replay --all-failed` to run them again now.',
    );
  }
  if (shownDeadJobs.length > 0) {
    out.line(out.colour.bold(`Dead-lettered jobs in the shared queue (${shownDeadJobs.length})`));
    out.table(
      ['job', 'entity', 'kind', 'cause', 'failed at'],
      shownDeadJobs.map((job) => [job.id, job.entityKey, job.kind, job.reason, job.failedAt]),
    );
    out.line(
      'Run `odoo-plane-sync replay <job…>` or `replay --all-failed` to hand them to the workers again.',
    );
  }
  if (shownFailing.length > 0) {
    out.line(out.colour.bold(`Entities failing in a row (${shownFailing.length})`));
    out.table(
      ['entity', 'in a row', 'last cause', 'last at', 'alerted'],
      shownFailing.map((failure) => [
        failure.entityKey,
        failure.consecutive,
        failure.lastCause,
        failure.lastAt,
        failure.alerted ? 'yes' : 'no',
      ]),
    );
  }
  return exitCodes.attention;
}

/** A dead-lettered job of the shared queue as `failures` shows it. */
function deadJobView(letter: QueueDeadLetter) {
  return {
    id: letter.id,
    entityKey: entityKeyOf(letter.job),
    kind: letter.job.kind,
    reason: letter.reason,
    failedAt: letter.failedAt.toISOString(),
  };
}
