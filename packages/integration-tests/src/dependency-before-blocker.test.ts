import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { createWebhookRig } from './webhook-rig.js';

const secrets = { odooToken: 'odoo-hook-token-blockers', planeWebhookSecret: 'plane_wh_blockers' };
const hooks = 'http://hooks.test/webhooks';

/**
 * A task's dependency on a task whose own event has not run (here: made before the webhook rule existed,
 * in another project nothing has synced yet). Its `blocked_by` relation must be in Plane when the
 * dependent's event is done — no reconciliation runs — and the blocker's later event must not make a
 * second work item.
 */
describe('a dependency on a task Plane does not have yet', () => {
  const harness = createHarness({ odooVersion: 17 });
  const { inbox, server, processor } = createWebhookRig(harness, { secrets, hooks });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const inspector = harness.planeInspector();
  const elsewhere = harness.odoo.create('project.project', { name: 'Platform' });
  const blockerId = harness.odoo.create('project.task', {
    name: 'Auth API',
    project_id: elsewhere,
  });
  const projectId = harness.odoo.create('project.project', { name: 'Portal' });
  const drain = async () => {
    await harness.odoo.settleWebhooks();
    await processor.drain();
  };

  it('is linked when the dependent event is done, and the blocker keeps one work item', async () => {
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name', 'depend_on_ids'],
      url: `${hooks}/odoo/${secrets.odooToken}`,
    });
    const dependentId = harness.odoo.create('project.task', {
      name: 'Login page',
      project_id: projectId,
      depend_on_ids: [[6, 0, [blockerId]]],
    });
    await drain();

    const mappingOf = async (odooId: number) =>
      (await harness.store.get({ model: 'project.task', odooId }))!;
    const [dependent, blocker] = await Promise.all([mappingOf(dependentId), mappingOf(blockerId)]);
    const relations = (
      await inspector.listRelations(dependent.planeProjectId!, dependent.planeId!)
    )._unsafeUnwrap();
    expect(relations.blockedBy).toEqual([blocker.planeId]);

    // The blocker's own change arrives afterwards: the item it already has is updated, not doubled.
    harness.odoo.write('project.task', [blockerId], { name: 'Auth API v2' });
    await drain();
    const items = (await inspector.listWorkItems(blocker.planeProjectId!))._unsafeUnwrap().results;
    expect(items.map((item) => [item.id, item.name])).toEqual([[blocker.planeId, 'Auth API v2']]);
    expect(await inbox.count('failed')).toBe(0);
    expect(await inbox.count('done')).toBe(2);
  });
});
