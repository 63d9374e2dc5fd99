import type { SyncStateStore } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { useContractSubject, type ContractSubjectFactory } from './contract-subject.js';

/**
 * The `SyncStateStore` contract: named values with JSON semantics that survive between reads.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - `get` of a name never written returns null (so does a stored null: the two are not told apart).
 * - Values go through JSON: a `Date` reads back as its ISO string, `undefined` properties vanish.
 * - `put` replaces the whole value (no merge).
 *
 * @example
 * describeSyncStateStoreContract('in-memory', () =>
 *   Promise.resolve({ store: createInMemorySyncStateStore() }),
 * );
 */
export function describeSyncStateStoreContract(
  name: string,
  makeStore: ContractSubjectFactory<SyncStateStore>,
): void {
  describe(`SyncStateStore contract: ${name}`, () => {
    const state = useContractSubject(makeStore);

    it('returns null for a name that was never written', async () => {
      expect(await state().get('odoo.poll-cursor')).toBeNull();
    });

    it('round-trips JSON values of every kind', async () => {
      const values: Record<string, unknown> = {
        object: {
          writeDate: '2026-01-05 09:00:00',
          id: 42,
          ids: [1, 2, 3],
          nested: { ok: true, none: null },
        },
        array: ['a', 1, false, null, { b: 'é ☕' }],
        string: 'cursor-"quoted"\n',
        number: 1_767_603_600_000,
        fraction: 0.1 + 0.2,
        yes: true,
        no: false,
        nothing: null,
        emptyObject: {},
        emptyArray: [],
      };
      for (const [name, value] of Object.entries(values)) await state().put(name, value);

      for (const [name, value] of Object.entries(values)) {
        expect(await state().get(name)).toStrictEqual(value);
      }
    });

    it('replaces a value on put, without merging', async () => {
      await state().put('reconciliation.last', { at: 1, counts: { tasks: 3 } });

      await state().put('reconciliation.last', { at: 2 });

      expect(await state().get('reconciliation.last')).toStrictEqual({ at: 2 });
    });

    it('keeps names independent', async () => {
      await state().put('odoo.poll-cursor', 'a');
      await state().put('plane.poll-cursor', 'b');

      expect(await state().get('odoo.poll-cursor')).toBe('a');
      expect(await state().get('plane.poll-cursor')).toBe('b');
    });

    it('applies JSON semantics: dates become ISO strings, undefined properties vanish', async () => {
      await state().put('summary', {
        at: new Date('2026-01-05T09:00:00.000Z'),
        skipped: undefined,
        kept: 1,
      });

      const value = await state().get('summary');

      expect(value).toStrictEqual({ at: '2026-01-05T09:00:00.000Z', kept: 1 });
    });

    it('copies values in and out: mutations after put or get change nothing stored', async () => {
      const cursor = { ids: [1, 2], at: 'x' };
      await state().put('cursor', cursor);
      cursor.ids.push(3);

      const read = (await state().get('cursor')) as { ids: number[] };
      read.ids.push(4);

      expect(await state().get('cursor')).toStrictEqual({ ids: [1, 2], at: 'x' });
    });
  });
}
