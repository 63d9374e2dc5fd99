import { describe, expect, it } from 'vitest';
import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import { createFlowTestContext, type FlowTestContext } from '../../testing/flow-test-context.js';
import { keyOf } from '../mapping-keys.js';
import { syncTaskRelations } from './sync-relations.js';

const task: OdooTask = {
  id: 7,
  name: 'Launch',
  descriptionHtml: null,
  projectId: { id: 4, name: 'Website' },
  stage: null,
  userIds: [],
  parentId: null,
  milestoneId: null,
  dependOnIds: [8],
  priority: '0',
  dateDeadline: null,
  active: true,
};

async function mapTask(
  context: FlowTestContext,
  odooId: number,
  planeId: string,
  shadow: Mapping['shadow'] = {},
): Promise<Mapping> {
  const stored = await context.store.put(
    {
      key: keyOf('project.task', odooId),
      status: 'active',
      planeId,
      planeProjectId: 'project-1',
      shadow,
      updatedAt: 0,
    },
    null,
  );
  return stored._unsafeUnwrap();
}

describe('syncTaskRelations', () => {
  it('adds the Odoo dependency as a blocked_by relation once, and keeps it in the shadow', async () => {
    const context = createFlowTestContext();
    await mapTask(context, 8, 'item-8');
    const mapping = await mapTask(context, 7, 'item-7');

    const synced = (await syncTaskRelations(context, task, mapping))._unsafeUnwrap();
    const again = (await syncTaskRelations(context, task, synced))._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['createRelation']);
    expect(context.plane.state.blockedBy.get('item-7')).toEqual(['item-8']);
    expect(again.shadow.blockedBy).toEqual(['item-8']);
  });

  it('defers a blocker that is not mapped yet instead of dropping it', async () => {
    const context = createFlowTestContext();
    const mapping = await mapTask(context, 7, 'item-7');

    (await syncTaskRelations(context, task, mapping))._unsafeUnwrap();

    expect(context.plane.calls).toEqual([]);
    expect(await context.ledger.list()).toEqual([
      expect.objectContaining({
        outcome: 'deferred',
        decision: 'blockers not mapped yet; relations deferred',
        detail: { odooTaskIds: [8] },
      }),
    ]);
  });

  it('keeps a relation Plane CE cannot remove, records it and asks people once to remove it', async () => {
    const context = createFlowTestContext();
    await mapTask(context, 8, 'item-8');
    const mapping = await mapTask(context, 7, 'item-7', { blockedBy: ['item-8'] });
    const independent = { ...task, dependOnIds: [] };

    const kept = (await syncTaskRelations(context, independent, mapping))._unsafeUnwrap();
    (await syncTaskRelations(context, independent, kept))._unsafeUnwrap();

    expect(context.plane.calls).toEqual([]);
    expect(kept.shadow.blockedBy).toEqual(['item-8']);
    expect(context.notifier.notifications.map((notification) => notification.title)).toEqual([
      'Remove a Plane relation by hand',
    ]);
  });
});
