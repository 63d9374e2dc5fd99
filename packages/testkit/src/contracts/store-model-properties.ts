import type {
  FailureTracker,
  Inbox,
  InboxMaintenance,
  InboxPayload,
  Mapping,
  MappingKey,
  MappingStore,
  ShadowValue,
} from '@odoo-plane-sync/sync-core';
import {
  createInMemoryFailureTracker,
  createInMemoryInbox,
  createInMemoryMappingStore,
} from '@odoo-plane-sync/sync-core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractSubject } from './contract-subject.js';

/** The stores a model-property run drives: the three whose behaviour the in-memory twins model. */
export interface StoreModelStores {
  readonly mappings: MappingStore;
  readonly inbox: Inbox & InboxMaintenance;
  readonly failures: FailureTracker;
}

/** What a run hands to the subject: the clock and id source its stores must use, as the twins do. */
export interface StoreModelContext {
  readonly clock: { now(): number };
  readonly randomId: () => string;
}

/** The implementation under test and how hard to drive it. */
export interface StoreModelSubject {
  /** Fresh (or emptied) stores for one run, reading time and ids from `context`. */
  readonly stores: (context: StoreModelContext) => Promise<ContractSubject<StoreModelStores>>;
  /** Runs per property; each run is a sequence of up to 25 operations. */
  readonly numRuns: number;
  /** Per property, sized for a busy shared machine. */
  readonly timeoutMs: number;
}

const at = Date.parse('2026-01-05T09:00:00Z');

/** Ids from a counter, so the twin and the store under test hand out the same ids for the same history. */
const counterIds = (): (() => string) => {
  let next = 0;
  return () => `event-${(next += 1)}`;
};

const shadowValue: fc.Arbitrary<ShadowValue> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);

// Plain prototypes: fast-check may build null-prototype objects, which no caller of a store passes.
const mappingKey: fc.Arbitrary<MappingKey> = fc.record(
  {
    model: fc.constantFrom('project.project', 'project.milestone', 'project.task'),
    odooId: fc.integer({ min: 1, max: 3 }),
  },
  { noNullPrototype: true },
);

const mappingOperation = fc.oneof(
  fc.record({
    type: fc.constant('put' as const),
    key: mappingKey,
    expectedVersion: fc.constantFrom(null, 1, 2, 3),
    status: fc.constantFrom('pending' as const, 'active' as const),
    planeId: fc.option(fc.constantFrom('plane-a', 'plane-b', 'plane-c'), { nil: null }),
    planeProjectId: fc.option(fc.constantFrom('project-a', 'project-b'), { nil: null }),
    shadow: fc.dictionary(fc.string({ maxLength: 6 }), shadowValue, {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  }),
  fc.record({ type: fc.constant('get' as const), key: mappingKey }),
  fc.record({
    type: fc.constant('find' as const),
    planeId: fc.constantFrom('plane-a', 'plane-b', 'plane-c'),
  }),
  fc.record({
    type: fc.constant('list' as const),
    model: fc.option(fc.constantFrom('project.project', 'project.task'), { nil: undefined }),
    planeProjectId: fc.option(fc.constantFrom('project-a', 'project-b'), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('count' as const),
    status: fc.option(fc.constantFrom('pending' as const, 'active' as const), { nil: undefined }),
  }),
);

const inboxOperation = fc.oneof(
  fc.record({
    type: fc.constant('add' as const),
    dedupeKey: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'),
    receivedAt: fc.integer({ min: 0, max: 3 }),
    payload: fc.jsonValue(),
  }),
  fc.record({
    type: fc.constantFrom('complete' as const, 'requeue' as const),
    event: fc.integer({ min: 1, max: 6 }),
    at: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({
    type: fc.constant('fail' as const),
    event: fc.integer({ min: 1, max: 6 }),
    retryAt: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  }),
  fc.record({
    type: fc.constantFrom('requeueDue' as const, 'pruneDone' as const),
    at: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({
    type: fc.constant('listFailed' as const),
    limit: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    type: fc.constant('pending' as const),
    limit: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('count' as const),
    status: fc.constantFrom(
      'pending' as const,
      'done' as const,
      'failed' as const,
      'dead' as const,
    ),
  }),
);

const failureOperation = fc.oneof(
  fc.record({
    type: fc.constant('failure' as const),
    entityKey: fc.constantFrom('entity-a', 'entity-b', 'entity-c'),
    at: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({
    type: fc.constant('success' as const),
    entityKey: fc.constantFrom('entity-a', 'entity-b', 'entity-c'),
  }),
  fc.record({
    type: fc.constant('alert' as const),
    entityKey: fc.constantFrom('entity-a', 'entity-b', 'entity-c'),
    at: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ type: fc.constant('list' as const) }),
);

/** The two implementations may order a mapping list differently (the port promises only a stable order). */
const byKey = (mappings: readonly Mapping[]): Mapping[] =>
  [...mappings].sort(
    (a, b) => a.key.model.localeCompare(b.key.model) || a.key.odooId - b.key.odooId,
  );

/**
 * Model-based properties of a set of stores: every random sequence of mapping, inbox and failure-tracker
 * operations gets the same answers from the stores under test as from the in-memory twins, which serve as
 * the model. The contract suites pin single behaviours; these catch the interleavings nobody wrote down.
 *
 * @example
 * describeStoreModelProperties('createSqliteStores', {
 *   stores: async ({ clock, randomId }) => {
 *     const stores = createSqliteStores({ filename: ':memory:', clock, randomId });
 *     return { store: stores, close: async () => stores.close() };
 *   },
 *   numRuns: 150,
 *   timeoutMs: 180_000,
 * });
 */
export function describeStoreModelProperties(name: string, subject: StoreModelSubject): void {
  const { numRuns, timeoutMs } = subject;
  const open = (): Promise<ContractSubject<StoreModelStores>> =>
    subject.stores({ clock: { now: () => at }, randomId: counterIds() });

  describe(name, () => {
    it(
      'answers every sequence of mapping operations as the in-memory twin does',
      { timeout: timeoutMs },
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(mappingOperation, { maxLength: 25 }), async (operations) => {
            const twin = createInMemoryMappingStore(() => at);
            const opened = await open();
            const stores = opened.store;
            try {
              for (const operation of operations) {
                switch (operation.type) {
                  case 'put': {
                    const { type: _type, expectedVersion, ...mapping } = operation;
                    const draft = { ...mapping, updatedAt: at };
                    expect(await stores.mappings.put(draft, expectedVersion)).toStrictEqual(
                      await twin.put(draft, expectedVersion),
                    );
                    break;
                  }
                  case 'get':
                    expect(await stores.mappings.get(operation.key)).toStrictEqual(
                      await twin.get(operation.key),
                    );
                    break;
                  case 'find': {
                    // Several mappings may point at one Plane id here; the port does not say which one wins.
                    const [fromStores, fromTwin] = [
                      await stores.mappings.findByPlaneId(operation.planeId),
                      await twin.findByPlaneId(operation.planeId),
                    ];
                    expect(fromStores?.planeId ?? null).toBe(fromTwin?.planeId ?? null);
                    break;
                  }
                  case 'list': {
                    const filter = {
                      ...(operation.model === undefined ? {} : { model: operation.model }),
                      ...(operation.planeProjectId === undefined
                        ? {}
                        : { planeProjectId: operation.planeProjectId }),
                    };
                    expect(byKey(await stores.mappings.list(filter))).toStrictEqual(
                      byKey(await twin.list(filter)),
                    );
                    break;
                  }
                  case 'count': {
                    const filter =
                      operation.status === undefined ? {} : { status: operation.status };
                    expect(await stores.mappings.count(filter)).toStrictEqual(
                      await twin.count(filter),
                    );
                    break;
                  }
                }
              }
            } finally {
              await opened.close?.();
            }
          }),
          { numRuns },
        );
      },
    );

    it(
      'answers every sequence of inbox operations as the in-memory twin does',
      { timeout: timeoutMs },
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(inboxOperation, { maxLength: 25 }), async (operations) => {
            const twin = createInMemoryInbox(counterIds());
            const opened = await open();
            const stores = opened.store;
            try {
              for (const operation of operations) {
                switch (operation.type) {
                  case 'add': {
                    const event = {
                      source: 'plane' as const,
                      dedupeKey: operation.dedupeKey,
                      entityKey: 'plane:work-item:a',
                      // Any JSON: the store promises a round-trip, not a shape.
                      payload: operation.payload as unknown as InboxPayload,
                      receivedAt: operation.receivedAt,
                    };
                    expect(await stores.inbox.add(event)).toStrictEqual(await twin.add(event));
                    break;
                  }
                  case 'complete': {
                    const id = `event-${operation.event}`;
                    await Promise.all([
                      stores.inbox.complete(id, operation.at),
                      twin.complete(id, operation.at),
                    ]);
                    break;
                  }
                  case 'requeue': {
                    const id = `event-${operation.event}`;
                    await Promise.all([stores.inbox.requeue(id), twin.requeue(id)]);
                    break;
                  }
                  case 'fail': {
                    const id = `event-${operation.event}`;
                    await Promise.all([
                      stores.inbox.fail(id, `cause ${id}`, operation.retryAt),
                      twin.fail(id, `cause ${id}`, operation.retryAt),
                    ]);
                    break;
                  }
                  case 'requeueDue':
                  case 'pruneDone':
                    expect(await stores.inbox[operation.type](operation.at)).toBe(
                      await twin[operation.type](operation.at),
                    );
                    break;
                  case 'listFailed':
                    expect(await stores.inbox.listFailed(operation.limit)).toStrictEqual(
                      await twin.listFailed(operation.limit),
                    );
                    break;
                  case 'pending':
                    expect(await stores.inbox.pending(operation.limit)).toStrictEqual(
                      await twin.pending(operation.limit),
                    );
                    break;
                  case 'count':
                    expect(await stores.inbox.count(operation.status)).toBe(
                      await twin.count(operation.status),
                    );
                    break;
                }
              }
            } finally {
              await opened.close?.();
            }
          }),
          { numRuns },
        );
      },
    );

    it(
      'answers every sequence of failure-tracker operations as the in-memory twin does',
      { timeout: timeoutMs },
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(failureOperation, { maxLength: 25 }), async (operations) => {
            const twin = createInMemoryFailureTracker();
            const opened = await open();
            const stores = opened.store;
            try {
              for (const [index, operation] of operations.entries()) {
                switch (operation.type) {
                  case 'failure':
                    expect(
                      await stores.failures.recordFailure(
                        operation.entityKey,
                        `cause ${index}`,
                        operation.at,
                      ),
                    ).toStrictEqual(
                      await twin.recordFailure(operation.entityKey, `cause ${index}`, operation.at),
                    );
                    break;
                  case 'success':
                    expect(await stores.failures.recordSuccess(operation.entityKey)).toStrictEqual(
                      await twin.recordSuccess(operation.entityKey),
                    );
                    break;
                  case 'alert':
                    await Promise.all([
                      stores.failures.markAlerted(operation.entityKey, operation.at),
                      twin.markAlerted(operation.entityKey, operation.at),
                    ]);
                    break;
                  case 'list':
                    expect(await stores.failures.listOpen()).toStrictEqual(await twin.listOpen());
                    break;
                }
              }
            } finally {
              await opened.close?.();
            }
          }),
          { numRuns },
        );
      },
    );
  });
}
