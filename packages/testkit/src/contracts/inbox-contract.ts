import type { Inbox, InboxMaintenance, InboxSource, InboxStatus } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { useContractSubject, type ContractSubjectFactory } from './contract-subject.js';

type NewEvent = Parameters<Inbox['add']>[0];

const receivedAt = Date.parse('2026-01-05T09:00:00Z');

/** A store promises JSON round-trips, not a payload shape: the suite stores any JSON, cast once here. */
type NewEventInput = Omit<Partial<NewEvent>, 'payload'> & { readonly payload?: unknown };

const eventOf = (overrides: NewEventInput = {}): NewEvent =>
  ({
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
  }) as NewEvent;

const everySource: readonly InboxSource[] = ['odoo', 'plane', 'github', 'poller'];

/**
 * The `Inbox` and `InboxMaintenance` contract: idempotent `add` on `dedupeKey`, pending events oldest
 * first, the pending → done / failed (retry at) / dead → pending lifecycle with its `attempts`,
 * `lastError` and `retryAt`, due retries, the failed list and pruning of processed events.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - A dedupe key is remembered for as long as its event is stored: a re-delivery of a pending, completed
 *   or failed (retry scheduled) event is not accepted again, and the first payload is kept; a re-delivery
 *   of a dead letter re-arms it (pending, same id, `accepted: true`).
 * - `requeue` only moves failed and dead events; a pending or done event stays as it is.
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
  makeStore: ContractSubjectFactory<Inbox & InboxMaintenance>,
): void {
  describe(`Inbox contract: ${name}`, () => {
    const inbox = useContractSubject(makeStore);

    const counts = async (): Promise<Record<InboxStatus, number>> => ({
      pending: await inbox().count('pending'),
      done: await inbox().count('done'),
      failed: await inbox().count('failed'),
      dead: await inbox().count('dead'),
    });

    describe('add', () => {
      it('accepts a new event as pending, with no attempts and no error', async () => {
        const event = eventOf();

        const added = await inbox().add(event);

        expect(added.accepted).toBe(true);
        expect(added.id).not.toBe('');
        expect(await inbox().pending()).toStrictEqual([
          {
            ...event,
            id: added.id,
            status: 'pending',
            attempts: 0,
            lastError: null,
            retryAt: null,
          },
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
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0, dead: 0 });
      });

      it('still refuses a seen dedupe key after its event completed or failed (retry scheduled)', async () => {
        const done = await inbox().add(eventOf({ dedupeKey: 'done-key' }));
        const failed = await inbox().add(eventOf({ dedupeKey: 'failed-key' }));
        await inbox().complete(done.id, receivedAt + 10);
        await inbox().fail(failed.id, 'boom', receivedAt + 60_000);

        const doneAgain = await inbox().add(eventOf({ dedupeKey: 'done-key' }));
        const failedAgain = await inbox().add(eventOf({ dedupeKey: 'failed-key' }));

        expect(doneAgain).toStrictEqual({ accepted: false, id: done.id });
        expect(failedAgain).toStrictEqual({ accepted: false, id: failed.id });
        expect(await counts()).toEqual({ pending: 0, done: 1, failed: 1, dead: 0 });
      });

      it('re-arms a dead letter delivered again: same id, pending, attempts and error kept', async () => {
        const dead = await inbox().add(eventOf({ payload: { version: 'first' } }));
        await inbox().fail(dead.id, 'plane 503', null);

        const again = await inbox().add(eventOf({ payload: { version: 'second' } }));

        expect(again).toStrictEqual({ accepted: true, id: dead.id });
        expect(await inbox().pending()).toStrictEqual([
          {
            ...eventOf({ payload: { version: 'first' } }),
            id: dead.id,
            status: 'pending',
            attempts: 1,
            lastError: 'plane 503',
            retryAt: null,
          },
        ]);
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0, dead: 0 });
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
        (event!.payload as unknown as { data: { name: string } }).data.name = 'Mutated';
        (event as { status: string }).status = 'done';

        expect(await inbox().pending()).toMatchObject([
          { status: 'pending', payload: { data: { name: 'Original' } } },
        ]);
      });
    });

    describe('lifecycle', () => {
      it('counts nothing in an empty inbox', async () => {
        expect(await counts()).toEqual({ pending: 0, done: 0, failed: 0, dead: 0 });
      });

      it('removes a completed event from pending and counts it done', async () => {
        const first = await inbox().add(eventOf({ dedupeKey: 'k-1' }));
        await inbox().add(eventOf({ dedupeKey: 'k-2' }));

        await inbox().complete(first.id, receivedAt + 10);

        expect((await inbox().pending()).map((event) => event.dedupeKey)).toEqual(['k-2']);
        expect(await counts()).toEqual({ pending: 1, done: 1, failed: 0, dead: 0 });
      });

      it('removes a failed event from pending and counts it failed', async () => {
        const added = await inbox().add(eventOf());

        await inbox().fail(added.id, 'plane 500', receivedAt + 60_000);

        expect(await inbox().pending()).toEqual([]);
        expect(await counts()).toEqual({ pending: 0, done: 0, failed: 1, dead: 0 });
      });

      it('requeues a failed event with its attempts and last error', async () => {
        const added = await inbox().add(eventOf());
        await inbox().fail(added.id, 'plane 500', receivedAt + 60_000);

        await inbox().requeue(added.id);

        expect(await inbox().pending()).toStrictEqual([
          {
            ...eventOf(),
            id: added.id,
            status: 'pending',
            attempts: 1,
            lastError: 'plane 500',
            retryAt: null,
          },
        ]);
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0, dead: 0 });
      });

      it('counts one attempt per failure and keeps the latest error', async () => {
        const added = await inbox().add(eventOf());
        await inbox().fail(added.id, 'timeout', receivedAt + 60_000);
        await inbox().requeue(added.id);
        await inbox().fail(added.id, 'plane 503', null);
        await inbox().requeue(added.id);

        const [event] = await inbox().pending();

        expect(event).toMatchObject({ attempts: 2, lastError: 'plane 503', status: 'pending' });
      });

      it('gives a requeued event back its place by receivedAt', async () => {
        const old = await inbox().add(eventOf({ dedupeKey: 'old', receivedAt }));
        await inbox().add(eventOf({ dedupeKey: 'new', receivedAt: receivedAt + 1_000 }));
        await inbox().fail(old.id, 'boom', null);

        await inbox().requeue(old.id);

        expect((await inbox().pending()).map((event) => event.dedupeKey)).toEqual(['old', 'new']);
      });

      it('ignores complete, fail and requeue of an unknown id', async () => {
        await inbox().add(eventOf());

        await inbox().complete('no-such-event', receivedAt);
        await inbox().fail('no-such-event', 'boom', null);
        await inbox().requeue('no-such-event');

        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 0, dead: 0 });
        expect(await inbox().pending()).toMatchObject([{ attempts: 0, lastError: null }]);
      });
    });

    describe('failures', () => {
      it('leaves a done event done when it is requeued', async () => {
        const added = await inbox().add(eventOf());
        await inbox().complete(added.id, receivedAt);

        await inbox().requeue(added.id);

        expect(await counts()).toEqual({ pending: 0, done: 1, failed: 0, dead: 0 });
      });

      it('keeps a failed event with its retry time, and dead-letters one failed with no retry time', async () => {
        const retried = await inbox().add(eventOf({ dedupeKey: 'retried' }));
        const dead = await inbox().add(eventOf({ dedupeKey: 'dead' }));

        await inbox().fail(retried.id, 'plane 503', receivedAt + 60_000);
        await inbox().fail(dead.id, 'odoo 500', null);

        expect(await inbox().listFailed(10)).toMatchObject([
          { id: dead.id, status: 'dead', attempts: 1, lastError: 'odoo 500', retryAt: null },
          {
            id: retried.id,
            status: 'failed',
            attempts: 1,
            lastError: 'plane 503',
            retryAt: receivedAt + 60_000,
          },
        ]);
        expect(await counts()).toEqual({ pending: 0, done: 0, failed: 1, dead: 1 });
      });

      it('requeues exactly the failed events whose retry is due, never dead letters', async () => {
        const due = await inbox().add(eventOf({ dedupeKey: 'due' }));
        const later = await inbox().add(eventOf({ dedupeKey: 'later' }));
        const dead = await inbox().add(eventOf({ dedupeKey: 'dead' }));
        await inbox().fail(due.id, 'boom', receivedAt + 60_000);
        await inbox().fail(later.id, 'boom', receivedAt + 60_001);
        await inbox().fail(dead.id, 'boom', null);

        const requeued = await inbox().requeueDue(receivedAt + 60_000);

        expect(requeued).toBe(1);
        expect(await inbox().pending()).toMatchObject([
          { id: due.id, status: 'pending', attempts: 1, retryAt: null },
        ]);
        expect(await counts()).toEqual({ pending: 1, done: 0, failed: 1, dead: 1 });
      });

      it('drops a completed event from the failed list', async () => {
        const added = await inbox().add(eventOf());
        await inbox().fail(added.id, 'boom', receivedAt + 60_000);
        await inbox().requeueDue(receivedAt + 60_000);

        await inbox().complete(added.id, receivedAt + 61_000);

        expect(await inbox().listFailed(10)).toEqual([]);
        expect(await counts()).toEqual({ pending: 0, done: 1, failed: 0, dead: 0 });
      });

      it('lists the most recently received failures first, at most `limit`', async () => {
        for (let index = 0; index < 4; index += 1) {
          const added = await inbox().add(
            eventOf({ dedupeKey: `k-${index}`, receivedAt: receivedAt + index }),
          );
          await inbox().fail(added.id, `boom ${index}`, null);
        }

        const keys = (await inbox().listFailed(2)).map((event) => event.dedupeKey);

        expect(keys).toEqual(['k-3', 'k-2']);
        expect(await inbox().listFailed(0)).toEqual([]);
      });
    });

    describe('pruneDone', () => {
      it('deletes done events completed before the cut-off and nothing else', async () => {
        const old = await inbox().add(eventOf({ dedupeKey: 'old' }));
        const recent = await inbox().add(eventOf({ dedupeKey: 'recent' }));
        const failed = await inbox().add(eventOf({ dedupeKey: 'failed' }));
        await inbox().add(eventOf({ dedupeKey: 'pending' }));
        await inbox().complete(old.id, receivedAt + 1_000);
        await inbox().complete(recent.id, receivedAt + 2_000);
        await inbox().fail(failed.id, 'boom', null);

        const pruned = await inbox().pruneDone(receivedAt + 2_000);

        expect(pruned).toBe(1);
        expect(await counts()).toEqual({ pending: 1, done: 1, failed: 0, dead: 1 });
      });

      it('forgets the dedupe key of a pruned event, so a late re-delivery is a new event', async () => {
        const first = await inbox().add(eventOf());
        await inbox().complete(first.id, receivedAt);
        await inbox().pruneDone(receivedAt + 1);

        const again = await inbox().add(eventOf());

        expect(again.accepted).toBe(true);
        expect(again.id).not.toBe(first.id);
      });
    });
  });
}
