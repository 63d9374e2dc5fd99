import type { InboxPayload, LedgerEntry, Mapping } from '@odoo-plane-sync/sync-core';
import type pg from 'pg';
import { expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  useTestPool,
} from './test-database.js';

const at = Date.parse('2026-01-05T09:00:00Z');
const key = { model: 'project.task', odooId: 42 } as const;
const pending: Omit<Mapping, 'version'> = {
  key,
  status: 'pending',
  planeId: null,
  planeProjectId: 'p-1',
  shadow: {},
  updatedAt: at,
};
const delivery = {
  source: 'odoo' as const,
  dedupeKey: 'odoo:task:42:w1',
  entityKey: 'project.task:42',
  payload: {
    source: 'odoo',
    jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: 42 }],
  } satisfies InboxPayload,
  receivedAt: at,
};
const entryAt = (offset: number): LedgerEntry => ({
  correlationId: `corr-${offset}`,
  at: at + offset,
  cause: 'webhook',
  entity: { model: 'project.task', odooId: 42 },
  decision: 'update',
  writes: [{ system: 'plane', operation: 'update', target: 'wi-42', fields: ['name'] }],
  outcome: 'applied',
});

/**
 * What one worker does with the stores, one store call per step (the steps of a real event's life: claim
 * the mapping, accept the delivery, fail and retry it, record the streak and the audit, prune). A step
 * that a crash interrupted is run again after the restart, as the sync does with an unacknowledged event.
 */
const steps: readonly ((stores: PostgresStores) => Promise<unknown>)[] = [
  (stores) => stores.mappings.put(pending, null),
  (stores) => stores.inbox.add(delivery),
  (stores) =>
    stores.mappings.put(
      { ...pending, status: 'active', planeId: 'wi-42', shadow: { name: 'A' } },
      1,
    ),
  (stores) => stores.inbox.fail('event-1', 'plane 503', at + 1_000),
  (stores) => stores.failures.recordFailure('project.task:42', 'plane 503', at),
  (stores) => stores.failures.markAlerted('project.task:42', at),
  (stores) => stores.ledger.append(entryAt(0)),
  (stores) => stores.ledger.append(entryAt(5_000)),
  (stores) => stores.inbox.requeueDue(at + 2_000),
  (stores) => stores.inbox.complete('event-1', at + 3_000),
  (stores) => stores.failures.recordSuccess('project.task:42'),
  (stores) => stores.inbox.add(delivery),
  (stores) => stores.ledger.prune(at + 1_000),
  (stores) =>
    stores.syncState.put('odoo.poll-cursor', { writeDate: '2026-01-05 09:00:00', id: 42 }),
];

/** Everything the ports can read back, to compare a crashed-and-restarted worker with an uninterrupted one. */
const everythingIn = async (stores: PostgresStores) => ({
  mappings: await stores.mappings.list(),
  counts: await stores.mappings.count(),
  pending: await stores.inbox.pending(),
  failed: await stores.inbox.listFailed(10),
  done: await stores.inbox.count('done'),
  ledger: await stores.ledger.list(),
  streaks: await stores.failures.listOpen(),
  cursor: await stores.syncState.get('odoo.poll-cursor'),
});

/** Counts the statements sent through a pool and fails the one at `crashAt` and every one after it. */
interface CrashSwitch {
  statements: number;
  readonly crashAt: number;
  crashed: boolean;
}

/**
 * The pool of a worker that dies just before sending statement number `crashAt`: that statement and
 * every later one fail without reaching the server, as they would once the process is gone; the open
 * transaction of a dead connection is rolled back by the server when the connection closes.
 */
function poolDyingAt(pool: pg.Pool, crash: CrashSwitch): pg.Pool {
  const query =
    (target: pg.Pool | pg.PoolClient) =>
    (...parameters: unknown[]): Promise<unknown> => {
      crash.statements += 1;
      if (crash.crashed || crash.statements === crash.crashAt) {
        crash.crashed = true;
        return Promise.reject(new Error(`worker crashed before statement ${crash.statements}`));
      }
      return (target.query as (...values: unknown[]) => Promise<unknown>)(...parameters);
    };
  const bound = <T extends object>(target: T, property: string | symbol): unknown => {
    const value: unknown = Reflect.get(target, property);
    return typeof value === 'function'
      ? (value as (...values: unknown[]) => unknown).bind(target)
      : value;
  };
  return new Proxy(pool, {
    get: (target, property) => {
      if (property === 'query') return query(target);
      if (property === 'connect')
        return async () => {
          const client = await target.connect();
          return new Proxy(client, {
            get: (clientTarget, clientProperty) =>
              clientProperty === 'query'
                ? query(clientTarget)
                : bound(clientTarget, clientProperty),
          });
        };
      return bound(target, property);
    },
  });
}

describeWithPostgres('createPostgresStores after a crash', () => {
  const pool = useTestPool();

  const open = (workerPool: pg.Pool, schema: string): Promise<PostgresStores> =>
    createPostgresStores({
      pool: workerPool,
      schema,
      clock: { now: () => at },
      randomId: () => 'event-1',
    });

  /** Runs the steps, crashing before statement `crashAt` (never when null); returns what the stores hold. */
  const runCrashingAt = async (crashAt: number | null) => {
    const schema = randomSchemaName();
    const crash: CrashSwitch = { statements: 0, crashAt: crashAt ?? 0, crashed: false };
    try {
      let next = 0;
      try {
        const stores = await open(crashAt === null ? pool() : poolDyingAt(pool(), crash), schema);
        for (; next < steps.length; next += 1) await steps[next]!(stores);
      } catch (error) {
        if (!crash.crashed) throw error;
      }
      // The restart: a fresh worker migrates (again, if the crash came during migration) and carries on
      // with the step that was interrupted.
      const restarted = await open(pool(), schema);
      for (; next < steps.length; next += 1) await steps[next]!(restarted);
      return {
        statements: crash.statements,
        crashed: crash.crashed,
        stores: await everythingIn(restarted),
      };
    } finally {
      await dropSchema(pool(), schema);
    }
  };

  it(
    'ends in the same state as an uninterrupted worker, whichever statement the crash came before',
    { timeout: 600_000 },
    async () => {
      const counting = await runCrashingAt(Number.MAX_SAFE_INTEGER);
      const uninterrupted = await runCrashingAt(null);
      expect(counting.crashed).toBe(false);

      for (let crashAt = 1; crashAt <= counting.statements; crashAt += 1) {
        const crashed = await runCrashingAt(crashAt);

        expect(crashed.crashed, `crash before statement ${crashAt}`).toBe(true);
        expect(crashed.stores, `crash before statement ${crashAt}`).toStrictEqual(
          uninterrupted.stores,
        );
      }
      // Every kind of step left its mark, so the comparison above compares something.
      expect(uninterrupted.stores).toMatchObject({
        mappings: [{ status: 'active', version: 2 }],
        done: 1,
        ledger: [{ correlationId: 'corr-5000' }],
        streaks: [],
        cursor: { id: 42 },
      });
      expect(counting.statements).toBeGreaterThan(steps.length);
    },
  );
});
