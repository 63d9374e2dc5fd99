import type { FailureTracker } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { useContractSubject, type ContractSubjectFactory } from './contract-subject.js';

const at = Date.parse('2026-01-05T09:00:00Z');

/**
 * The `FailureTracker` contract: streaks of consecutive failures per entity, ended by a success, with
 * the alert of a streak remembered until it ends.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - `alertedAt` belongs to the streak: later failures of the same streak keep it, a new streak starts
 *   with null, and `markAlerted` of an entity without an open streak does nothing.
 * - `recordSuccess` returns the ended streak as it last stood (including `alertedAt`).
 * - `listOpen` is ordered by `entityKey` (compared as plain strings; keys are ASCII in practice).
 *
 * @example
 * describeFailureTrackerContract('in-memory', () =>
 *   Promise.resolve({ store: createInMemoryFailureTracker() }),
 * );
 */
export function describeFailureTrackerContract(
  name: string,
  makeStore: ContractSubjectFactory<FailureTracker>,
): void {
  describe(`FailureTracker contract: ${name}`, () => {
    const failures = useContractSubject(makeStore);

    describe('recordFailure', () => {
      it('starts a streak at 1, not yet alerted', async () => {
        const record = await failures().recordFailure('project.task:42', 'plane 500', at);

        expect(record).toStrictEqual({
          entityKey: 'project.task:42',
          consecutive: 1,
          lastCause: 'plane 500',
          lastAt: at,
          alertedAt: null,
        });
      });

      it('counts 1, 2, 3 and keeps the latest cause and time', async () => {
        const first = await failures().recordFailure('project.task:42', 'timeout', at);
        const second = await failures().recordFailure('project.task:42', 'plane 502', at + 1_000);
        const third = await failures().recordFailure('project.task:42', 'plane 503', at + 2_000);

        expect([first.consecutive, second.consecutive, third.consecutive]).toEqual([1, 2, 3]);
        expect(third).toMatchObject({ lastCause: 'plane 503', lastAt: at + 2_000 });
      });

      it('keeps one streak per entity', async () => {
        await failures().recordFailure('project.task:1', 'boom', at);
        await failures().recordFailure('project.task:1', 'boom', at);

        const other = await failures().recordFailure('project.task:2', 'boom', at);

        expect(other.consecutive).toBe(1);
      });

      it('hands out copies: mutating a returned record changes nothing stored', async () => {
        const record = await failures().recordFailure('project.task:42', 'boom', at);

        (record as { consecutive: number }).consecutive = 99;

        expect((await failures().listOpen())[0]?.consecutive).toBe(1);
      });
    });

    describe('recordSuccess', () => {
      it('returns null when the entity had no streak', async () => {
        expect(await failures().recordSuccess('project.task:42')).toBeNull();
      });

      it('returns the streak it ends, exactly as it last stood', async () => {
        await failures().recordFailure('project.task:42', 'timeout', at);
        const last = await failures().recordFailure('project.task:42', 'plane 503', at + 1_000);

        const ended = await failures().recordSuccess('project.task:42');

        expect(ended).toStrictEqual(last);
      });

      it('resets the streak: the next failure counts from 1 again', async () => {
        await failures().recordFailure('project.task:42', 'boom', at);
        await failures().recordFailure('project.task:42', 'boom', at);
        await failures().recordSuccess('project.task:42');

        const next = await failures().recordFailure('project.task:42', 'boom again', at + 5_000);
        const secondSuccess = await failures().recordSuccess('project.task:42');
        const thirdSuccess = await failures().recordSuccess('project.task:42');

        expect(next.consecutive).toBe(1);
        expect(secondSuccess?.consecutive).toBe(1);
        expect(thirdSuccess).toBeNull();
      });
    });

    describe('markAlerted', () => {
      it('records when ops were alerted, kept through later failures of the streak', async () => {
        await failures().recordFailure('project.task:42', 'boom', at);
        await failures().recordFailure('project.task:42', 'boom', at + 1_000);
        await failures().recordFailure('project.task:42', 'boom', at + 2_000);

        await failures().markAlerted('project.task:42', at + 2_500);
        const fourth = await failures().recordFailure('project.task:42', 'boom', at + 3_000);

        expect(fourth).toMatchObject({ consecutive: 4, alertedAt: at + 2_500 });
        expect(await failures().listOpen()).toStrictEqual([fourth]);
      });

      it('ends with the streak: the ended record carries it, a new streak starts unalerted', async () => {
        await failures().recordFailure('project.task:42', 'boom', at);
        await failures().markAlerted('project.task:42', at + 500);

        const ended = await failures().recordSuccess('project.task:42');
        const next = await failures().recordFailure('project.task:42', 'boom', at + 1_000);

        expect(ended?.alertedAt).toBe(at + 500);
        expect(next.alertedAt).toBeNull();
      });

      it('does nothing for an entity without an open streak', async () => {
        await failures().markAlerted('project.task:42', at);

        const open = await failures().listOpen();
        const first = await failures().recordFailure('project.task:42', 'boom', at + 1_000);

        expect(open).toEqual([]);
        expect(first.alertedAt).toBeNull();
      });
    });

    describe('listOpen', () => {
      it('lists nothing when nothing failed', async () => {
        expect(await failures().listOpen()).toEqual([]);
      });

      it('lists the entities whose last attempt failed, ordered by entity key', async () => {
        await failures().recordFailure('project.task:3', 'c', at);
        await failures().recordFailure('plane:work-item:b', 'b', at);
        await failures().recordFailure('project.task:1', 'a', at);
        await failures().recordFailure('project.task:2', 'recovers', at);
        await failures().recordFailure('project.task:1', 'a again', at + 1_000);
        await failures().recordSuccess('project.task:2');

        const open = await failures().listOpen();

        expect(
          open.map((record) => [record.entityKey, record.consecutive, record.lastCause]),
        ).toEqual([
          ['plane:work-item:b', 1, 'b'],
          ['project.task:1', 2, 'a again'],
          ['project.task:3', 1, 'c'],
        ]);
      });

      it('hands out copies: mutating a listed record changes nothing stored', async () => {
        await failures().recordFailure('project.task:42', 'boom', at);

        const [listed] = await failures().listOpen();
        (listed as { lastCause: string }).lastCause = 'mutated';

        expect((await failures().listOpen())[0]?.lastCause).toBe('boom');
      });
    });
  });
}
