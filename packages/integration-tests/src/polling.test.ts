import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import {
  pollCursorName,
  pollOdooChanges,
  type OdooChangeFeed,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
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
  const poll = (jobs: SyncJob[], keys: string[] = []) =>
    pollOdooChanges({
      odoo,
      syncState: harness.syncState,
      enqueue: (job, dedupeKey) => Promise.resolve(jobs.push(job) + keys.push(dedupeKey)),
    });

  it('turns every changed record into a job, remembers the cursor, and then syncs them (Odoo 16 has no webhooks)', async () => {
    const projectId = harness.odoo.create('project.project', { name: 'Polled' });
    const taskId = harness.odoo.create('project.task', {
      name: 'Polled task',
      project_id: projectId,
    });
    const jobs: SyncJob[] = [];
    const keys: string[] = [];

    const first = await poll(jobs, keys);
    await harness.clock.advance(10 * 60_000);
    const second = await poll(jobs, keys);

    expect(first.failed).toEqual([]);
    expect(first.changed['project.task']).toBe(1);
    expect(second.jobs).toBe(0);
    expect(jobs).toContainEqual({ kind: 'odoo-record', model: 'project.task', odooId: taskId });
    expect(keys.some((key) => key.startsWith(`poll:project.task:${taskId}@`))).toBe(true);
    expect(await harness.syncState.get(pollCursorName('project.task'))).not.toBeNull();

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

    await poll(jobs);

    expect(jobs).toEqual([{ kind: 'odoo-record', model: 'project.task', odooId: task!.id }]);
  });

  it('reports a failing model and still polls the others', async () => {
    harness.odoo.faults.next(
      { model: 'project.project' },
      { error: 'odoo.exceptions.AccessError', message: 'no' },
      5,
    );
    harness.odoo.create('project.task', {
      name: 'After the fault',
      project_id: harness.odoo.searchRead('project.project', [['name', '=', 'Polled']], ['id'])[0]!
        .id,
    });
    const jobs: SyncJob[] = [];

    const report = await poll(jobs);
    harness.odoo.faults.clear();

    expect(report.failed.map((failure) => failure.model)).toEqual(['project.project']);
    expect(report.changed['project.task']).toBe(1);
  });
});
