import { describe, expect, it } from 'vitest';
import type { OdooProject } from '../../domain.js';
import { createFlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryPlaneGateway } from '../../testing/in-memory-plane-gateway.js';
import { keyOf } from '../mapping-keys.js';
import { syncProjectRecord } from './sync-project.js';

const project: OdooProject = {
  id: 4,
  name: 'Website relaunch',
  descriptionHtml: '<p>New site</p>',
  userId: null,
  active: true,
};
const external = { externalId: '4', externalSource: 'odoo:test:project.project' };

describe('syncProjectRecord', () => {
  it('creates the project with its external id and maps it, after one project list for adoption', async () => {
    const context = createFlowTestContext();

    const mapping = (
      await syncProjectRecord(context, project, { hasMilestones: true })
    )._unsafeUnwrap();

    expect(context.plane.calls).toEqual(['listProjects', 'createProject']);
    const [created] = context.plane.state.projects;
    expect(created).toMatchObject({ name: 'Website relaunch', cycleView: true, ...external });
    expect(mapping).toMatchObject({
      status: 'active',
      planeId: created?.id,
      planeProjectId: created?.id,
    });
    const [entry] = await context.ledger.list();
    expect(entry?.decision).toBe(`created Plane project ${created?.identifier}`);
  });

  it('adopts a project Plane already holds for this Odoo project instead of making a second', async () => {
    const plane = createInMemoryPlaneGateway();
    const existing = (
      await plane.createProject({ name: 'Website relaunch', identifier: 'WEB', ...external })
    )._unsafeUnwrap();
    plane.calls.length = 0;
    const context = createFlowTestContext({ plane });

    const mapping = (
      await syncProjectRecord(context, project, { hasMilestones: false })
    )._unsafeUnwrap();

    expect(plane.calls).toEqual(['listProjects']);
    expect(plane.state.projects).toHaveLength(1);
    expect(mapping.planeId).toBe(existing.id);
    expect((await context.ledger.list())[0]?.decision).toBe('adopted existing Plane project WEB');
  });

  it('picks a free identifier and name when another project holds them (409), in one retry', async () => {
    const plane = createInMemoryPlaneGateway();
    const context = createFlowTestContext({ plane });
    const first = (
      await syncProjectRecord(context, project, { hasMilestones: false })
    )._unsafeUnwrap();
    const namesake = { ...project, id: 5 };

    const second = (
      await syncProjectRecord(context, namesake, { hasMilestones: false })
    )._unsafeUnwrap();

    expect(second.planeId).not.toBe(first.planeId);
    expect(plane.state.projects.map((item) => item.name)).toEqual([
      'Website relaunch',
      'Website relaunch 5',
    ]);
    expect(new Set(plane.state.projects.map((item) => item.identifier)).size).toBe(2);
  });

  it('patches only what changed since the shadow, and makes no call when nothing did', async () => {
    const context = createFlowTestContext();
    (await syncProjectRecord(context, project, { hasMilestones: false }))._unsafeUnwrap();
    context.plane.calls.length = 0;

    (await syncProjectRecord(context, project, { hasMilestones: false }))._unsafeUnwrap();
    expect(context.plane.calls).toEqual([]);

    (
      await syncProjectRecord(
        context,
        { ...project, name: 'Website two' },
        { hasMilestones: false },
      )
    )._unsafeUnwrap();
    expect(context.plane.calls).toEqual(['updateProject']);
    expect(context.plane.state.projects[0]?.name).toBe('Website two');
    const stored = await context.store.get(keyOf('project.project', 4));
    expect(stored?.shadow.name).toBe('Website two');
  });
});
