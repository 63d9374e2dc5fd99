import type { Inbox, InboxEvent, InboxMaintenance } from '../ports.js';

/**
 * `Inbox` and `InboxMaintenance` in memory, with the same dedupe, ordering, retry and retention semantics
 * as the SQL stores.
 *
 * @example
 * const inbox = createInMemoryInbox();
 */
export function createInMemoryInbox(
  randomId: () => string = () => crypto.randomUUID(),
): Inbox & InboxMaintenance {
  // Insertion order is the tie-break among events received at the same millisecond.
  let events: (InboxEvent & { finishedAt: number | null })[] = [];
  const update = (id: string, change: (event: InboxEvent) => Partial<InboxEvent>): void => {
    const index = events.findIndex((event) => event.id === id);
    const event = events[index];
    if (event !== undefined) events[index] = { ...event, ...change(event) };
  };
  const copyOut = ({
    finishedAt: _finishedAt,
    ...event
  }: InboxEvent & { finishedAt: number | null }) => structuredClone(event);
  const oldestFirst = (a: InboxEvent, b: InboxEvent): number => a.receivedAt - b.receivedAt;
  return {
    add: (event) => {
      const existing = events.find((item) => item.dedupeKey === event.dedupeKey);
      if (existing !== undefined) {
        // A dead letter delivered again is re-armed: its dedupe key must not keep the change from running.
        if (existing.status !== 'dead')
          return Promise.resolve({ accepted: false, id: existing.id });
        update(existing.id, () => ({ status: 'pending', retryAt: null }));
        return Promise.resolve({ accepted: true, id: existing.id });
      }
      const id = randomId();
      events.push({
        ...structuredClone(event),
        id,
        status: 'pending',
        attempts: 0,
        lastError: null,
        retryAt: null,
        finishedAt: null,
      });
      return Promise.resolve({ accepted: true, id });
    },
    pending: (limit = Number.POSITIVE_INFINITY) =>
      Promise.resolve(
        events
          .filter((event) => event.status === 'pending')
          .sort(oldestFirst)
          .slice(0, limit)
          .map(copyOut),
      ),
    complete: (id, at) => {
      update(id, (event) => ({
        status: 'done',
        attempts: event.attempts + 1,
        retryAt: null,
        finishedAt: at,
      }));
      return Promise.resolve();
    },
    fail: (id, error, retryAt) => {
      update(id, (event) => ({
        status: retryAt === null ? 'dead' : 'failed',
        attempts: event.attempts + 1,
        lastError: error,
        retryAt,
      }));
      return Promise.resolve();
    },
    requeue: (id) => {
      update(id, (event) =>
        event.status === 'failed' || event.status === 'dead'
          ? { status: 'pending', retryAt: null }
          : {},
      );
      return Promise.resolve();
    },
    count: (status) => Promise.resolve(events.filter((event) => event.status === status).length),
    requeueDue: (now) => {
      let requeued = 0;
      events = events.map((event) => {
        if (event.status !== 'failed' || event.retryAt === null || event.retryAt > now)
          return event;
        requeued += 1;
        return { ...event, status: 'pending', retryAt: null };
      });
      return Promise.resolve(requeued);
    },
    listFailed: (limit) =>
      Promise.resolve(
        events
          .map((event, index) => ({ event, index }))
          .filter(({ event }) => event.status === 'failed' || event.status === 'dead')
          .sort((a, b) => b.event.receivedAt - a.event.receivedAt || b.index - a.index)
          .slice(0, Math.max(0, limit))
          .map(({ event }) => copyOut(event)),
      ),
    pruneDone: (before) => {
      const kept = events.filter(
        (event) =>
          !(event.status === 'done' && event.finishedAt !== null && event.finishedAt < before),
      );
      const pruned = events.length - kept.length;
      events = kept;
      return Promise.resolve(pruned);
    },
  };
}
