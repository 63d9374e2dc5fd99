import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { pollOdooChanges, type OdooChangeFeed, type SyncJob } from '@odoo-plane-sync/sync-core';
import { createHarness } from './harness.js';

describe('private Odoo tasks (no project)', () => {
  const harness = createHarness({ odooVersion: 19 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const odoo: OdooChangeFeed = createOdooClient({
    baseUrl: harness.odoo.baseUrl,
    db: harness.odoo.db,
    login: harness.odoo.login,
    apiKey: harness.odoo.apiKey,
    clock: harness.clock,
    transport: 'json2',
  });
  const projectId = harness.odoo.create('project.project', { name: 'Team' });
  const projectTaskId = harness.odoo.create('project.task', {
    name: 'Real work',
    project_id: projectId,
  });
  // What Odoo 19 gives every new user (recorded in sync-traffic/odoo-19-project-user.jsonl).
  const welcomeId = harness.odoo.create('project.task', { name: 'Welcome Sync Bot!' });

  it('are left out of polls', async () => {
    const jobs: SyncJob[] = [];

    const report = await pollOdooChanges({
      odoo,
      syncState: harness.syncState,
      enqueue: (job) => Promise.resolve(jobs.push(job)),
    });

    expect(report.failed).toEqual([]);
    expect(jobs).toContainEqual({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: projectTaskId,
    });
    expect(jobs).not.toContainEqual(
      expect.objectContaining({ odooId: welcomeId, model: 'project.task' }),
    );
  });

  it('announced by a webhook, end without a failure and without a Plane write', async () => {
    const engine = harness.createEngine();
    (await engine.start())._unsafeUnwrap();
    harness.planeCalls.reset();

    const result = await engine.run({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: welcomeId,
    });

    expect(result.isOk()).toBe(true);
    expect(result._unsafeUnwrap()).toMatchObject({ skipped: 1 });
    expect(harness.planeCalls.writes()).toBe(0);
    expect(await harness.ledger.list({ outcome: 'failed' })).toEqual([]);
    expect(await harness.failures.listOpen()).toEqual([]);
    expect(await harness.store.get({ model: 'project.task', odooId: welcomeId })).toBeNull();
  });
});
