import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { pollOdooChanges, type OdooChangeFeed, type SyncJob } from '@odoo-plane-sync/sync-core';
import { createHarness } from './harness.js';

describe('pollOdooChanges', () => {
  const harness = createHarness({ odooVersion: 16 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const odoo: OdooChangeFeed = createOdooClient({
    baseUrl: harness.odoo.baseUrl,
    db: harness.odoo.db,
    login: harness.odoo.login,
    apiKey: harness.odoo.apiKey,
    clock: harness.clock,
    transport: 'jsonrpc',
  });

  it('turns every changed record into a job, remembers the cursor, and then syncs them (Odoo 16 has no webhooks)', async () => {
    const projectId = harness.odoo.create('project.project', { name: 'Polled' });
    const taskId = harness.odoo.create('project.task', {
      name: 'Polled task',
      project_id: projectId,
    });
    const jobs: SyncJob[] = [];

    const first = (
      await pollOdooChanges({
        odoo,
        syncState: harness.syncState,
        enqueue: (job) => Promise.resolve(jobs.push(job)),
      })
    )._unsafeUnwrap();
    await harness.clock.advance(10 * 60_000);
    const second = (
      await pollOdooChanges({
        odoo,
        syncState: harness.syncState,
        enqueue: (job) => Promise.resolve(jobs.push(job)),
      })
    )._unsafeUnwrap();

    expect(first.jobs).toBeGreaterThanOrEqual(2);
    expect(second.jobs).toBe(0);
    expect(jobs).toContainEqual({ kind: 'odoo-record', model: 'project.task', odooId: taskId });
    expect(await harness.syncState.get('poll:project.task')).not.toBeNull();

    const engine = harness.createEngine();
    for (const job of jobs) expect((await engine.run(job)).isOk()).toBe(true);
    expect((await harness.store.get({ model: 'project.task', odooId: taskId }))?.status).toBe(
      'active',
    );
  });

  it('picks up the next change only', async () => {
    const [task] = harness.odoo.searchRead('project.task', [['name', '=', 'Polled task']], ['id']);
    harness.odoo.write('project.task', [task!.id as number], { name: 'Polled task, renamed' });
    const jobs: SyncJob[] = [];

    (
      await pollOdooChanges({
        odoo,
        syncState: harness.syncState,
        enqueue: (job) => Promise.resolve(jobs.push(job)),
      })
    )._unsafeUnwrap();

    expect(jobs).toEqual([{ kind: 'odoo-record', model: 'project.task', odooId: task!.id }]);
  });
});
