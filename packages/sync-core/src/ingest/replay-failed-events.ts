import type { Inbox, InboxMaintenance } from '../ports.js';

/**
 * Replays failed and dead-lettered inbox events: makes them pending again, so the next drain runs them
 * now instead of at their scheduled retry (or never, for a dead letter). With `ids`, only those events;
 * otherwise up to `limit` (default 1000) of the most recent ones. Returns the ids it requeued. A replayed
 * dead letter gets one more run: if that fails too, it is dead-lettered again (its attempts are kept).
 *
 * @example
 * const replayed = await replayFailedEvents(stores.inbox);
 * await processor.drain();
 */
export async function replayFailedEvents(
  inbox: Pick<Inbox, 'requeue'> & Pick<InboxMaintenance, 'listFailed'>,
  options: { readonly ids?: readonly string[]; readonly limit?: number } = {},
): Promise<string[]> {
  const wanted = options.ids === undefined ? null : new Set(options.ids);
  const failed = await inbox.listFailed(
    wanted === null ? (options.limit ?? 1000) : Number.MAX_SAFE_INTEGER,
  );
  const replayed = failed
    .filter((event) => wanted === null || wanted.has(event.id))
    .map((event) => event.id);
  for (const id of replayed) await inbox.requeue(id);
  return replayed;
}
