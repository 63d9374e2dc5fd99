import type { InboxPayload } from '@odoo-plane-sync/sync-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  testDatabaseUrl,
} from './test-database.js';

const at = Date.parse('2026-01-05T09:00:00Z');
const key = { model: 'project.task', odooId: 42 } as const;

describeWithPostgres('createPostgresStores', () => {
  let admin: pg.Pool;
  let schema: string;
  /** Stores opened by a test, each on its own pool (a worker of its own); closed after the test. */
  let opened: PostgresStores[];
  const openWorker = async (
    options: { readonly randomId?: () => string } = {},
  ): Promise<PostgresStores> => {
    const stores = await createPostgresStores({
      databaseUrl: testDatabaseUrl(),
      schema,
      clock: { now: () => at },
      maxConnections: 4,
      ...options,
    });
    opened.push(stores);
    return stores;
  };
  beforeAll(() => {
    admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  });
  afterAll(async () => {
    await admin.end();
  });
  beforeEach(() => {
    schema = randomSchemaName();
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((stores) => stores.close()));
    await dropSchema(admin, schema);
  });
  const table = (name: string): string => `${pg.escapeIdentifier(schema)}.${name}`;

  it('keeps mappings, ledger, pending inbox events, failures and state across a restart', async () => {
    const before = await openWorker();
    await before.mappings.put(
      {
        key,
        status: 'active',
        planeId: 'wi-42',
        planeProjectId: 'p-1',
        shadow: { name: 'A' },
        updatedAt: at,
      },
      null,
    );
    await before.ledger.append({
      correlationId: 'corr-1',
      at,
      cause: 'webhook',
      entity: { model: 'project.task', odooId: 42 },
      decision: 'update',
      writes: [{ system: 'plane', operation: 'update', target: 'wi-42', fields: ['name'] }],
      outcome: 'applied',
    });
    const event = await before.inbox.add({
      source: 'odoo',
      dedupeKey: 'odoo:1',
      entityKey: 'project.task:42',
      payload: { source: 'odoo', jobs: [] },
      receivedAt: at,
    });
    await before.failures.recordFailure('project.task:7', 'plane 503', at);
    await before.syncState.put('odoo.poll-cursor', { writeDate: '2026-01-05 09:00:00', id: 42 });
    await before.close();

    const after = await openWorker();

    expect(await after.mappings.get(key)).toMatchObject({ planeId: 'wi-42', version: 1 });
    expect(await after.ledger.list()).toHaveLength(1);
    expect((await after.inbox.pending()).map((pending) => pending.id)).toEqual([event.id]);
    expect((await after.failures.listOpen()).map((record) => record.consecutive)).toEqual([1]);
    expect(await after.syncState.get('odoo.poll-cursor')).toEqual({
      writeDate: '2026-01-05 09:00:00',
      id: 42,
    });
  });

  it('lets workers on separate pools race on a mapping: exactly one compare-and-set wins', async () => {
    const [first, second] = [await openWorker(), await openWorker()];
    const draft = {
      key,
      status: 'pending',
      planeId: null,
      planeProjectId: null,
      shadow: {},
      updatedAt: at,
    } as const;
    await first.mappings.put(draft, null);

    const outcomes = await Promise.all(
      [first, second, first, second, first, second].map((worker, index) =>
        worker.mappings.put({ ...draft, status: 'active', planeId: `wi-${index}` }, 1),
      ),
    );

    const winners = outcomes.filter((outcome) => outcome.isOk());
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((outcome) => outcome.isErr()))
      expect(loser._unsafeUnwrapErr()).toStrictEqual({
        kind: 'version-conflict',
        key,
        expectedVersion: 1,
        actualVersion: 2,
      });
    expect((await second.mappings.get(key))?.planeId).toBe(winners[0]?._unsafeUnwrap().planeId);
  });

  it('lets workers on separate pools create a mapping at the same moment: one creates it', async () => {
    const workers = [await openWorker(), await openWorker()];
    const draft = {
      key,
      status: 'pending',
      planeId: null,
      planeProjectId: null,
      shadow: {},
      updatedAt: at,
    } as const;

    const outcomes = await Promise.all(
      [0, 1, 2, 3].map((index) => workers[index % 2]!.mappings.put(draft, null)),
    );

    expect(outcomes.filter((outcome) => outcome.isOk())).toHaveLength(1);
    expect(
      outcomes
        .filter((outcome) => outcome.isErr())
        .map((outcome) => outcome._unsafeUnwrapErr().actualVersion),
    ).toEqual([1, 1, 1]);
  });

  it('lets workers on separate pools accept one delivery once, even when it arrives at both together', async () => {
    const workers = [await openWorker(), await openWorker()];
    const deliveries = ['odoo:task:1:w1', 'odoo:task:2:w1', 'odoo:task:3:w1'].map((dedupeKey) => ({
      source: 'odoo' as const,
      dedupeKey,
      entityKey: 'project.task:1',
      payload: { source: 'odoo', jobs: [] } satisfies InboxPayload,
      receivedAt: at,
    }));

    const added = await Promise.all(
      deliveries.flatMap((delivery) => workers.map((worker) => worker.inbox.add(delivery))),
    );

    for (let index = 0; index < added.length; index += 2) {
      const [one, two] = [added[index]!, added[index + 1]!];
      expect([one.accepted, two.accepted].sort()).toEqual([false, true]);
      expect(one.id).toBe(two.id);
    }
    expect(await workers[0]!.inbox.count('pending')).toBe(3);
  });

  it('re-arms a dead letter once when two workers receive it again together', async () => {
    const workers = [await openWorker(), await openWorker()];
    const delivery = {
      source: 'plane' as const,
      dedupeKey: 'plane:d1',
      entityKey: 'e',
      payload: { source: 'plane', jobs: [] } satisfies InboxPayload,
      receivedAt: at,
    };
    const { id } = await workers[0]!.inbox.add(delivery);
    await workers[0]!.inbox.fail(id, 'validation', null);

    const again = await Promise.all(workers.map((worker) => worker.inbox.add(delivery)));

    expect(again.map((outcome) => outcome.accepted).sort()).toEqual([false, true]);
    expect(again.map((outcome) => outcome.id)).toEqual([id, id]);
    expect(await workers[1]!.inbox.count('pending')).toBe(1);
  });

  it('keeps payloads exactly as JSON wrote them, even strings jsonb would refuse', async () => {
    const stores = await openWorker({ randomId: () => 'event-1' });
    const payload = {
      zulu: 1,
      alpha: 'nul \u0000 inside',
      lone: '\ud800',
      nested: { b: [1, 2], a: null },
    };

    const added = await stores.inbox.add({
      source: 'github',
      dedupeKey: 'gh:1',
      entityKey: 'e',
      // Any JSON: the store promises a byte-exact round-trip, not a shape.
      payload: payload as unknown as InboxPayload,
      receivedAt: at,
    });
    const [stored] = await stores.inbox.pending();

    expect(added).toStrictEqual({ accepted: true, id: 'event-1' });
    expect(stored?.payload).toStrictEqual(payload);
    // Key order too: `json` keeps the text, where `jsonb` would sort the keys.
    expect(Object.keys(stored?.payload as object)).toEqual(['zulu', 'alpha', 'lone', 'nested']);
  });

  it('makes the ledger refuse updates, deletes and truncation by hand, while prune removes exactly the older entries', async () => {
    const stores = await openWorker();
    for (const [index, offset] of [0, 1_000, 2_000].entries())
      await stores.ledger.append({
        correlationId: `corr-${index}`,
        at: at + offset,
        cause: 'webhook',
        entity: { model: 'plane', planeId: `wi-${index}` },
        decision: 'none',
        writes: [],
        outcome: 'unchanged',
      });

    await expect(
      admin.query(`UPDATE ${table('ledger_entries')} SET cause = 'rewritten'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      admin.query(`DELETE FROM ${table('ledger_entries')} WHERE at < $1`, [at + 1_000]),
    ).rejects.toThrow(/append-only/);
    await expect(admin.query(`TRUNCATE ${table('ledger_entries')}`)).rejects.toThrow(/append-only/);
    const pruned = await stores.ledger.prune(at + 1_500);
    // The prune's permission ended with its transaction.
    await expect(admin.query(`DELETE FROM ${table('ledger_entries')}`)).rejects.toThrow(
      /append-only/,
    );

    expect(pruned).toBe(2);
    expect((await stores.ledger.list()).map((entry) => entry.correlationId)).toEqual(['corr-2']);
  });

  it('leaves a shared pool open on close, and closes its own', async () => {
    const shared = await createPostgresStores({ pool: admin, schema });
    const own = await openWorker();

    await shared.close();
    await own.close();

    expect((await admin.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await expect(own.syncState.get('x')).rejects.toThrow(/pool/i);
  });
});
