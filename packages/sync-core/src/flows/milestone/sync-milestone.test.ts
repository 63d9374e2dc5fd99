import { describe, expect, it } from 'vitest';
import type { OdooMilestone, OdooProject } from '../../domain.js';
import { createFlowTestContext, type FlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryPlaneGateway } from '../../testing/in-memory-plane-gateway.js';
import { syncProjectRecord } from '../project/sync-project.js';
import { syncMilestoneRecord } from './sync-milestone.js';

const project: OdooProject = { id: 4, name: 'Website', userId: null, active: true };
const milestone: OdooMilestone = {
  id: 11,
  name: 'Beta',
  projectId: { id: 4, name: 'Website' },
  deadline: '2026-04-30',
};
const desired = { name: 'Beta', startDate: '2026-04-01', endDate: '2026-04-30' };

async function mappedProject(context: FlowTestContext, hasMilestones: boolean) {
  const mapping = (await syncProjectRecord(context, project, { hasMilestones }))._unsafeUnwrap();
  context.plane.calls.length = 0;
  return mapping;
}

describe('syncMilestoneRecord', () => {
  it('creates the cycle with its external id, then makes no call while nothing changes', async () => {
    const context = createFlowTestContext();
    const projectMapping = await mappedProject(context, true);

    const mapping = (
      await syncMilestoneRecord(context, milestone, desired, projectMapping)
    )._unsafeUnwrap();
    const again = (
      await syncMilestoneRecord(context, milestone, desired, projectMapping)
    )._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['createCycle']);
    expect(context.plane.state.cycles).toEqual([
      expect.objectContaining({
        name: 'Beta',
        externalId: '11',
        externalSource: 'odoo:test:project.milestone',
      }),
    ]);
    expect(again).toEqual(mapping);
    expect((await context.ledger.list()).map((entry) => entry.decision)).toEqual([
      'created Plane project WEBSITE',
      'created cycle',
      'no change',
    ]);
  });

  it('adopts the cycle Plane already holds for the milestone (409 on the external id) with its dates', async () => {
    const plane = createInMemoryPlaneGateway();
    const context = createFlowTestContext({ plane });
    const projectMapping = await mappedProject(context, true);
    await plane.createCycle(projectMapping.planeId!, {
      name: 'Beta',
      startDate: '2026-04-01T00:00:01Z',
      endDate: '2026-04-30T23:59:00Z',
      externalId: '11',
      externalSource: 'odoo:test:project.milestone',
    });

    const mapping = (
      await syncMilestoneRecord(context, milestone, desired, projectMapping)
    )._unsafeUnwrap();

    expect(plane.state.cycles).toHaveLength(1);
    expect(mapping.shadow).toEqual({
      name: 'Beta',
      startDate: '2026-04-01',
      endDate: '2026-04-30',
    });
    expect((await context.ledger.list()).at(-1)?.decision).toBe(
      'adopted existing cycle with the same external id',
    );
  });

  it('turns cycles on for a project that has them off before the first cycle', async () => {
    const context = createFlowTestContext();
    const projectMapping = await mappedProject(context, false);

    (await syncMilestoneRecord(context, milestone, desired, projectMapping))._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['updateProject', 'createCycle']);
    expect(context.plane.state.projects[0]?.cycleView).toBe(true);
  });

  it('patches the cycle when the milestone moved', async () => {
    const context = createFlowTestContext();
    const projectMapping = await mappedProject(context, true);
    (await syncMilestoneRecord(context, milestone, desired, projectMapping))._unsafeUnwrap();

    (
      await syncMilestoneRecord(
        context,
        milestone,
        { ...desired, endDate: '2026-05-15' },
        projectMapping,
      )
    )._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['createCycle', 'updateCycle']);
    expect(context.plane.state.cycles[0]?.endDate).toBe('2026-05-15');
  });
});
