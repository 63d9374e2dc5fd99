import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';
import { seedPortfolio } from './seed.js';

describe('reconciliation', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const seeded = seedPortfolio(harness.odoo, harness.plane, {
    projects: 1,
    milestonesPerProject: 2,
    tasksPerProject: 8,
    subtaskEvery: 0,
    dependenciesPerProject: 2,
    users: 2,
  });
  const projectId = seeded.projectIds[0]!;
  const human = harness.plane.addUser({ email: 'person@example.com', displayName: 'person' });
  const engine = harness.createEngine();
  const person = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: human.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
  const [renamedInPlane, renamedInOdoo, movedInPlane, archived, deleted] = seeded.taskIds;
  let planeProjectId = '';
  const planeIdOf = async (odooId: number): Promise<string> =>
    (await harness.store.get({ model: 'project.task', odooId }))!.planeId!;

  beforeAll(async () => {
    (await engine.syncProjectTree(projectId))._unsafeUnwrap();
    planeProjectId = (await harness.store.get({ model: 'project.project', odooId: projectId }))!
      .planeId!;
    harness.plane.addProjectMember(planeProjectId, human.id);
    // Drift that no webhook told us about:
    (
      await person.updateWorkItem(planeProjectId, await planeIdOf(renamedInPlane!), {
        name: 'Renamed by a person',
      })
    )._unsafeUnwrap();
    harness.odoo.write('project.task', [renamedInOdoo!], { name: 'Renamed in Odoo' });
    const states = (await person.listStates(planeProjectId))._unsafeUnwrap();
    const started = states.find((state) => state.group === 'started')!;
    (
      await person.updateWorkItem(planeProjectId, await planeIdOf(movedInPlane!), {
        stateId: started.id,
      })
    )._unsafeUnwrap();
    harness.odoo.write('project.task', [archived!], { active: false });
    harness.odoo.unlink('project.task', [deleted!]);
    harness.odoo.create('project.task', { name: 'Never sent', project_id: projectId });
  });

  it('reports every kind of drift in a dry run, and writes nothing', async () => {
    harness.planeCalls.reset();
    harness.odooCalls.reset();

    const report = (await engine.reconcile({ dryRun: true }))._unsafeUnwrap();

    expect(harness.planeCalls.writes()).toBe(0);
    expect(harness.odooCalls.calls.length).toBeGreaterThan(0);
    const found = report.drift
      .map((item) => `${item.odooTaskId}:${item.field}:${item.repair}`)
      .sort();
    expect(found).toEqual(
      [
        `${renamedInPlane}:name:reported`,
        `${renamedInOdoo}:name:reported`,
        `${movedInPlane}:state:reported`,
        `${archived}:active:reported`,
        `${deleted}:active:reported`,
        `${Math.max(...seeded.taskIds) + 1}:work item:reported`,
      ].sort(),
    );
    // What each repair would be, and whose value wins: the dry run's report is the plan of the real run.
    const planned = report.drift
      .map((item) => `${item.odooTaskId}:${item.field}:${item.owner}:${item.action}`)
      .sort();
    expect(planned).toEqual(
      [
        `${renamedInPlane}:name:odoo:plane-updated`,
        `${renamedInOdoo}:name:odoo:plane-updated`,
        `${movedInPlane}:state:plane:odoo-updated`,
        `${archived}:active:odoo:marked`,
        `${deleted}:active:odoo:marked`,
        `${Math.max(...seeded.taskIds) + 1}:work item:odoo:created`,
      ].sort(),
    );
    // One list per cycle; every compared task is in a milestone, so those lists hold every work item and
    // the project's own list is not read.
    expect(report.planeReads).toBe(2);
  });

  it('repairs by ownership, marks archived and deleted tasks without deleting, and records its state', async () => {
    const report = (await engine.reconcile())._unsafeUnwrap();

    expect(report).toMatchObject({
      repaired: 3,
      markedArchived: 1,
      markedDeleted: 1,
      createdInPlane: 1,
    });
    expect(
      (await person.getWorkItem(planeProjectId, await planeIdOf(renamedInPlane!)))._unsafeUnwrap()
        .name,
    ).toBe(`Task 0.0`);
    expect(
      (await person.getWorkItem(planeProjectId, await planeIdOf(renamedInOdoo!)))._unsafeUnwrap()
        .name,
    ).toBe('Renamed in Odoo');
    expect(harness.odoo.read('project.task', [movedInPlane!], ['stage_id'])[0]?.stage_id).toEqual([
      expect.any(Number),
      'In Progress',
    ]);
    const deletedItem = (
      await person.getWorkItem(planeProjectId, await planeIdOf(deleted!))
    )._unsafeUnwrap();
    const labels = (await person.listLabels(planeProjectId))._unsafeUnwrap();
    expect(
      labels.filter((label) => deletedItem.labelIds.includes(label.id)).map((label) => label.name),
    ).toEqual(['deleted-in-odoo']);
    expect(await harness.syncState.get('reconciliation:last')).toMatchObject({
      status: 'ok',
      dryRun: false,
      drift: 6,
      repaired: 3,
    });
  });

  it('finds nothing and writes nothing once both systems agree', async () => {
    harness.planeCalls.reset();

    const report = (await engine.reconcile())._unsafeUnwrap();

    expect(report.drift).toEqual([]);
    expect(harness.planeCalls.writes()).toBe(0);
  });
});
