import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingStore } from '@odoo-plane-sync/sync-core';
import { createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from './harness.js';

/**
 * The harness's store, where another worker writes each mapping just before this engine's next `lost`
 * compare-and-set updates of it: those lose the race, as they would against a second process.
 */
function racingStore(inner: MappingStore, lost: number): MappingStore {
  let toLose = lost;
  return {
    get: (key) => inner.get(key),
    findByPlaneId: (planeId) => inner.findByPlaneId(planeId),
    list: (filter) => inner.list(filter),
    count: (filter) => inner.count(filter),
    put: async (mapping, expectedVersion) => {
      const current = expectedVersion === null ? null : await inner.get(mapping.key);
      if (current !== null && toLose > 0) {
        toLose -= 1;
        const { version, ...rest } = current;
        await inner.put({ ...rest, updatedAt: rest.updatedAt + 1 }, version);
      }
      return inner.put(mapping, expectedVersion);
    },
  };
}

describe('a mapping conflict and its log level (issue 10.8)', () => {
  const harness = createHarness({
    odooVersion: 17,
    config: { retry: { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 } },
  });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const projectId = harness.odoo.create('project.project', { name: 'Raced' });
  const taskId = harness.odoo.create('project.task', { name: 'Raced task', project_id: projectId });
  const job = { kind: 'odoo-record', model: 'project.task', odooId: taskId } as const;

  it('logs a conflict that succeeds on its retry at debug, with no sync-failed warning', async () => {
    (await harness.createEngine().run(job))._unsafeUnwrap();
    harness.odoo.write('project.task', [taskId], { name: 'Renamed while raced' });
    const logger = createMemoryLogger();
    const engine = harness.createEngine({ logger, store: racingStore(harness.store, 1) });

    const result = await engine.run(job);

    expect(result.isOk()).toBe(true);
    expect(
      logger.records.filter(
        (record) => record.level === 'warn' && record.message === 'sync failed',
      ),
    ).toEqual([]);
    expect(
      logger.records.filter(
        (record) => record.level === 'debug' && record.message === 'sync failed',
      ),
    ).toMatchObject([
      { fields: { error: `mapping of project.task ${taskId} changed concurrently` } },
    ]);
  });

  it('warns once when the conflict keeps coming back until the retries are used up', async () => {
    harness.odoo.write('project.task', [taskId], { name: 'Raced again' });
    const logger = createMemoryLogger();
    const engine = harness.createEngine({ logger, store: racingStore(harness.store, 3) });

    const result = await engine.run(job);

    expect(result.isErr()).toBe(true);
    expect(
      logger.records.filter(
        (record) => record.level === 'warn' && record.message === 'sync failed',
      ),
    ).toEqual([
      {
        level: 'warn',
        message: 'sync failed',
        fields: {
          entityKey: `project.task:${taskId}`,
          error: `mapping of project.task ${taskId} changed concurrently`,
        },
      },
    ]);
  });
});
