import type { Mapping, MappingKey, MappingStore, ShadowValue } from '@odoo-plane-sync/sync-core';
import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../fake-clock.js';
import { useContractSubject, type ContractSubject } from './contract-subject.js';

/** What the mapping contract hands to the factory: the clock the store must stamp `updatedAt` with. */
export interface MappingStoreContractContext {
  readonly clock: { now(): number };
}

/** Builds a fresh, empty mapping store that reads time from `context.clock`. */
export type MappingStoreFactory = (
  context: MappingStoreContractContext,
) => Promise<ContractSubject<MappingStore>>;

type MappingDraft = Omit<Mapping, 'version'>;

const start = Date.parse('2026-01-05T09:00:00Z');

const taskKey = (odooId: number): MappingKey => ({ model: 'project.task', odooId });

const draftOf = (overrides: Partial<MappingDraft> = {}): MappingDraft => ({
  key: taskKey(1),
  status: 'active',
  planeId: 'work-item-1',
  planeProjectId: 'plane-project-1',
  shadow: { name: 'Write the spec' },
  updatedAt: start,
  ...overrides,
});

/** Every kind of `ShadowValue`, including the edge cases a JSON or SQL column could blur. */
const everyShadowKind: Record<string, ShadowValue> = {
  name: 'Ship the release',
  empty: '',
  unicode: 'Café ☕ — 日本語 \u{1F680}',
  quoted: 'He said "no"\nthen left\t\\ {"a":1}',
  numericString: '42',
  booleanString: 'true',
  nullString: 'null',
  integer: 42,
  zero: 0,
  negative: -7,
  fraction: 0.1 + 0.2,
  large: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  noLabels: [],
  labels: ['backend', 'urgent', ''],
  'dotted.key with spaces': 'kept',
};

/**
 * The `MappingStore` contract: compare-and-set on `version`, copies in and out, lookups and listing.
 *
 * Decisions the port leaves open, fixed here for every implementation:
 * - `updatedAt` is stamped by the store from its own clock at write time; the caller's value is ignored.
 * - `put` replaces the whole mapping (the shadow is not merged with the stored one).
 * - `list` order depends only on the stored keys: neither insertion order nor later updates change it.
 * - `count` names every model, with 0 for a model that has no mapping.
 *
 * @example
 * describeMappingStoreContract('in-memory', ({ clock }) =>
 *   Promise.resolve({ store: createInMemoryMappingStore(() => clock.now()) }),
 * );
 */
export function describeMappingStoreContract(name: string, makeStore: MappingStoreFactory): void {
  describe(`MappingStore contract: ${name}`, () => {
    let clock: FakeClock = createFakeClock({ start, autoAdvance: false });
    const store = useContractSubject(() => {
      clock = createFakeClock({ start, autoAdvance: false });
      return makeStore({ clock });
    });

    const create = async (draft: MappingDraft): Promise<Mapping> =>
      (await store().put(draft, null))._unsafeUnwrap();

    describe('get', () => {
      it('returns null for a record that was never mapped', async () => {
        const found = await store().get(taskKey(404));

        expect(found).toBeNull();
      });

      it('returns the mapping exactly as it was stored', async () => {
        const draft = draftOf();
        await store().put(draft, null);

        const found = await store().get(draft.key);

        expect(found).toStrictEqual({ ...draft, version: 1, updatedAt: start });
      });

      it('keeps the same Odoo id of different models apart', async () => {
        await create(
          draftOf({ key: { model: 'project.project', odooId: 7 }, planeId: 'project-7' }),
        );
        await create(draftOf({ key: { model: 'project.task', odooId: 7 }, planeId: 'task-7' }));

        const project = await store().get({ model: 'project.project', odooId: 7 });
        const task = await store().get({ model: 'project.task', odooId: 7 });
        const milestone = await store().get({ model: 'project.milestone', odooId: 7 });

        expect(project?.planeId).toBe('project-7');
        expect(task?.planeId).toBe('task-7');
        expect(milestone).toBeNull();
      });
    });

    describe('put', () => {
      it('creates a mapping at version 1 when null is expected and none exists', async () => {
        const draft = draftOf();

        const result = await store().put(draft, null);

        expect(result._unsafeUnwrap()).toStrictEqual({ ...draft, version: 1, updatedAt: start });
      });

      it('refuses to create a mapping that already exists, reporting the stored version', async () => {
        await create(draftOf());

        const result = await store().put(draftOf({ planeId: 'work-item-2' }), null);

        expect(result._unsafeUnwrapErr()).toStrictEqual({
          kind: 'version-conflict',
          key: taskKey(1),
          expectedVersion: null,
          actualVersion: 1,
        });
        expect((await store().get(taskKey(1)))?.planeId).toBe('work-item-1');
      });

      it('increments the version by one on every successful update', async () => {
        await create(draftOf());

        const second = await store().put(draftOf({ shadow: { name: 'Second' } }), 1);
        const third = await store().put(draftOf({ shadow: { name: 'Third' } }), 2);

        expect(second._unsafeUnwrap().version).toBe(2);
        expect(third._unsafeUnwrap().version).toBe(3);
        expect(await store().get(taskKey(1))).toMatchObject({
          version: 3,
          shadow: { name: 'Third' },
        });
      });

      it('refuses a stale expected version, reporting the actual one and changing nothing', async () => {
        await create(draftOf());
        await store().put(draftOf({ shadow: { name: 'Newer' } }), 1);
        const before = await store().get(taskKey(1));

        const result = await store().put(draftOf({ shadow: { name: 'Stale' } }), 1);

        expect(result._unsafeUnwrapErr()).toStrictEqual({
          kind: 'version-conflict',
          key: taskKey(1),
          expectedVersion: 1,
          actualVersion: 2,
        });
        expect(await store().get(taskKey(1))).toStrictEqual(before);
      });

      it('refuses an expected version for a mapping that does not exist, creating nothing', async () => {
        const result = await store().put(draftOf(), 3);

        expect(result._unsafeUnwrapErr()).toStrictEqual({
          kind: 'version-conflict',
          key: taskKey(1),
          expectedVersion: 3,
          actualVersion: null,
        });
        expect(await store().get(taskKey(1))).toBeNull();
      });

      it('lets exactly one of two racing writers with the same expected version win', async () => {
        await create(draftOf());

        const results = await Promise.all([
          store().put(draftOf({ shadow: { name: 'Writer A' } }), 1),
          store().put(draftOf({ shadow: { name: 'Writer B' } }), 1),
        ]);

        const winners = results.filter((result) => result.isOk());
        const losers = results.filter((result) => result.isErr());
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(losers[0]!._unsafeUnwrapErr()).toMatchObject({
          expectedVersion: 1,
          actualVersion: 2,
        });
        expect(await store().get(taskKey(1))).toStrictEqual(winners[0]!._unsafeUnwrap());
      });

      it('promotes a pending mapping (no Plane ids yet) to active', async () => {
        const pending = draftOf({
          status: 'pending',
          planeId: null,
          planeProjectId: null,
          shadow: {},
        });
        const stored = await create(pending);

        const result = await store().put(draftOf({ status: 'active' }), stored.version);

        expect(stored).toStrictEqual({ ...pending, version: 1, updatedAt: start });
        expect(result._unsafeUnwrap()).toStrictEqual({
          ...draftOf(),
          version: 2,
          updatedAt: start,
        });
      });

      it('replaces the whole shadow instead of merging it', async () => {
        await create(draftOf({ shadow: { name: 'A', priority: 'high' } }));

        await store().put(draftOf({ shadow: { name: 'B' } }), 1);

        expect((await store().get(taskKey(1)))?.shadow).toStrictEqual({ name: 'B' });
      });

      it('stamps updatedAt from the store clock at write time, ignoring the caller value', async () => {
        await create(draftOf({ updatedAt: 1 }));
        await clock.advance(5_000);

        const updated = await store().put(draftOf({ updatedAt: 2 }), 1);

        expect(updated._unsafeUnwrap().updatedAt).toBe(start + 5_000);
        expect((await store().get(taskKey(1)))?.updatedAt).toBe(start + 5_000);
      });

      it('round-trips every kind of shadow value exactly', async () => {
        await create(draftOf({ shadow: everyShadowKind }));

        const found = await store().get(taskKey(1));

        expect(found?.shadow).toStrictEqual(everyShadowKind);
        expect(Object.keys(found?.shadow ?? {}).sort()).toEqual(
          Object.keys(everyShadowKind).sort(),
        );
      });

      it('copies the mapping in: mutating the argument afterwards changes nothing stored', async () => {
        const labels = ['backend'];
        const shadow: Record<string, ShadowValue> = { name: 'Original', labels };
        const draft: { -readonly [K in keyof MappingDraft]: MappingDraft[K] } = draftOf({ shadow });
        await create(draft);

        labels.push('sneaky');
        shadow.name = 'Mutated';
        draft.planeId = 'work-item-mutated';

        expect(await store().get(taskKey(1))).toMatchObject({
          planeId: 'work-item-1',
          shadow: { name: 'Original', labels: ['backend'] },
        });
      });

      it('copies the result out: mutating what put returned changes nothing stored', async () => {
        const stored = await create(draftOf({ shadow: { name: 'Original', labels: ['backend'] } }));

        (stored.shadow as Record<string, ShadowValue>).name = 'Mutated';
        (stored.shadow.labels as string[]).push('sneaky');

        expect((await store().get(taskKey(1)))?.shadow).toStrictEqual({
          name: 'Original',
          labels: ['backend'],
        });
      });
    });

    describe('copies out of reads', () => {
      it('hands out copies from get, findByPlaneId and list', async () => {
        await create(draftOf({ shadow: { name: 'Original', labels: ['backend'] } }));

        const fromGet = await store().get(taskKey(1));
        const fromFind = await store().findByPlaneId('work-item-1');
        const [fromList] = await store().list();
        for (const read of [fromGet, fromFind, fromList]) {
          (read!.shadow as Record<string, ShadowValue>).name = 'Mutated';
          (read!.shadow.labels as string[]).push('sneaky');
          (read!.key as { odooId: number }).odooId = 999;
        }

        expect(await store().get(taskKey(1))).toStrictEqual({
          ...draftOf({ shadow: { name: 'Original', labels: ['backend'] } }),
          version: 1,
          updatedAt: start,
        });
      });
    });

    describe('findByPlaneId', () => {
      it('finds the mapping that points at a Plane entity', async () => {
        await create(draftOf({ key: taskKey(1), planeId: 'work-item-1' }));
        const second = await create(draftOf({ key: taskKey(2), planeId: 'work-item-2' }));

        const found = await store().findByPlaneId('work-item-2');

        expect(found).toStrictEqual(second);
      });

      it('returns null for a Plane id no mapping points at', async () => {
        await create(draftOf());

        const found = await store().findByPlaneId('work-item-unknown');

        expect(found).toBeNull();
      });

      it('follows a mapping whose Plane id changed', async () => {
        await create(draftOf({ status: 'pending', planeId: null }));
        await store().put(draftOf({ planeId: 'work-item-new' }), 1);

        expect((await store().findByPlaneId('work-item-new'))?.key).toStrictEqual(taskKey(1));

        await store().put(draftOf({ planeId: 'work-item-newer' }), 2);

        expect(await store().findByPlaneId('work-item-new')).toBeNull();
        expect((await store().findByPlaneId('work-item-newer'))?.version).toBe(3);
      });
    });

    describe('list', () => {
      const seed = async (): Promise<void> => {
        await create(
          draftOf({
            key: { model: 'project.project', odooId: 1 },
            planeId: 'p-1',
            planeProjectId: 'p-1',
          }),
        );
        await create(
          draftOf({
            key: { model: 'project.project', odooId: 2 },
            planeId: 'p-2',
            planeProjectId: 'p-2',
          }),
        );
        await create(draftOf({ key: taskKey(10), planeId: 't-10', planeProjectId: 'p-1' }));
        await create(draftOf({ key: taskKey(11), planeId: 't-11', planeProjectId: 'p-2' }));
        await create(
          draftOf({
            key: { model: 'project.milestone', odooId: 5 },
            planeId: 'c-5',
            planeProjectId: 'p-1',
          }),
        );
        await create(
          draftOf({ key: taskKey(12), status: 'pending', planeId: null, planeProjectId: null }),
        );
      };
      const keysOf = (mappings: readonly Mapping[]): string[] =>
        mappings.map((mapping) => `${mapping.key.model}:${mapping.key.odooId}`);

      it('returns an empty list from an empty store', async () => {
        expect(await store().list()).toEqual([]);
      });

      it('returns every mapping without a filter, or with an empty one', async () => {
        await seed();

        const all = await store().list();
        const withEmptyFilter = await store().list({});

        expect(keysOf(all).sort()).toEqual([
          'project.milestone:5',
          'project.project:1',
          'project.project:2',
          'project.task:10',
          'project.task:11',
          'project.task:12',
        ]);
        expect(withEmptyFilter).toStrictEqual(all);
      });

      it('filters by model', async () => {
        await seed();

        const tasks = await store().list({ model: 'project.task' });

        expect(keysOf(tasks).sort()).toEqual([
          'project.task:10',
          'project.task:11',
          'project.task:12',
        ]);
      });

      it('filters by Plane project, leaving out mappings without one', async () => {
        await seed();

        const inProject = await store().list({ planeProjectId: 'p-1' });

        expect(keysOf(inProject).sort()).toEqual([
          'project.milestone:5',
          'project.project:1',
          'project.task:10',
        ]);
      });

      it('combines the model and Plane project filters', async () => {
        await seed();

        const tasksInProject = await store().list({ model: 'project.task', planeProjectId: 'p-2' });
        const none = await store().list({ model: 'project.milestone', planeProjectId: 'p-2' });

        expect(keysOf(tasksInProject)).toEqual(['project.task:11']);
        expect(none).toEqual([]);
      });

      it('returns full mappings with their current versions', async () => {
        await seed();
        await store().put(
          draftOf({
            key: taskKey(10),
            planeId: 't-10',
            planeProjectId: 'p-1',
            shadow: { name: 'v2' },
          }),
          1,
        );

        const [listed] = await store().list({ model: 'project.task', planeProjectId: 'p-1' });

        expect(listed).toStrictEqual(await store().get(taskKey(10)));
        expect(listed?.version).toBe(2);
      });

      it('keeps a stable order that neither insertion order nor updates change', async () => {
        await seed();
        const first = keysOf(await store().list());
        await store().put(draftOf({ key: taskKey(10), planeId: 't-10', planeProjectId: 'p-1' }), 1);
        await store().put(
          draftOf({
            key: { model: 'project.project', odooId: 1 },
            planeId: 'p-1',
            planeProjectId: 'p-1',
          }),
          1,
        );
        const afterUpdates = keysOf(await store().list());

        const other = await makeStore({ clock });
        try {
          const mappings = await store().list();
          for (const { version: _version, ...mapping } of [...mappings].reverse()) {
            (await other.store.put(mapping, null))._unsafeUnwrap();
          }
          const reversedInsertion = keysOf(await other.store.list());

          expect(afterUpdates).toEqual(first);
          expect(reversedInsertion).toEqual(first);
        } finally {
          await other.close?.();
        }
      });
    });

    describe('count', () => {
      it('counts nothing in an empty store, naming every model', async () => {
        expect(await store().count()).toEqual({
          'project.project': 0,
          'project.milestone': 0,
          'project.task': 0,
        });
      });

      it('counts mappings per model, optionally of one status', async () => {
        await create(draftOf({ key: { model: 'project.project', odooId: 1 }, planeId: 'p-1' }));
        await create(draftOf({ key: taskKey(10), planeId: 't-10' }));
        await create(draftOf({ key: taskKey(11), planeId: 't-11' }));
        await create(draftOf({ key: taskKey(12), status: 'pending', planeId: null }));

        expect(await store().count()).toEqual({
          'project.project': 1,
          'project.milestone': 0,
          'project.task': 3,
        });
        expect(await store().count({ status: 'active' })).toEqual({
          'project.project': 1,
          'project.milestone': 0,
          'project.task': 2,
        });
        expect(await store().count({ status: 'pending' })).toEqual({
          'project.project': 0,
          'project.milestone': 0,
          'project.task': 1,
        });
      });
    });
  });
}
