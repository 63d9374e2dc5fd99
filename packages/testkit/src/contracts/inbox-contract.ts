import type { Inbox, InboxEvent, InboxSource } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { useContractSubject, type ContractSubjectFactory } from './contract-subject.js';

type NewEvent = Parameters<Inbox['add']>[0];

const receivedAt = Date.parse('2026-01-05T09:00:00Z');

const eventOf = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  source: 'plane',
  dedupeKey: 'plane:delivery-1',
  entityKey: 'plane:work-item:wi-1',
  payload: {
    event: 'issue',
    action: 'updated',
    data: { id: 'wi-1', name: 'Ship it', labels: ['a'] },
  },
  receivedAt,
  ...overrides,
});

const everySource: readonly InboxSource[] = ['odoo', 'plane', 'github', 'poller'];

/**
 * The `Inbox` contract: idempotent `add` on `dedupeKey`, pending events oldest first, and the
 * pending → done / failed → pending lifecycle with its `attempts` and `lastError`.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - A dedupe key is remembered for as long as its event is stored, whatever its status: a re-delivery of
 *   a completed or failed event is not accepted again, and the first payload is kept.
 * - "Oldest first" means by `receivedAt`; events received at the same millisecond keep the order in
 *   which they were added. A requeued event takes its old place in that order.
 * - `requeue` keeps `attempts` and `lastError`, so a replayed event still shows why it failed before.
 * - `complete`, `fail` and `requeue` of an unknown id resolve and change nothing.
 * - `payload` holds JSON values.
 *
 * @example
 * describeInboxContract('in-memory', () => Promise.resolve({ store: createInMemoryInbox() }));
 */
export function describeInboxContract(
  name: string,
  makeStore: ContractSubjectFactory<Inbox>,
): void {
  describe(`Inbox contract: ${name}`, () => {
    const inbox = useContractSubject(makeStore);

    const counts = async (): Promise<Record<InboxEvent['status'], number>> => ({
      pending: await inbox().count('pending'),
      done: await inbox().count('done'),
      failed: await inbox().count('failed'),
    });

    describe('add', () => {
      it('accepts a new event as pending, with no attempts and no error', async () => {
        const event = eventOf();

        const added = await inbox().add(event);

        expect(added.accepted).toBe(true);
        expect(added.id).not.toBe('');
        expect(await inbox().pending()).toStrictEqual([
          { ...event, id: added.id, status: 'pending', attempts: 0, lastError: null },
        ]);
      });

      it('gives every accepted event its own id', async () => {
        const first = await inbox().add(eventOf({ dedupeKey: 'k-1' }));
        const second = await inbox().add(eventOf({ dedupeKey: 'k-2' }));

        expect(first.id).not.toBe(second.id);
      });

      it('refuses a seen dedupe key with the existing id, keeping the first payload', async () => {
        const first = await inbox().add(eventOf({ payload: { version: 'first' } }));

        const again = await inbox().add(
          eventOf({ payload: { version: 'second' }, receivedAt: receivedAt + 1 }),
        );

        expect(again).toStrictEqual({ accepted: false, id: first.id });
        expect(await inbox().pending()).toMatchObject([
          { id: first.id, payload: { version: 'first' } },
        ]);
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0 });
      });

      it('still refuses a seen dedupe key after its event completed or failed', async () => {
        const done = await inbox().add(eventOf({ dedupeKey: 'done-key' }));
        const failed = await inbox().add(eventOf({ dedupeKey: 'failed-key' }));
        await inbox().complete(done.id);
        await inbox().fail(failed.id, 'boom');

        const doneAgain = await inbox().add(eventOf({ dedupeKey: 'done-key' }));
        const failedAgain = await inbox().add(eventOf({ dedupeKey: 'failed-key' }));

        expect(doneAgain).toStrictEqual({ accepted: false, id: done.id });
        expect(failedAgain).toStrictEqual({ accepted: false, id: failed.id });
        expect(await counts()).toEqual({ pending: 0, done: 1, failed: 1 });
      });

      it('round-trips every source and JSON payload exactly', async () => {
        const payloads: unknown[] = [
          { nested: { list: [1, 'two', true, null, { deep: 'é ☕' }] }, empty: {}, none: [] },
          'a plain string',
          42.5,
          false,
          null,
        ];
        const events = payloads.map((payload, index) =>
          eventOf({
            source: everySource[index % everySource.length]!,
            dedupeKey: `k-${index}`,
            payload,
            receivedAt: receivedAt + index,
          }),
        );
        for (const event of events) await inbox().add(event);

        const pending = await inbox().pending();

        expect(pending.map((event) => event.source)).toEqual(events.map((event) => event.source));
        expect(pending.map((event) => event.payload)).toStrictEqual(payloads);
      });

      it('copies the payload in: mutating it afterwards changes nothing stored', async () => {
        const payload = { data: { name: 'Original', labels: ['a'] } };
        await inbox().add(eventOf({ payload }));

        payload.data.name = 'Mutated';
        payload.data.labels.push('sneaky');

        expect((await inbox().pending())[0]?.payload).toStrictEqual({
          data: { name: 'Original', labels: ['a'] },
        });
      });
    });

    describe('pending', () => {
      it('returns nothing from an empty inbox', async () => {
        expect(await inbox().pending()).toEqual([]);
      });

      it('returns pending events oldest first by receivedAt, not by insertion order', async () => {
        await inbox().add(eventOf({ dedupeKey: 'newest', receivedAt: receivedAt + 2_000 }));
        await inbox().add(eventOf({ dedupeKey: 'oldest', receivedAt: receivedAt - 2_000 }));
        await inbox().add(eventOf({ dedupeKey: 'middle', receivedAt }));

        const keys = (await inbox().pending()).map((event) => event.dedupeKey);

        expect(keys).toEqual(['oldest', 'middle', 'newest']);
      });

      it('keeps insertion order among events received at the same time', async () => {
        for (const key of ['c', 'a', 'b']) await inbox().add(eventOf({ dedupeKey: key }));

        const keys = (await inbox().pending()).map((event) => event.dedupeKey);

        expect(keys).toEqual(['c', 'a', 'b']);
      });

      it('returns at most `limit` events, the oldest ones', async () => {
        for (let index = 0; index < 5; index += 1) {
          await inbox().add(
            eventOf({ dedupeKey: `k-${index}`, receivedAt: receivedAt + (4 - index) }),
          );
        }

        const keys = (await inbox().pending(2)).map((event) => event.dedupeKey);
        const none = await inbox().pending(0);

        expect(keys).toEqual(['k-4', 'k-3']);
        expect(none).toEqual([]);
      });

      it('copies events out: mutating a pending event changes nothing stored', async () => {
        await inbox().add(eventOf({ payload: { data: { name: 'Original' } } }));

        const [event] = await inbox().pending();
        (event!.payload as { data: { name: string } }).data.name = 'Mutated';
        (event as { status: string }).status = 'done';

        expect(await inbox().pending()).toMatchObject([
          { status: 'pending', payload: { data: { name: 'Original' } } },
        ]);
      });
    });

    describe('lifecycle', () => {
      it('counts nothing in an empty inbox', async () => {
        expect(await counts()).toEqual({ pending: 0, done: 0, failed: 0 });
      });

      it('removes a completed event from pending and counts it done', async () => {
        const first = await inbox().add(eventOf({ dedupeKey: 'k-1' }));
        await inbox().add(eventOf({ dedupeKey: 'k-2' }));

        await inbox().complete(first.id);

        expect((await inbox().pending()).map((event) => event.dedupeKey)).toEqual(['k-2']);
        expect(await counts()).toEqual({ pending: 1, done: 1, failed: 0 });
      });

      it('removes a failed event from pending and counts it failed', async () => {
        const added = await inbox().add(eventOf());

        await inbox().fail(added.id, 'plane 500');

        expect(await inbox().pending()).toEqual([]);
        expect(await counts()).toEqual({ pending: 0, done: 0, failed: 1 });
      });

      it('requeues a failed event with its attempts and last error', async () => {
        const added = await inbox().add(eventOf());
        await inbox().fail(added.id, 'plane 500');

        await inbox().requeue(added.id);

        expect(await inbox().pending()).toStrictEqual([
          { ...eventOf(), id: added.id, status: 'pending', attempts: 1, lastError: 'plane 500' },
        ]);
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0 });
      });

      it('counts one attempt per failure and keeps the latest error', async () => {
        const added = await inbox().add(eventOf());
        await inbox().fail(added.id, 'timeout');
        await inbox().requeue(added.id);
        await inbox().fail(added.id, 'plane 503');
        await inbox().requeue(added.id);

        const [event] = await inbox().pending();

        expect(event).toMatchObject({ attempts: 2, lastError: 'plane 503', status: 'pending' });
      });

      it('gives a requeued event back its place by receivedAt', async () => {
        const old = await inbox().add(eventOf({ dedupeKey: 'old', receivedAt }));
        await inbox().add(eventOf({ dedupeKey: 'new', receivedAt: receivedAt + 1_000 }));
        await inbox().fail(old.id, 'boom');

        await inbox().requeue(old.id);

        expect((await inbox().pending()).map((event) => event.dedupeKey)).toEqual(['old', 'new']);
      });

      it('ignores complete, fail and requeue of an unknown id', async () => {
        await inbox().add(eventOf());

        await inbox().complete('no-such-event');
        await inbox().fail('no-such-event', 'boom');
        await inbox().requeue('no-such-event');

        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0 });
        expect(await inbox().pending()).toMatchObject([{ attempts: 0, lastError: null }]);
      });
    });
  });
}
