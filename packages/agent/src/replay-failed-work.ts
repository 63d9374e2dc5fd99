import { replayFailedEvents, type Inbox, type InboxMaintenance } from '@odoo-plane-sync/sync-core';
import type { SharedWorkQueue } from './shared-work-queue.js';

/**
 * Replays what failed for good: the inbox's failed and dead-lettered events (made pending again) and,
 * with a shared queue, its dead letters (failed *runs*, which that queue retries and dead-letters itself
 * rather than the inbox), enqueued again. `ids` picks events or dead letters by id; returns the ids
 * replayed. The caller drains afterwards (a running agent does so within its retry interval).
 *
 * @example
 * const replayed = await replayFailedWork({ inbox: storage.stores.inbox, queue: storage.queue });
 */
export async function replayFailedWork(
  parts: {
    readonly inbox: Pick<Inbox, 'requeue'> & Pick<InboxMaintenance, 'listFailed'>;
    readonly queue?: Pick<SharedWorkQueue, 'deadLetters' | 'replayDeadLetter'> | null | undefined;
  },
  ids?: readonly string[],
): Promise<string[]> {
  const replayed = await replayFailedEvents(parts.inbox, ids === undefined ? {} : { ids });
  const queue = parts.queue;
  if (queue === null || queue === undefined) return replayed;
  return [...replayed, ...(await replayQueueDeadLetters(queue, ids))];
}

/**
 * Enqueues a shared queue's dead letters again (all of them, or those whose id is in `ids`) for the workers
 * to run, and returns the ids handed over. What a command-line process uses: it reads the fleet's queue
 * but runs no worker of its own.
 *
 * @example
 * const requeued = await replayQueueDeadLetters(storage.queue, ['a1b2…']);
 */
export async function replayQueueDeadLetters(
  queue: Pick<SharedWorkQueue, 'deadLetters' | 'replayDeadLetter'>,
  ids?: readonly string[],
): Promise<string[]> {
  const requeued: string[] = [];
  for (const letter of await queue.deadLetters(1000)) {
    if (ids !== undefined && !ids.includes(letter.id)) continue;
    if (await queue.replayDeadLetter(letter.id)) requeued.push(letter.id);
  }
  return requeued;
}
