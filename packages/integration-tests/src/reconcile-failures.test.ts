import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('reconciliation with an item it cannot repair', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const inspector = harness.planeInspector();
  const projectId = harness.odoo.create('project.project', { name: 'Repairs' });
  for (const [sequence, name] of ['New', 'Done'].entries())
    harness.odoo.create('project.task.type', {
      name,
      sequence,
      project_ids: [[6, 0, [projectId]]],
    });
  const [failing, repairable, deletedInPlane] = ['One', 'Two', 'Three'].map((name) =>
    harness.odoo.create('project.task', { name, project_id: projectId }),
  ) as [number, number, number];
  const mappingOf = async (odooId: number) =>
    (await harness.store.get({ model: 'project.task', odooId }))!;
  let planeProjectId = '';
  beforeAll(async () => {
    (await harness.createEngine().syncProjectTree(projectId))._unsafeUnwrap();
    planeProjectId = (await harness.store.get({ model: 'project.project', odooId: projectId }))!
      .planeId!;
  });

  it('records the failed item (ledger, failure streak, status) and repairs the rest', async () => {
    const engine = harness.createEngine();
    harness.odoo.write('project.task', [failing], { name: 'One, renamed' });
    harness.odoo.write('project.task', [repairable], { name: 'Two, renamed' });
    const failingItem = (await mappingOf(failing)).planeId!;
    // A refusal no retry changes (Plane CE's 400 of fixture 043). Not a 404: that means the item was
    // deleted in Plane, which is reported as missing rather than failed (see the last case).
    harness.plane.faults.next(
      { method: 'PATCH', path: `/work-items/${failingItem}/` },
      { status: 400, body: { non_field_errors: ['Start date cannot exceed target date'] } },
    );

    const report = (await engine.reconcile())._unsafeUnwrap();

    expect(report.failed).toEqual([
      {
        model: 'project.task',
        odooId: failing,
        planeId: failingItem,
        reason: 'plane update work item failed: http 400: Start date cannot exceed target date',
      },
    ]);
    expect(report.drift).toContainEqual(
      expect.objectContaining({ odooTaskId: failing, field: 'name', repair: 'failed' }),
    );
    expect(report.repaired).toBe(1);
    const repaired = (
      await inspector.getWorkItem(planeProjectId, (await mappingOf(repairable)).planeId!)
    )._unsafeUnwrap();
    expect(repaired.name).toBe('Two, renamed');
    const failedEntries = await harness.ledger.list({
      correlationId: report.correlationId,
      outcome: 'failed',
    });
    expect(failedEntries).toHaveLength(1);
    expect(failedEntries[0]).toMatchObject({
      entity: { model: 'project.task', odooId: failing, planeId: failingItem },
    });
    expect(await harness.failures.listOpen()).toContainEqual(
      expect.objectContaining({ entityKey: `project.task:${failing}`, consecutive: 1 }),
    );
    expect(await harness.syncState.get('reconciliation:last')).toMatchObject({
      status: 'partial',
      repaired: 1,
      failed: [{ model: 'project.task', odooId: failing }],
    });
  });

  it('repairs the item on the next run and ends its failure streak', async () => {
    const report = (await harness.createEngine().reconcile())._unsafeUnwrap();

    expect(report.failed).toEqual([]);
    expect(report.repaired).toBe(1);
    expect(await harness.failures.listOpen()).toEqual([]);
    expect(await harness.syncState.get('reconciliation:last')).toMatchObject({ status: 'ok' });
  });

  it('names a work item deleted in Plane, says what to do, and reports it once', async () => {
    const engine = harness.createEngine();
    const workItemId = (await mappingOf(deletedInPlane)).planeId!;
    (await inspector.deleteWorkItem(planeProjectId, workItemId))._unsafeUnwrap();

    const first = (await engine.reconcile())._unsafeUnwrap();
    const second = (await engine.reconcile())._unsafeUnwrap();

    expect(first.drift).toEqual([
      expect.objectContaining({
        odooTaskId: deletedInPlane,
        planeWorkItemId: workItemId,
        field: 'work item',
        repair: 'reported',
      }),
    ]);
    const said = await harness.ledger.list({ correlationId: first.correlationId });
    expect(said.map((entry) => entry.decision)).toContainEqual(
      expect.stringMatching(
        new RegExp(`Odoo task #${deletedInPlane} "Three".*${workItemId}.*archive the Odoo task`),
      ),
    );
    expect(
      harness.notifier.notifications.filter((note) => note.title === 'Work item missing in Plane'),
    ).toHaveLength(1);
    expect(second.drift).toEqual([]);
    expect(second.missingInPlane).toBe(1);
  });
});
