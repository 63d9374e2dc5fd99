import type { EventLedger, LedgerEntry, LedgerOutcome } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { useContractSubject, type ContractSubjectFactory } from './contract-subject.js';

const at = Date.parse('2026-01-05T09:00:00Z');

const entryOf = (overrides: Partial<LedgerEntry> = {}): LedgerEntry => ({
  correlationId: 'corr-1',
  at,
  cause: 'odoo webhook project.task:42',
  entity: { model: 'project.task', odooId: 42 },
  decision: 'update work item',
  writes: [
    { system: 'plane', operation: 'updateWorkItem', target: 'work-item-42', fields: ['name'] },
  ],
  outcome: 'applied',
  ...overrides,
});

const everyOutcome: readonly LedgerOutcome[] = [
  'applied',
  'unchanged',
  'deferred',
  'conflict',
  'skipped',
  'failed',
];

/**
 * The `EventLedger` contract: append-only, listed in append order, filtered by correlation id, outcome
 * and age, counted, read as a bounded tail (`last`), and pruned by age only through `prune`.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - "Append order" is the order of `append` calls, not the order of the entries' `at` times.
 * - Appending an entry equal to an earlier one stores a second entry (the ledger never deduplicates).
 * - Optional fields that were absent stay absent (never read back as `undefined` or `null`), and
 *   `detail` holds JSON values.
 *
 * @example
 * describeEventLedgerContract('in-memory', () => Promise.resolve({ store: createInMemoryEventLedger() }));
 */
export function describeEventLedgerContract(
  name: string,
  makeStore: ContractSubjectFactory<EventLedger>,
): void {
  describe(`EventLedger contract: ${name}`, () => {
    const ledger = useContractSubject(makeStore);

    it('lists nothing before the first append', async () => {
      expect(await ledger().list()).toEqual([]);
    });

    it('returns entries exactly as appended, optional fields present or absent', async () => {
      const full = entryOf({
        entity: { model: 'project.task', odooId: 42, planeId: 'work-item-42' },
        writes: [
          {
            system: 'plane',
            operation: 'updateWorkItem',
            target: 'work-item-42',
            fields: ['name', 'state'],
          },
          { system: 'odoo', operation: 'message_post', target: 'project.task:42' },
        ],
        detail: {
          conflicts: [{ field: 'name', winner: 'odoo' }],
          attempt: 2,
          dryRun: false,
          note: null,
        },
      });
      const minimal = entryOf({
        correlationId: 'corr-2',
        entity: { model: 'plane', planeId: 'work-item-9' },
        writes: [],
        outcome: 'skipped',
      });

      await ledger().append(full);
      await ledger().append(minimal);

      expect(await ledger().list()).toStrictEqual([full, minimal]);
    });

    it('keeps append order even when the entries are not in time order', async () => {
      await ledger().append(entryOf({ cause: 'late', at: at + 2_000 }));
      await ledger().append(entryOf({ cause: 'early', at: at - 2_000 }));
      await ledger().append(entryOf({ cause: 'middle', at }));

      const causes = (await ledger().list()).map((entry) => entry.cause);

      expect(causes).toEqual(['late', 'early', 'middle']);
    });

    it('stores an entry appended twice twice', async () => {
      await ledger().append(entryOf());
      await ledger().append(entryOf());

      expect(await ledger().list()).toStrictEqual([entryOf(), entryOf()]);
    });

    it('round-trips every outcome', async () => {
      for (const outcome of everyOutcome) await ledger().append(entryOf({ outcome }));

      const outcomes = (await ledger().list()).map((entry) => entry.outcome);

      expect(outcomes).toEqual(everyOutcome);
    });

    it('filters by correlation id, keeping append order', async () => {
      await ledger().append(entryOf({ correlationId: 'a', cause: 'a1' }));
      await ledger().append(entryOf({ correlationId: 'b', cause: 'b1' }));
      await ledger().append(entryOf({ correlationId: 'a', cause: 'a2' }));

      const causes = (await ledger().list({ correlationId: 'a' })).map((entry) => entry.cause);

      expect(causes).toEqual(['a1', 'a2']);
    });

    it('filters by outcome, keeping append order', async () => {
      await ledger().append(entryOf({ outcome: 'failed', cause: 'f1' }));
      await ledger().append(entryOf({ outcome: 'applied', cause: 'ok' }));
      await ledger().append(entryOf({ outcome: 'failed', cause: 'f2' }));

      const causes = (await ledger().list({ outcome: 'failed' })).map((entry) => entry.cause);

      expect(causes).toEqual(['f1', 'f2']);
    });

    it('combines the correlation id and outcome filters', async () => {
      await ledger().append(entryOf({ correlationId: 'a', outcome: 'failed', cause: 'a-failed' }));
      await ledger().append(
        entryOf({ correlationId: 'a', outcome: 'applied', cause: 'a-applied' }),
      );
      await ledger().append(entryOf({ correlationId: 'b', outcome: 'failed', cause: 'b-failed' }));

      const both = await ledger().list({ correlationId: 'a', outcome: 'failed' });
      const none = await ledger().list({ correlationId: 'b', outcome: 'applied' });
      const unfiltered = await ledger().list({});

      expect(both.map((entry) => entry.cause)).toEqual(['a-failed']);
      expect(none).toEqual([]);
      expect(unfiltered).toHaveLength(3);
    });

    it('copies entries in: mutating an appended object afterwards changes nothing stored', async () => {
      const fields = ['name'];
      const detail: Record<string, unknown> = { attempt: 1 };
      const entry = entryOf({
        writes: [{ system: 'plane', operation: 'updateWorkItem', target: 'work-item-42', fields }],
        detail,
      });
      await ledger().append(entry);

      fields.push('sneaky');
      detail.attempt = 99;

      expect(await ledger().list()).toStrictEqual([
        entryOf({
          writes: [
            {
              system: 'plane',
              operation: 'updateWorkItem',
              target: 'work-item-42',
              fields: ['name'],
            },
          ],
          detail: { attempt: 1 },
        }),
      ]);
    });

    it('copies entries out: mutating a listed entry changes nothing stored', async () => {
      await ledger().append(entryOf({ detail: { attempt: 1 } }));

      const [listed] = await ledger().list();
      (listed!.detail as Record<string, unknown>).attempt = 99;
      (listed!.writes as unknown[]).length = 0;
      (listed!.entity as { odooId?: number }).odooId = 1;

      expect(await ledger().list()).toStrictEqual([entryOf({ detail: { attempt: 1 } })]);
    });

    it('lists only the last N matching entries, still in append order', async () => {
      for (let index = 0; index < 5; index += 1)
        await ledger().append(
          entryOf({
            correlationId: `c-${index}`,
            outcome: index % 2 === 0 ? 'conflict' : 'applied',
          }),
        );

      const lastConflicts = await ledger().list({ outcome: 'conflict', last: 2 });
      const none = await ledger().list({ last: 0 });

      expect(lastConflicts.map((entry) => entry.correlationId)).toEqual(['c-2', 'c-4']);
      expect(none).toEqual([]);
    });

    it('counts the entries matching a filter', async () => {
      await ledger().append(entryOf({ outcome: 'conflict', at }));
      await ledger().append(entryOf({ outcome: 'conflict', at: at + 1_000 }));
      await ledger().append(entryOf({ outcome: 'applied', correlationId: 'corr-2' }));

      expect(await ledger().count()).toBe(3);
      expect(await ledger().count({ outcome: 'conflict' })).toBe(2);
      expect(await ledger().count({ outcome: 'conflict', before: at + 1_000 })).toBe(1);
      expect(await ledger().count({ correlationId: 'corr-2' })).toBe(1);
    });

    it('lists the entries older than a cut-off for an archive', async () => {
      await ledger().append(entryOf({ correlationId: 'old', at: at - 1 }));
      await ledger().append(entryOf({ correlationId: 'new', at }));

      const older = await ledger().list({ before: at });

      expect(older.map((entry) => entry.correlationId)).toEqual(['old']);
    });

    it('prunes exactly the entries older than the cut-off and says how many', async () => {
      await ledger().append(entryOf({ correlationId: 'old-1', at: at - 2_000 }));
      await ledger().append(entryOf({ correlationId: 'kept', at }));
      await ledger().append(entryOf({ correlationId: 'old-2', at: at - 1 }));

      const pruned = await ledger().prune(at);
      const prunedAgain = await ledger().prune(at);

      expect(pruned).toBe(2);
      expect(prunedAgain).toBe(0);
      expect((await ledger().list()).map((entry) => entry.correlationId)).toEqual(['kept']);
    });
  });
}
