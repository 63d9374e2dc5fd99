import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import type { SyncConfigInput } from '@odoo-plane-sync/sync-core';
import { createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createHarness, type Harness } from './harness.js';
import { createPlanePerson } from './plane-person.js';

function inspectorOf(harness: Harness) {
  return createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: harness.plane.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
}

/** The work item of a task as Plane has it: its state group, label names and "Shipped at" comments. */
async function planeSideOf(harness: Harness, taskId: number) {
  const inspector = inspectorOf(harness);
  const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
  const projectId = mapping.planeProjectId!;
  const item = (await inspector.getWorkItem(projectId, mapping.planeId!))._unsafeUnwrap();
  const states = (await inspector.listStates(projectId))._unsafeUnwrap();
  const labels = (await inspector.listLabels(projectId))._unsafeUnwrap();
  const comments = (await inspector.listComments(projectId, mapping.planeId!))._unsafeUnwrap();
  return {
    group: states.find((state) => state.id === item.stateId)?.group,
    labels: labels
      .filter((label) => item.labelIds.includes(label.id))
      .map((label) => label.name)
      .sort(),
    shipComments: comments
      .map((comment) => comment.commentHtml)
      .filter((html) => html.includes('Shipped at')),
  };
}

describe.each([16, 17, 19] as const)('ship signal on Odoo %i', (odooVersion) => {
  // The custom fields a small module (or Studio) adds; stock Odoo has no ship field at all.
  const harness = createHarness({
    odooVersion,
    customFields: {
      'project.task': {
        x_shipped: { type: 'boolean', string: 'Shipped' },
        x_shipped_at: { type: 'datetime', string: 'Shipped At' },
      },
    },
  });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const projectId = harness.odoo.create('project.project', { name: 'Releases' });
  const stage = (name: string, sequence: number) =>
    harness.odoo.create('project.task.type', {
      name,
      sequence,
      project_ids: [[6, 0, [projectId]]],
    });
  const inProgress = stage('In Progress', 0);
  const shippedStage = stage('Shipped', 1);
  const shippedTag = harness.odoo.create('project.tags', { name: 'shipped' });
  const deployedTag = harness.odoo.create('project.tags', { name: 'deployed' });
  const engineWith = (ship: SyncConfigInput['ship']) => {
    const logger = createMemoryLogger();
    return { engine: harness.createEngine({ config: { ship }, logger }), logger };
  };
  const newTask = (name: string) =>
    harness.odoo.create('project.task', { name, project_id: projectId, stage_id: inProgress });

  it('ships on a boolean field: Done, the shipped label and one comment with the field time', async () => {
    const { engine, logger } = engineWith({
      signal: { field: 'x_shipped' },
      shippedAt: { field: 'x_shipped_at' },
    });
    const taskId = newTask('Release by field');
    (await engine.syncTask(taskId))._unsafeUnwrap();
    harness.odoo.write('project.task', [taskId], {
      x_shipped: true,
      x_shipped_at: '2026-01-05 12:00:00',
    });

    (await engine.syncTask(taskId))._unsafeUnwrap();
    (await engine.syncTask(taskId))._unsafeUnwrap();

    expect(await planeSideOf(harness, taskId)).toEqual({
      group: 'completed',
      labels: ['shipped'],
      shipComments: [`<p>Shipped at 2026-01-05T12:00:00.000Z (from Odoo task #${taskId}).</p>`],
    });
    expect(logger.records).toContainEqual({
      level: 'info',
      message: 'ship signal detected',
      fields: {
        shipSignal: 'shipped: field x_shipped; deployed: off; shipped at: field x_shipped_at',
      },
    });
  });

  it('ships on a stage, at the time the move was seen, and Plane "Done" never moves a task there', async () => {
    const { engine } = engineWith({ signal: { stage: 'Shipped' } });
    const taskId = newTask('Release by stage');
    (await engine.syncTask(taskId))._unsafeUnwrap();
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    await createPlanePerson(harness, 'dev@example.com').moveTo(engine, mapping, 'Done');
    const afterPlaneDone = harness.odoo.read('project.task', [taskId], ['stage_id'])[0]?.stage_id;

    await harness.clock.advance(60_000);
    harness.odoo.write('project.task', [taskId], { stage_id: shippedStage });
    (await engine.syncTask(taskId))._unsafeUnwrap();

    expect(afterPlaneDone).toEqual([inProgress, 'In Progress']);
    expect(await planeSideOf(harness, taskId)).toEqual({
      group: 'completed',
      labels: ['shipped'],
      shipComments: [
        `<p>Shipped at ${new Date(harness.clock.now()).toISOString()} (from Odoo task #${taskId}).</p>`,
      ],
    });
  });

  it('ships on a tag, with the deployed label from a second tag', async () => {
    const { engine } = engineWith({ signal: { tag: 'shipped' }, deployed: { tag: 'deployed' } });
    const taskId = newTask('Release by tag');
    (await engine.syncTask(taskId))._unsafeUnwrap();
    harness.odoo.write('project.task', [taskId], { tag_ids: [[6, 0, [shippedTag, deployedTag]]] });

    (await engine.syncTask(taskId))._unsafeUnwrap();

    const planeSide = await planeSideOf(harness, taskId);
    expect(planeSide.group).toBe('completed');
    expect(planeSide.labels).toEqual(['deployed', 'shipped']);
    expect(planeSide.shipComments).toHaveLength(1);
  });

  it('turns ship events off, saying why, when the configured field is not a boolean of the server', async () => {
    const { engine, logger } = engineWith({ signal: { field: 'x_shipped_at' } });

    (await engine.start())._unsafeUnwrap();

    const warning = logger.records.find((entry) => entry.message === 'ship events are off');
    expect(warning?.fields?.reason).toBe(
      'project.task.x_shipped_at is a datetime field, not a boolean',
    );
  });

  it('finds a boolean x_shipped field by itself (auto)', async () => {
    const { engine } = engineWith(undefined);

    (await engine.start())._unsafeUnwrap();

    expect(await harness.syncState.get('ship-signal')).toMatchObject({
      shipped: { kind: 'field', field: 'x_shipped' },
      summary: 'shipped: field x_shipped; deployed: off; shipped at: time seen',
    });
  });
});

describe.each([16, 17, 19] as const)('stock Odoo %i without a ship signal', (odooVersion) => {
  const harness = createHarness({ odooVersion });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  it('turns ship events off and says so at start-up; a "Shipped" stage or tag ships nothing', async () => {
    const logger = createMemoryLogger();
    const engine = harness.createEngine({ logger });
    const projectId = harness.odoo.create('project.project', { name: 'Stock' });
    const shipped = harness.odoo.create('project.task.type', {
      name: 'Shipped',
      project_ids: [[6, 0, [projectId]]],
    });
    const tag = harness.odoo.create('project.tags', { name: 'shipped' });
    const taskId = harness.odoo.create('project.task', {
      name: 'Looks shipped',
      project_id: projectId,
      stage_id: shipped,
      tag_ids: [[6, 0, [tag]]],
    });

    (await engine.syncTask(taskId))._unsafeUnwrap();

    const warning = logger.records.find((entry) => entry.message === 'ship events are off');
    expect(warning?.level).toBe('warn');
    expect(String(warning?.fields?.reason)).toContain('stock Odoo has none');
    expect(await harness.syncState.get('ship-signal')).toMatchObject({
      shipped: { kind: 'off' },
    });
    const planeSide = await planeSideOf(harness, taskId);
    expect(planeSide.labels).toEqual([]);
    expect(planeSide.shipComments).toEqual([]);
  });
});
