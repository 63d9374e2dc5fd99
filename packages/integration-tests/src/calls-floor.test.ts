import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { seedPortfolio } from './seed.js';

const path = (url: string) => new URL(url).pathname.replace(/[0-9a-f-]{36}/g, ':id');

describe('Plane calls of a portfolio sync', () => {
  let harness: Harness;
  beforeEach(() => {
    harness = createHarness({ odooVersion: 17 });
    harness.listen();
  });
  afterEach(() => harness.close());

  const seed = () =>
    seedPortfolio(harness.odoo, harness.plane, {
      projects: 3,
      milestonesPerProject: 1,
      tasksPerProject: 8,
      subtaskEvery: 4,
      dependenciesPerProject: 3,
      users: 3,
    });

  it('lists Plane projects once per engine, and no members of a project it created', async () => {
    const seeded = seed();
    const engine = harness.createEngine({
      config: { plane: { workspaceSlug: harness.plane.workspaceSlug, edition: 'community' } },
    });
    for (const projectId of seeded.projectIds)
      expect((await engine.syncProjectTree(projectId)).isOk()).toBe(true);

    const reads = harness.planeCalls.calls
      .filter((call) => call.method === 'GET')
      .map((call) => path(call.url));
    expect(reads.filter((read) => read === '/api/v1/workspaces/acme/projects/')).toHaveLength(1);
    expect(reads.filter((read) => read.endsWith('/members/') && read.includes(':id'))).toEqual([]);
    // The edition is configured: no relation-removal probe.
    expect(
      harness.planeCalls.calls.filter((call) => call.url.includes('/relations/remove/')),
    ).toEqual([]);
    const plane = harness.planeInspector();
    const projects = (await plane.listProjects())._unsafeUnwrap();
    expect(projects).toHaveLength(seeded.projectIds.length);
  });

  it('makes no Plane call when the tree is synced again unchanged, even after the caches expired', async () => {
    const seeded = seed();
    const engine = harness.createEngine();
    for (const projectId of seeded.projectIds)
      expect((await engine.syncProjectTree(projectId)).isOk()).toBe(true);
    await harness.clock.advance(60 * 60_000);
    harness.planeCalls.reset();

    for (const projectId of seeded.projectIds)
      expect((await engine.syncProjectTree(projectId)).isOk()).toBe(true);

    expect(harness.planeCalls.calls).toEqual([]);
  });

  it('still adds a new assignee to the project before writing it on a resync', async () => {
    const seeded = seed();
    const engine = harness.createEngine();
    for (const projectId of seeded.projectIds)
      expect((await engine.syncProjectTree(projectId)).isOk()).toBe(true);
    const email = 'newcomer@example.com';
    const newcomer = harness.odoo.create('res.users', { name: 'Newcomer', login: email, email });
    harness.plane.addUser({ email, displayName: 'newcomer' });
    const taskId = seeded.taskIds[0]!;
    harness.odoo.write('project.task', [taskId], { user_ids: [[4, newcomer]] });
    await harness.clock.advance(60 * 60_000);

    expect((await engine.syncTask(taskId)).isOk()).toBe(true);

    const mapping = await harness.store.get({ model: 'project.task', odooId: taskId });
    const plane = harness.planeInspector();
    const item = (
      await plane.getWorkItem(mapping!.planeProjectId!, mapping!.planeId!)
    )._unsafeUnwrap();
    const members = (await plane.listProjectMembers(mapping!.planeProjectId!))._unsafeUnwrap();
    const newcomerPlaneId = members.find((member) => member.email === email)?.id;
    expect(newcomerPlaneId).toBeDefined();
    expect(item.assigneeIds).toContain(newcomerPlaneId);
  });

  it('reads Odoo in three calls, and Plane not at all, when every tree is synced again unchanged', async () => {
    const seeded = seed();
    const engine = harness.createEngine();
    expect((await engine.syncProjectTrees(seeded.projectIds)).isOk()).toBe(true);
    harness.planeCalls.reset();
    harness.odooCalls.reset();

    const reports = (await engine.syncProjectTrees(seeded.projectIds))._unsafeUnwrap();

    // The projects, their milestones and their tasks: one search_read each, across every project.
    expect(harness.odooCalls.calls).toHaveLength(3);
    expect(harness.planeCalls.calls).toEqual([]);
    expect(reports).toHaveLength(seeded.projectIds.length);
    expect(reports.every((report) => report.applied === 0 && report.unchanged > 0)).toBe(true);
  });

  it('reconciles the portfolio with one Odoo read and one Plane list per cycle', async () => {
    const seeded = seed();
    const engine = harness.createEngine({
      config: { plane: { workspaceSlug: harness.plane.workspaceSlug, edition: 'community' } },
    });
    expect((await engine.syncProjectTrees(seeded.projectIds)).isOk()).toBe(true);
    harness.planeCalls.reset();
    harness.odooCalls.reset();

    const report = (await engine.reconcile())._unsafeUnwrap();

    expect(report.checked).toBe(seeded.taskIds.length);
    expect(report.drift).toEqual([]);
    expect(harness.odooCalls.calls).toHaveLength(1);
    // Every task is in a milestone: the cycles' lists hold every work item to compare.
    expect(harness.planeCalls.calls.map((call) => path(call.url))).toEqual(
      seeded.milestoneIds.map(
        () => '/api/v1/workspaces/acme/projects/:id/cycles/:id/cycle-issues/',
      ),
    );
    expect({ planeReads: report.planeReads, odooReads: report.odooReads }).toEqual({
      planeReads: seeded.milestoneIds.length,
      odooReads: 1,
    });
  });

  it("reads a project's work items at Plane CE's largest page when a task is in no milestone", async () => {
    const seeded = seed();
    const engine = harness.createEngine({
      config: { plane: { workspaceSlug: harness.plane.workspaceSlug, edition: 'community' } },
    });
    const outsideCycles = seeded.taskIds[0]!;
    harness.odoo.write('project.task', [outsideCycles], { milestone_id: false });
    expect((await engine.syncProjectTrees(seeded.projectIds)).isOk()).toBe(true);
    const mapping = await harness.store.get({ model: 'project.task', odooId: outsideCycles });
    (
      await harness
        .planeInspector()
        .updateWorkItem(mapping!.planeProjectId!, mapping!.planeId!, { name: 'Renamed in Plane' })
    )._unsafeUnwrap();
    harness.planeCalls.reset();

    const report = (await engine.reconcile())._unsafeUnwrap();

    const lists = harness.planeCalls.calls.filter((call) =>
      path(call.url).endsWith('/work-items/'),
    );
    expect(lists.map((call) => new URL(call.url).searchParams.get('per_page'))).toEqual(['1000']);
    expect(report.drift).toEqual([
      expect.objectContaining({
        odooTaskId: outsideCycles,
        field: 'name',
        repair: 'plane-updated',
      }),
    ]);
  });
});
