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
});
