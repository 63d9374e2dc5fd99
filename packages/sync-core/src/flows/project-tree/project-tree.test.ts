import { describe, expect, it } from 'vitest';
import type { OdooMilestone, OdooProject } from '../../domain.js';
import { createFlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryOdooGateway } from '../../testing/in-memory-odoo-gateway.js';
import { websiteProject, websiteTask } from '../../testing/odoo-record-fixtures.js';
import { keyOf } from '../mapping-keys.js';
import { readTreesInOdoo } from './read-trees.js';
import { syncTree } from './sync-tree.js';

const shop: OdooProject = { id: 5, name: 'Shop', userId: null, active: true };
const beta: OdooMilestone = {
  id: 11,
  name: 'Beta',
  projectId: { id: 4, name: 'Website' },
  deadline: '2026-04-30',
};
const inBeta = { milestoneId: { id: 11, name: 'Beta' } };
// The subtask comes first, so the tree must place its parent before it; task 9 is blocked by task 7.
const tasks = [
  websiteTask({ id: 8, name: 'Subtask', parentId: { id: 7, name: 'Write the copy' }, ...inBeta }),
  websiteTask({ id: 7, ...inBeta }),
  websiteTask({ id: 9, name: 'Publish', dependOnIds: [7] }),
  websiteTask({ id: 20, name: 'Checkout', projectId: { id: 5, name: 'Shop' } }),
];

describe('project trees', () => {
  it("reads several projects' trees with one call per model", async () => {
    const odoo = createInMemoryOdooGateway({
      projects: [websiteProject, shop],
      milestones: [beta],
      tasks,
    });

    const trees = (await readTreesInOdoo(odoo, [4, 5]))._unsafeUnwrap();

    expect(odoo.calls).toEqual(['readProjects', 'readMilestones', 'readTasks']);
    expect([...trees.projects.keys()]).toEqual([4, 5]);
    expect(trees.milestones.get(4)?.map((milestone) => milestone.id)).toEqual([11]);
    expect(trees.tasks.get(4)?.map((task) => task.id)).toEqual([7, 8, 9]);
    expect(trees.tasks.get(5)?.map((task) => task.id)).toEqual([20]);
  });

  it('syncs a tree: the project, its cycle, parents before subtasks, cycle membership, then relations', async () => {
    const context = createFlowTestContext();
    const websiteTasks = tasks.filter((task) => task.projectId?.id === 4);

    (await syncTree(context, websiteProject, [beta], websiteTasks))._unsafeUnwrap();

    const planeIdOf = async (model: 'project.task' | 'project.milestone', odooId: number) =>
      (await context.store.get(keyOf(model, odooId)))?.planeId;
    const [copy, subtask, publish, cycle] = await Promise.all([
      planeIdOf('project.task', 7),
      planeIdOf('project.task', 8),
      planeIdOf('project.task', 9),
      planeIdOf('project.milestone', 11),
    ]);
    const { state } = context.plane;
    expect(state.projects).toHaveLength(1);
    expect(state.cycles.map((each) => each.id)).toEqual([cycle]);
    const itemOf = (id: string | null | undefined) =>
      state.workItems.find((item) => item.id === id);
    expect(itemOf(subtask)).toMatchObject({ parentId: copy, cycleId: cycle });
    expect(itemOf(copy)).toMatchObject({ cycleId: cycle });
    expect(itemOf(publish)).toMatchObject({ cycleId: null });
    expect(state.blockedBy.get(publish!)).toEqual([copy]);
  });
});
