import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('a task moved to another Odoo project', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const inspector = harness.planeInspector();

  const newProject = (name: string) => {
    const projectId = harness.odoo.create('project.project', { name, allow_milestones: true });
    const milestoneId = harness.odoo.create('project.milestone', {
      name: `${name} beta`,
      project_id: projectId,
      deadline: '2026-03-31',
    });
    return { projectId, milestoneId };
  };
  const planeProjectOf = async (odooId: number): Promise<string> =>
    (await harness.store.get({ model: 'project.project', odooId }))!.planeId!;
  const labelNames = async (projectId: string, labelIds: readonly string[]) =>
    (await inspector.listLabels(projectId))
      ._unsafeUnwrap()
      .filter((label) => labelIds.includes(label.id))
      .map((label) => label.name);

  it('gets a new work item in the new project; the old one is labelled and commented, not deleted', async () => {
    const engine = harness.createEngine();
    const from = newProject('Website');
    const to = newProject('Mobile');
    const parentId = harness.odoo.create('project.task', {
      name: 'Epic',
      project_id: from.projectId,
    });
    const taskId = harness.odoo.create('project.task', {
      name: 'Copywriting',
      project_id: from.projectId,
      parent_id: parentId,
      milestone_id: from.milestoneId,
    });
    (await engine.syncProjectTree(from.projectId))._unsafeUnwrap();
    (await engine.syncProjectTree(to.projectId))._unsafeUnwrap();
    const before = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    const [fromPlane, toPlane] = [
      await planeProjectOf(from.projectId),
      await planeProjectOf(to.projectId),
    ];

    harness.odoo.write('project.task', [taskId], {
      project_id: to.projectId,
      parent_id: false,
      milestone_id: to.milestoneId,
    });
    const result = await engine.run({ kind: 'odoo-record', model: 'project.task', odooId: taskId });

    expect(result.isOk()).toBe(true);
    const after = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    expect(after).toMatchObject({ status: 'active', planeProjectId: toPlane });
    expect(after.planeId).not.toBe(before.planeId);
    const moved = (await inspector.getWorkItem(toPlane, after.planeId!))._unsafeUnwrap();
    expect(moved).toMatchObject({ name: 'Copywriting', externalId: String(taskId) });
    const cycleId = (await harness.store.get({
      model: 'project.milestone',
      odooId: to.milestoneId,
    }))!.planeId!;
    const inCycle = (await inspector.listCycleWorkItems(toPlane, cycleId))._unsafeUnwrap();
    expect(inCycle.map((item) => item.id)).toContain(after.planeId);

    const old = (await inspector.getWorkItem(fromPlane, before.planeId!))._unsafeUnwrap();
    expect(await labelNames(fromPlane, old.labelIds)).toEqual(['moved-in-odoo']);
    const comments = (await inspector.listComments(fromPlane, before.planeId!))._unsafeUnwrap();
    expect(comments.map((comment) => comment.commentHtml).join('\n')).toContain(after.planeId!);
    const ledger = await harness.ledger.list({
      correlationId: result._unsafeUnwrap().correlationId,
    });
    expect(ledger.map((entry) => entry.decision)).toContainEqual(
      expect.stringContaining('task moved to another Odoo project'),
    );
    expect(ledger.filter((entry) => entry.outcome === 'failed')).toEqual([]);
  });

  it('is followed by reconciliation when no webhook told the sync, and only once', async () => {
    const engine = harness.createEngine();
    const from = newProject('Backend');
    const to = newProject('Data');
    const taskId = harness.odoo.create('project.task', {
      name: 'Schema',
      project_id: from.projectId,
      milestone_id: from.milestoneId,
    });
    (await engine.syncProjectTree(from.projectId))._unsafeUnwrap();
    (await engine.syncProjectTree(to.projectId))._unsafeUnwrap();
    const before = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;

    harness.odoo.write('project.task', [taskId], {
      project_id: to.projectId,
      milestone_id: to.milestoneId,
    });
    const report = (
      await engine.reconcile({ scope: { odooProjectIds: [from.projectId, to.projectId] } })
    )._unsafeUnwrap();

    expect(report.failed).toEqual([]);
    expect(report.drift).toContainEqual(
      expect.objectContaining({ odooTaskId: taskId, field: 'project', repair: 'moved' }),
    );
    const after = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    expect(after.planeProjectId).toBe(await planeProjectOf(to.projectId));
    expect(after.planeId).not.toBe(before.planeId);
    const again = (
      await engine.reconcile({ scope: { odooProjectIds: [from.projectId, to.projectId] } })
    )._unsafeUnwrap();
    expect(again.drift).toEqual([]);
  });

  it('links the tasks that depend on it to its new work item in the same event, not at reconciliation', async () => {
    const engine = harness.createEngine();
    const from = newProject('Billing');
    const to = newProject('Payments');
    const blockerId = harness.odoo.create('project.task', {
      name: 'Tax rules',
      project_id: from.projectId,
    });
    const dependentId = harness.odoo.create('project.task', {
      name: 'Invoice PDF',
      project_id: from.projectId,
      depend_on_ids: [[6, 0, [blockerId]]],
    });
    (await engine.syncProjectTree(from.projectId))._unsafeUnwrap();
    (await engine.syncProjectTree(to.projectId))._unsafeUnwrap();
    const mappingOf = async (odooId: number) =>
      (await harness.store.get({ model: 'project.task', odooId }))!;
    const before = (await mappingOf(blockerId)).planeId!;
    const dependent = await mappingOf(dependentId);

    harness.odoo.write('project.task', [blockerId], { project_id: to.projectId });
    const result = await engine.run({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: blockerId,
    });

    expect(result.isOk()).toBe(true);
    const after = (await mappingOf(blockerId)).planeId!;
    const relations = (
      await inspector.listRelations(dependent.planeProjectId!, dependent.planeId!)
    )._unsafeUnwrap();
    // Plane CE cannot remove the relation to the old item; the new one is there beside it.
    expect([...relations.blockedBy].sort()).toEqual([before, after].sort());
    const report = (await engine.reconcile())._unsafeUnwrap();
    // (The tasks have no Odoo stage, so their state is drift of its own: not what this case is about.)
    expect(report.drift.filter((item) => item.field === 'dependencies')).toEqual([]);
  });
});
