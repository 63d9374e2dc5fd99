import { describe, expect, it } from 'vitest';
import { createFlowTestContext, type FlowTestContext } from '../../testing/flow-test-context.js';
import { websiteProject, websiteTask } from '../../testing/odoo-record-fixtures.js';
import { keyOf } from '../mapping-keys.js';
import { syncMilestoneRecord } from '../milestone/sync-milestone.js';
import { syncProjectRecord } from '../project/sync-project.js';
import { syncTaskRecord } from './sync-task.js';

const project = websiteProject;
const task = websiteTask({ dateDeadline: { kind: 'date', value: '2026-03-20' } });
const external = { externalId: '7', externalSource: 'odoo:test:project.task' };

async function withProject(context: FlowTestContext) {
  const mapping = (
    await syncProjectRecord(context, project, { hasMilestones: true })
  )._unsafeUnwrap();
  context.plane.calls.length = 0;
  return { project: mapping, parent: null, cycle: null };
}

describe('syncTaskRecord', () => {
  it('creates the work item with its external id and the state of its stage', async () => {
    const context = createFlowTestContext();
    const neighbours = await withProject(context);

    const mapping = (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['listStates', 'createWorkItem']);
    const [item] = context.plane.state.workItems;
    const inProgress = (await context.plane.listStates(item!.projectId))
      ._unsafeUnwrap()
      .find((state) => state.group === 'started');
    expect(item).toMatchObject({
      name: 'Write the copy',
      targetDate: '2026-03-20',
      stateId: inProgress?.id,
      ...external,
    });
    expect(mapping).toMatchObject({ status: 'active', planeId: item?.id });
    expect((await context.ledger.list()).at(-1)?.decision).toBe('created work item');
  });

  it('makes no Plane call for an unchanged task, and reads Plane before patching a changed one', async () => {
    const context = createFlowTestContext();
    const neighbours = await withProject(context);
    (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();
    context.plane.calls.length = 0;

    (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();
    expect(context.plane.calls).toEqual([]);

    (
      await syncTaskRecord(context, { ...task, name: 'Write the copy (EN)' }, neighbours)
    )._unsafeUnwrap();
    expect(context.plane.calls).toEqual(['getWorkItem', 'updateWorkItem']);
    expect(context.plane.state.workItems[0]?.name).toBe('Write the copy (EN)');
  });

  it("reverts a person's Plane edit of an Odoo-owned field, logs the conflict and notifies", async () => {
    const context = createFlowTestContext();
    const neighbours = await withProject(context);
    const mapping = (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();
    await context.plane.updateWorkItem(mapping.planeProjectId!, mapping.planeId!, {
      name: 'Renamed in Plane',
    });
    const current = (
      await context.plane.getWorkItem(mapping.planeProjectId!, mapping.planeId!)
    )._unsafeUnwrap();

    (await syncTaskRecord(context, task, neighbours, current))._unsafeUnwrap();

    expect(context.plane.state.workItems[0]?.name).toBe('Write the copy');
    const last = (await context.ledger.list()).at(-1);
    expect(last).toMatchObject({
      outcome: 'conflict',
      decision: 'Odoo-owned fields edited in Plane: Odoo wins',
    });
    expect(context.notifier.notifications.map((notification) => notification.title)).toEqual([
      'Plane edit reverted: name',
    ]);
  });

  it('adopts the item a crashed creator made (pending mapping left), found by external id', async () => {
    const context = createFlowTestContext();
    const neighbours = await withProject(context);
    const planeProjectId = neighbours.project.planeId!;
    await context.plane.createWorkItem(planeProjectId, { name: 'Write the copy', ...external });
    const pending = (
      await context.store.put(
        {
          key: keyOf('project.task', 7),
          status: 'pending',
          planeId: null,
          planeProjectId,
          shadow: {},
          updatedAt: context.clock.now(),
        },
        null,
      )
    )._unsafeUnwrap();
    context.pendingRecordedHere.set('project.task:7', pending.version);
    context.plane.calls.length = 0;

    const mapping = (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();

    expect(context.plane.calls).not.toContain('createWorkItem');
    expect(context.plane.calls).toContain('findWorkItemByExternalId');
    expect(context.plane.state.workItems).toHaveLength(1);
    expect(mapping).toMatchObject({
      status: 'active',
      planeId: context.plane.state.workItems[0]?.id,
    });
    expect((await context.ledger.list()).map((entry) => entry.decision)).toContain(
      'adopted existing work item with the same external id',
    );
  });

  it("puts the work item into its milestone's cycle", async () => {
    const context = createFlowTestContext();
    const neighbours = await withProject(context);
    const cycle = (
      await syncMilestoneRecord(
        context,
        { id: 11, name: 'Beta', projectId: { id: 4, name: 'Website' }, deadline: '2026-04-30' },
        { name: 'Beta', startDate: '2026-04-01', endDate: '2026-04-30' },
        neighbours.project,
      )
    )._unsafeUnwrap();

    (
      await syncTaskRecord(
        context,
        { ...task, milestoneId: { id: 11, name: 'Beta' } },
        { ...neighbours, cycle },
      )
    )._unsafeUnwrap();

    expect(context.plane.state.workItems[0]?.cycleId).toBe(cycle.planeId);
  });
});

async function syncedTask(context: FlowTestContext) {
  const neighbours = await withProject(context);
  (await syncTaskRecord(context, task, neighbours))._unsafeUnwrap();
  return neighbours;
}

/** A person deletes the work item in Plane (Plane CE answers 404 for it from then on: fixture 047). */
function deleteInPlane(context: FlowTestContext) {
  const [item] = context.plane.state.workItems.splice(0, 1);
  if (item === undefined) throw new Error('no work item to delete');
  return item;
}

describe('an Odoo edit of a task whose work item was deleted in Plane', () => {
  it('is reported once as missing in Plane, neither failed nor recreated', async () => {
    const context = createFlowTestContext();
    const neighbours = await syncedTask(context);
    deleteInPlane(context);

    const first = await syncTaskRecord(context, { ...task, name: 'Copy v2' }, neighbours);
    const second = await syncTaskRecord(context, { ...task, name: 'Copy v3' }, neighbours);

    expect(first.isOk() && second.isOk()).toBe(true);
    expect(context.plane.state.workItems).toEqual([]);
    expect(context.plane.calls.filter((call) => call === 'createWorkItem')).toHaveLength(1);
    const mapping = await context.store.get(keyOf('project.task', task.id));
    expect(mapping?.shadow.missingInPlane).toBe(true);
    const decisions = (await context.ledger.list()).slice(-2);
    expect(decisions.map((entry) => [entry.outcome, entry.decision.split(':')[0]])).toEqual([
      ['skipped', 'work item missing in Plane'],
      ['skipped', "work item still missing in Plane; Odoo's change is not applied"],
    ]);
    const warnings = context.notifier.notifications.filter(
      (n) => n.title === 'Work item missing in Plane',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain('restore the work item in Plane');
  });

  it('syncs again once the work item is restored in Plane, and drops the flag', async () => {
    const context = createFlowTestContext();
    const neighbours = await syncedTask(context);
    const item = deleteInPlane(context);
    (await syncTaskRecord(context, { ...task, name: 'Copy v2' }, neighbours))._unsafeUnwrap();

    context.plane.state.workItems.push(item);
    const restored = await syncTaskRecord(context, { ...task, name: 'Copy v3' }, neighbours);

    expect(restored._unsafeUnwrap().shadow.missingInPlane).toBeUndefined();
    expect(context.plane.state.workItems[0]?.name).toBe('Copy v3');
    expect((await context.ledger.list()).at(-1)?.outcome).toBe('applied');
  });
});
