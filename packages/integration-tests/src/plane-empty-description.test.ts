import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';

// Real Plane refuses `description_html: ""` with 400 {"non_field_errors": ["Invalid HTML passed"]} on create
// and PATCH (sync-traffic plane-ce-1.3.1-with-odoo-16.jsonl); most Odoo tasks have no description.
describe('a task without a description', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const inspector = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: harness.plane.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
  const projectId = harness.odoo.create('project.project', { name: 'Quiet project' });
  const bare = harness.odoo.create('project.task', { name: 'No words', project_id: projectId });
  const described = harness.odoo.create('project.task', {
    name: 'Some words',
    project_id: projectId,
    description: '<p>Context for the work</p>',
  });
  const engine = harness.createEngine();
  const workItemOf = async (odooId: number) => {
    const mapping = await harness.store.get({ model: 'project.task', odooId });
    return (
      await inspector.getWorkItem(mapping!.planeProjectId!, mapping!.planeId!)
    )._unsafeUnwrap();
  };

  it('is created in Plane, with Plane’s own empty description', async () => {
    const report = await engine.syncProjectTree(projectId);

    expect(report.isOk(), JSON.stringify(report)).toBe(true);
    expect((await workItemOf(bare)).descriptionHtml).toBe('<p></p>');
    expect((await workItemOf(described)).descriptionHtml).toBe('<p>Context for the work</p>');
  });

  it('clearing a description in Odoo updates Plane once, and a resync writes nothing', async () => {
    harness.odoo.write('project.task', [described], { description: false, name: 'Renamed' });
    harness.planeCalls.reset();

    const cleared = await engine.syncTask(described);
    const cleanWrites = harness.planeCalls.writes();
    harness.planeCalls.reset();
    const again = await engine.syncTask(described);
    const bareAgain = await engine.syncTask(bare);

    expect(cleared.isOk(), JSON.stringify(cleared)).toBe(true);
    expect(cleanWrites).toBe(1);
    expect(await workItemOf(described)).toMatchObject({
      name: 'Renamed',
      descriptionHtml: '<p></p>',
    });
    expect(again.isOk() && bareAgain.isOk()).toBe(true);
    expect(harness.planeCalls.writes()).toBe(0);
  });
});
