import { describe, expect, it } from 'vitest';
import type { OdooProject } from '../../domain.js';
import { createFlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryOdooGateway } from '../../testing/in-memory-odoo-gateway.js';
import { websiteTask } from '../../testing/odoo-record-fixtures.js';
import { syncProjectRecord } from '../project/sync-project.js';
import { syncTaskRecord } from '../task/sync-task.js';
import { syncFromPlaneChange } from './from-plane-job.js';

const project: OdooProject = {
  id: 4,
  name: 'Website',
  userId: { id: 2, name: 'Mia Manager' },
  active: true,
};
const task = websiteTask({
  descriptionHtml: null,
  stage: { id: 1, name: 'New' },
  stateRaw: '01_in_progress',
});
const stages = [
  { id: 1, name: 'New' },
  { id: 2, name: 'In Progress' },
  { id: 3, name: 'Done' },
];

/** A task mapped to a work item in both twins, as after its first sync. */
async function mappedTask() {
  const odoo = createInMemoryOdooGateway({ projects: [project], tasks: [task], stages });
  const context = createFlowTestContext({ odoo });
  const projectMapping = (
    await syncProjectRecord(context, project, { hasMilestones: false })
  )._unsafeUnwrap();
  const mapping = (
    await syncTaskRecord(context, task, { project: projectMapping, parent: null, cycle: null })
  )._unsafeUnwrap();
  const change = {
    planeProjectId: mapping.planeProjectId!,
    planeWorkItemId: mapping.planeId!,
    mapping,
    entity: { model: 'project.task', odooId: 7, planeId: mapping.planeId! } as const,
  };
  context.plane.calls.length = 0;
  odoo.calls.length = 0;
  return { context, odoo, mapping, change };
}

describe('syncFromPlaneChange', () => {
  it("drops the bot's own change before any call", async () => {
    const { context, odoo, change } = await mappedTask();

    (await syncFromPlaneChange(context, { ...change, actorId: 'plane-bot' }))._unsafeUnwrap();

    expect([...context.plane.calls, ...odoo.calls]).toEqual([]);
    expect((await context.ledger.list()).at(-1)?.decision).toBe(
      'change made by the sync itself (bot actor)',
    );
  });

  it('never creates an Odoo task for a work item without an Odoo origin', async () => {
    const { context, odoo, change } = await mappedTask();

    (
      await syncFromPlaneChange(context, {
        ...change,
        mapping: null,
        entity: { model: 'plane', planeId: 'item-x' },
      })
    )._unsafeUnwrap();

    expect([...context.plane.calls, ...odoo.calls]).toEqual([]);
    expect((await context.ledger.list()).at(-1)).toMatchObject({ outcome: 'skipped' });
  });

  it('moves the Odoo stage when Plane completes the item, and asks the manager for a ship review once', async () => {
    const { context, odoo, mapping, change } = await mappedTask();
    const done = (await context.plane.listStates(mapping.planeProjectId!))
      ._unsafeUnwrap()
      .find((state) => state.group === 'completed');
    await context.plane.updateWorkItem(mapping.planeProjectId!, mapping.planeId!, {
      stateId: done!.id,
    });

    (await syncFromPlaneChange(context, change))._unsafeUnwrap();
    (await syncFromPlaneChange(context, change))._unsafeUnwrap();

    expect(odoo.state.writes).toEqual([
      { model: 'project.task', ids: [7], values: { stage_id: 3, state: '1_done' } },
    ]);
    expect(odoo.state.messages).toHaveLength(1);
    expect(odoo.state.activities).toEqual([expect.objectContaining({ resId: 7, userId: 2 })]);
    expect(odoo.state.tasks[0]?.stage).toEqual({ id: 3, name: 'Done' });
  });
});
