import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';

function inspectorOf(harness: ReturnType<typeof createHarness>) {
  return createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: harness.plane.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
}

describe.each([16, 17, 19] as const)('Odoo %i → Plane flows', (odooVersion) => {
  const harness = createHarness({ odooVersion, ppm: true });
  const inspector = inspectorOf(harness);
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const email = 'lead@example.com';
  const leadId = harness.odoo.create('res.users', { name: 'Lead', login: email, email });
  harness.plane.addUser({ email, displayName: 'lead' });
  const strangerId = harness.odoo.create('res.users', {
    name: 'Stranger',
    login: 'stranger@example.com',
    email: 'stranger@example.com',
  });
  const projectId = harness.odoo.create('project.project', {
    name: 'Ship It',
    user_id: leadId,
    wbs_code: 'SH-1',
  });

  it('takes the identifier from the WBS code and the lead from the manager', async () => {
    const engine = harness.createEngine();

    await engine.syncProject(projectId);

    const mapping = await harness.store.get({ model: 'project.project', odooId: projectId });
    const project = (await inspector.getProject(mapping!.planeId!))._unsafeUnwrap();
    expect(project.identifier).toBe('SH1');
    expect(project.description).toContain('WBS: SH-1');
  });

  it('leaves assignees untouched for an Odoo user without a Plane user, and says so once', async () => {
    const engine = harness.createEngine();
    const taskId = harness.odoo.create('project.task', {
      name: 'Mixed team',
      project_id: projectId,
      user_ids: [[6, 0, [leadId, strangerId]]],
    });
    const other = harness.odoo.create('project.task', {
      name: 'Stranger again',
      project_id: projectId,
      user_ids: [[6, 0, [strangerId]]],
    });

    await engine.syncTask(taskId);
    await engine.syncTask(other);

    const mapping = await harness.store.get({ model: 'project.task', odooId: taskId });
    const item = (
      await inspector.getWorkItem(mapping!.planeProjectId!, mapping!.planeId!)
    )._unsafeUnwrap();
    expect(item.assigneeIds).toEqual([]);
    expect(
      harness.notifier.notifications.filter(
        (notification) => notification.dedupeKey === `unmapped-user:${strangerId}`,
      ),
    ).toHaveLength(1);
  });

  it('ships: Done state, shipped and deployed labels, and one comment even when the event repeats', async () => {
    const engine = harness.createEngine();
    const taskId = harness.odoo.create('project.task', {
      name: 'Release 1.0',
      project_id: projectId,
      user_ids: [[6, 0, [leadId]]],
    });
    await engine.syncTask(taskId);
    const deploymentId = harness.odoo.create('project.task', {
      name: 'Deployment record',
      project_id: projectId,
    });
    harness.odoo.write('project.task', [taskId], {
      is_shipped: true,
      shipped_at: '2026-01-05 12:00:00',
      deployment_ids: [[6, 0, [deploymentId]]],
    });

    await engine.syncTask(taskId);
    // A retried ship event after a lost acknowledgement: the shadow is reset as a crash would leave it.
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    await harness.store.put(
      { ...mapping, shadow: { ...mapping.shadow, shipped: false } },
      mapping.version,
    );
    await harness.createEngine().syncTask(taskId);

    const item = (
      await inspector.getWorkItem(mapping.planeProjectId!, mapping.planeId!)
    )._unsafeUnwrap();
    const states = (await inspector.listStates(mapping.planeProjectId!))._unsafeUnwrap();
    const labels = (await inspector.listLabels(mapping.planeProjectId!))._unsafeUnwrap();
    expect(states.find((state) => state.id === item.stateId)?.group).toBe('completed');
    expect(
      labels
        .filter((label) => item.labelIds.includes(label.id))
        .map((label) => [label.name, label.color])
        .sort(),
    ).toEqual([
      ['deployed', '#3b82f6'],
      ['shipped', '#22c55e'],
    ]);
    const comments = (
      await inspector.listComments(mapping.planeProjectId!, mapping.planeId!)
    )._unsafeUnwrap();
    expect(comments.filter((comment) => comment.commentHtml.includes('Shipped at'))).toHaveLength(
      1,
    );
  });

  it('syncs the project first when a milestone arrives before it', async () => {
    const engine = harness.createEngine();
    const lateProject = harness.odoo.create('project.project', {
      name: 'Late',
      allow_milestones: true,
    });
    const milestoneId = harness.odoo.create('project.milestone', {
      name: 'Kick-off',
      project_id: lateProject,
      deadline: '2026-02-27',
    });

    const report = await engine.syncMilestone(milestoneId);

    expect(report.isOk()).toBe(true);
    expect(
      (await harness.store.get({ model: 'project.project', odooId: lateProject }))?.status,
    ).toBe('active');
    const cycle = await harness.store.get({ model: 'project.milestone', odooId: milestoneId });
    expect(cycle?.shadow).toEqual({
      name: 'Kick-off',
      startDate: '2026-02-13',
      endDate: '2026-02-27',
    });
  });

  it('picks a free identifier when the name-based one is taken', async () => {
    const engine = harness.createEngine();
    const first = harness.odoo.create('project.project', { name: 'Atlas' });
    const second = harness.odoo.create('project.project', { name: 'Atlas!' });

    await engine.syncProject(first);
    await engine.syncProject(second);

    const identifiers = await Promise.all(
      [first, second].map(async (odooId) => {
        const mapping = await harness.store.get({ model: 'project.project', odooId });
        return (await inspector.getProject(mapping!.planeId!))._unsafeUnwrap().identifier;
      }),
    );
    expect(identifiers).toEqual(['ATLAS', 'ATLAS2']);
  });

  it('records a dependency Odoo dropped but Plane CE cannot remove, and notifies once', async () => {
    const engine = harness.createEngine();
    const blocker = harness.odoo.create('project.task', { name: 'Blocker', project_id: projectId });
    const blocked = harness.odoo.create('project.task', {
      name: 'Blocked',
      project_id: projectId,
      depend_on_ids: [[6, 0, [blocker]]],
    });
    await engine.syncTask(blocker);
    await engine.syncTask(blocked);
    harness.odoo.write('project.task', [blocked], { depend_on_ids: [[5, 0, 0]] });

    await engine.syncTask(blocked);
    await engine.syncTask(blocked);

    const skipped = await harness.ledger.list({ outcome: 'skipped' });
    expect(skipped.some((entry) => entry.decision.includes('cannot remove relations'))).toBe(true);
    expect(
      harness.notifier.notifications.filter((notification) =>
        notification.dedupeKey.startsWith('relation-removal:'),
      ),
    ).toHaveLength(1);
  });

  it('marks, never deletes, a work item whose task Odoo archived or deleted', async () => {
    const engine = harness.createEngine();
    const archivedId = harness.odoo.create('project.task', {
      name: 'To archive',
      project_id: projectId,
    });
    const deletedId = harness.odoo.create('project.task', {
      name: 'To delete',
      project_id: projectId,
    });
    await engine.syncTask(archivedId);
    await engine.syncTask(deletedId);
    harness.odoo.write('project.task', [archivedId], { active: false });
    harness.odoo.unlink('project.task', [deletedId]);

    const archived = await engine.run({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: archivedId,
    });
    const deleted = await engine.run({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: deletedId,
    });

    expect(archived.isOk() && deleted.isOk()).toBe(true);
    const labelsOf = async (odooId: number): Promise<string[]> => {
      const mapping = (await harness.store.get({ model: 'project.task', odooId }))!;
      const item = (
        await inspector.getWorkItem(mapping.planeProjectId!, mapping.planeId!)
      )._unsafeUnwrap();
      const labels = (await inspector.listLabels(mapping.planeProjectId!))._unsafeUnwrap();
      return labels.filter((label) => item.labelIds.includes(label.id)).map((label) => label.name);
    };
    expect(await labelsOf(archivedId)).toEqual(['archived-in-odoo']);
    expect(await labelsOf(deletedId)).toEqual(['deleted-in-odoo']);
  });
});
