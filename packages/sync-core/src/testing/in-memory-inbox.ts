import type { Inbox, InboxEvent } from '../ports.js';

/**
 * `Inbox` in memory, with the same dedupe and ordering semantics as the SQL stores.
 *
 * @example
 * const inbox = createInMemoryInbox();
 */
export function createInMemoryInbox(randomId: () => string = () => crypto.randomUUID()): Inbox {
  const events: InboxEvent[] = [];
  const update = (id: string, change: (event: InboxEvent) => InboxEvent): void => {
    const index = events.findIndex((event) => event.id === id);
    if (index >= 0) events[index] = change(events[index]!);
  };
  return {
    add: (event) => {
      const existing = events.find((item) => item.dedupeKey === event.dedupeKey);
      if (existing !== undefined) return Promise.resolve({ accepted: false, id: existing.id });
      const id = randomId();
      events.push({
        ...structuredClone(event),
        id,
        status: 'pending',
        attempts: 0,
        lastError: null,
      });
      return Promise.resolve({ accepted: true, id });
    },
    pending: (limit = Number.POSITIVE_INFINITY) =>
      Promise.resolve(
        events
          .filter((event) => event.status === 'pending')
          .sort((a, b) => a.receivedAt - b.receivedAt)
          .slice(0, limit)
          .map((event) => structuredClone(event)),
      ),
    complete: (id) => {
      update(id, (event) => ({ ...event, status: 'done', attempts: event.attempts + 1 }));
      return Promise.resolve();
    },
    fail: (id, error) => {
      update(id, (event) => ({
        ...event,
        status: 'failed',
        attempts: event.attempts + 1,
        lastError: error,
      }));
      return Promise.resolve();
    },
    requeue: (id) => {
      update(id, (event) => ({ ...event, status: 'pending' }));
      return Promise.resolve();
    },
    count: (status) => Promise.resolve(events.filter((event) => event.status === status).length),
  };
}
