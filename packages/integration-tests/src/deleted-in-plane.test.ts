import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { createWebhookRig } from './webhook-rig.js';

const secrets = { odooToken: 'odoo-hook-token-deleted', planeWebhookSecret: 'plane_wh_deleted' };
const hooks = 'http://hooks.test/webhooks';

/**
 * A person deletes a synced work item in Plane; later the task is edited in Odoo. Plane CE answers 404 for
 * the deleted item (fixture 047): the event ends `done` with the item reported missing once — no retry loop,
 * no failure streak, no ops work item, and no second work item for the task.
 */
describe('an Odoo edit after the work item was deleted in Plane', () => {
  const harness = createHarness({ odooVersion: 17 });
  const { inbox, server, engine, processor } = createWebhookRig(harness, { secrets, hooks });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const inspector = harness.planeInspector();
  const projectId = harness.odoo.create('project.project', { name: 'Deletions' });
  const taskId = harness.odoo.create('project.task', {
    name: 'Pricing page',
    project_id: projectId,
  });

  it('reports the missing item once and keeps every event done', async () => {
    (await engine.syncTask(taskId))._unsafeUnwrap();
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name'],
      url: `${hooks}/odoo/${secrets.odooToken}`,
    });
    (await inspector.deleteWorkItem(mapping.planeProjectId!, mapping.planeId!))._unsafeUnwrap();

    for (const name of ['Pricing page v2', 'Pricing page v3']) {
      harness.odoo.write('project.task', [taskId], { name });
      await harness.odoo.settleWebhooks();
      await processor.drain();
    }

    expect(await inbox.count('done')).toBe(2);
    expect(await inbox.count('failed')).toBe(0);
    expect(await harness.failures.listOpen()).toEqual([]);
    const items = (await inspector.listWorkItems(mapping.planeProjectId!))._unsafeUnwrap();
    expect(items.results).toEqual([]);
    const entries = (await harness.ledger.list({ outcome: 'skipped' })).filter(
      (entry) => entry.entity.model === 'project.task' && entry.entity.odooId === taskId,
    );
    expect(entries.map((entry) => entry.decision)).toEqual([
      expect.stringMatching(/^work item missing in Plane: Odoo task #\d+ "Pricing page v2"/),
      expect.stringMatching(/^work item still missing in Plane/),
    ]);
    const warnings = harness.notifier.notifications.filter(
      (notification) => notification.title === 'Work item missing in Plane',
    );
    expect(warnings).toHaveLength(1);
    expect(
      (await harness.store.get({ model: 'project.task', odooId: taskId }))?.shadow,
    ).toMatchObject({ missingInPlane: true });
  });
});
