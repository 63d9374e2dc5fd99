import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient, type PlaneWorkItem } from '@odoo-plane-sync/plane-client';
import { createHarness, type OdooVersion } from './harness.js';
import { seedPortfolio } from './seed.js';

const shape = {
  projects: 1,
  milestonesPerProject: 2,
  tasksPerProject: 6,
  subtaskEvery: 3,
  dependenciesPerProject: 3,
  users: 2,
};

describe.each([16, 17, 19] as const)('Odoo %i → Plane', (odooVersion: OdooVersion) => {
  const harness = createHarness({ odooVersion });
  const inspector = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: harness.plane.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const seeded = seedPortfolio(harness.odoo, harness.plane, shape);
  // One engine for the whole describe: its start-up capability probe is not part of what is measured.
  const engine = harness.createEngine();
  const projectId = seeded.projectIds[0]!;

  const planeItems = async (planeProjectId: string): Promise<readonly PlaneWorkItem[]> =>
    (await inspector.listWorkItems(planeProjectId, { perPage: 100 }))._unsafeUnwrap().results;

  it('creates the project, its cycles and every task with its fields, parents and relations', async () => {
    const report = (await engine.syncProjectTree(projectId))._unsafeUnwrap();

    expect(report.deferred).toBe(0);
    const projectMapping = await harness.store.get({ model: 'project.project', odooId: projectId });
    expect(projectMapping?.status).toBe('active');
    const planeProjectId = projectMapping!.planeId!;
    const project = (await inspector.getProject(planeProjectId))._unsafeUnwrap();
    expect(project.name).toBe('Programme 0 phase 1');
    expect(project.identifier).toBe('PROGRAMME0PH');
    expect(project.cycleView).toBe(true);

    const cycles = (await inspector.listCycles(planeProjectId))._unsafeUnwrap();
    expect(
      cycles.map((cycle) => [
        cycle.name,
        cycle.startDate?.slice(0, 10),
        cycle.endDate?.slice(0, 10),
      ]),
    ).toEqual([
      ['M1', '2026-01-05', '2026-03-28'],
      ['M2', '2026-03-29', '2026-06-28'],
    ]);

    const items = await planeItems(planeProjectId);
    expect(items).toHaveLength(6);
    const byName = new Map(items.map((item) => [item.name, item]));
    const first = byName.get('Task 0.0')!;
    expect(first.targetDate).toBe('2026-02-01');
    // Seeded priority '1': High (the star) on 16–18, Medium on 19's four-level scale.
    expect(first.priority).toBe(odooVersion >= 19 ? 'medium' : 'high');
    expect(first.assigneeIds).toHaveLength(1);
    expect(first.externalSource).toBe(`odoo:${harness.odoo.db}:project.task`);
    expect(byName.get('Task 0.2')!.parentId).toBe(byName.get('Task 0.1')!.id);

    const relations = (
      await inspector.listRelations(planeProjectId, byName.get('Task 0.1')!.id)
    )._unsafeUnwrap();
    expect(relations.blockedBy).toEqual([byName.get('Task 0.0')!.id]);

    const inFirstCycle = (
      await inspector.listCycleWorkItems(planeProjectId, cycles[0]!.id)
    )._unsafeUnwrap();
    expect(inFirstCycle.map((item) => item.name).sort()).toEqual([
      'Task 0.0',
      'Task 0.2',
      'Task 0.4',
    ]);
  });

  it('makes no Plane write on a second sync without Odoo changes', async () => {
    harness.planeCalls.reset();

    await engine.syncProjectTree(projectId);

    expect(harness.planeCalls.writes()).toBe(0);
  });

  it('writes only the field Odoo changed', async () => {
    const taskId = seeded.taskIds[0]!;
    harness.odoo.write('project.task', [taskId], { name: 'Task 0.0 (renamed)' });
    harness.planeCalls.reset();

    await engine.syncTask(taskId);

    const writes = harness.planeCalls.calls.filter((call) => call.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe('PATCH');
    const mapping = await harness.store.get({ model: 'project.task', odooId: taskId });
    const item = (
      await inspector.getWorkItem(mapping!.planeProjectId!, mapping!.planeId!)
    )._unsafeUnwrap();
    expect(item.name).toBe('Task 0.0 (renamed)');
  });
});
