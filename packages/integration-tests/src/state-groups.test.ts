import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { createPlanePerson } from './plane-person.js';

describe.each([16, 17, 19] as const)('Plane state groups → Odoo %i stages', (odooVersion) => {
  // Project B maps "unstarted" to its own column; project C has no stage for cancelled (or started) work.
  const harness = createHarness({ odooVersion });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const person = createPlanePerson(harness, 'dev@example.com');
  const projectWithStages = (name: string, stageNames: readonly string[]) => {
    const projectId = harness.odoo.create('project.project', { name });
    const stages = new Map(
      stageNames.map((stageName, sequence) => [
        stageName,
        harness.odoo.create('project.task.type', {
          name: stageName,
          sequence,
          project_ids: [[6, 0, [projectId]]],
        }),
      ]),
    );
    return { projectId, stages };
  };
  const a = projectWithStages('Stock stages', ['New', 'In Progress', 'Done', 'Cancelled']);
  const b = projectWithStages('Own columns', ['Inbox', 'Ready', 'Doing', 'Done']);
  const c = projectWithStages('No cancel column', ['New', 'Done']);
  const engine = harness.createEngine({
    config: { stages: { byGroupPerProject: { [String(b.projectId)]: { unstarted: 'Ready' } } } },
  });
  const stateField = odooVersion === 16 ? 'kanban_state' : 'state';
  const odooTask = (taskId: number) =>
    harness.odoo.read('project.task', [taskId], ['stage_id', stateField])[0]!;

  /** A task synced to Plane in `stage`, then moved by a person to the Plane state `stateName`. */
  const moveInPlane = async (
    project: { projectId: number; stages: Map<string, number> },
    stage: string,
    stateName: string,
  ) => {
    const taskId = harness.odoo.create('project.task', {
      name: `${stage} → ${stateName}`,
      project_id: project.projectId,
      stage_id: project.stages.get(stage),
    });
    (await engine.syncTask(taskId))._unsafeUnwrap();
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    const report = await person.moveTo(engine, mapping, stateName);
    const entries = await harness.ledger.list({ correlationId: report.correlationId });
    const stateEntry = entries.find((entry) => entry.decision.startsWith('Plane state'));
    return { taskId, stateEntry };
  };

  it.each([
    ['Todo', 'In Progress', 'New'],
    ['Backlog', 'In Progress', 'New'],
    ['Cancelled', 'In Progress', 'Cancelled'],
    ['Done', 'New', 'Done'],
  ])(
    'moves a task to the stage of the Plane state group of %s (from %s to %s) by default',
    async (stateName, from, expected) => {
      const { taskId } = await moveInPlane(a, from, stateName);

      expect(odooTask(taskId).stage_id).toEqual([a.stages.get(expected), expected]);
    },
  );

  it('follows a per-project group setting: Todo goes to "Ready" in that project only', async () => {
    const inB = await moveInPlane(b, 'Doing', 'Todo');
    const inA = await moveInPlane(a, 'In Progress', 'Todo');

    expect(odooTask(inB.taskId).stage_id).toEqual([b.stages.get('Ready'), 'Ready']);
    expect(odooTask(inA.taskId).stage_id).toEqual([a.stages.get('New'), 'New']);
  });

  it(
    odooVersion === 16
      ? 'never writes a task state on 16: Done and Cancelled move the stage only'
      : `sets state 1_done on Done and 1_canceled on Cancelled on ${odooVersion}`,
    async () => {
      const done = await moveInPlane(a, 'In Progress', 'Done');
      const cancelled = await moveInPlane(a, 'In Progress', 'Cancelled');

      if (odooVersion === 16) {
        expect(odooTask(done.taskId).kanban_state).toBe('normal');
        expect(odooTask(cancelled.taskId).kanban_state).toBe('normal');
        expect(done.stateEntry?.writes[0]?.fields).toEqual(['stage_id']);
        expect(cancelled.stateEntry?.writes[0]?.fields).toEqual(['stage_id']);
      } else {
        expect(odooTask(done.taskId).state).toBe('1_done');
        expect(odooTask(cancelled.taskId).state).toBe('1_canceled');
        expect(done.stateEntry?.writes[0]?.fields).toEqual(['stage_id', 'state']);
      }
    },
  );

  it('reopens a closed task when Plane moves it back to an open group', async () => {
    const { taskId } = await moveInPlane(a, 'In Progress', 'Done');
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;

    await person.moveTo(engine, mapping, 'Todo');

    expect(odooTask(taskId)).toMatchObject({
      stage_id: [a.stages.get('New'), 'New'],
      [stateField]: odooVersion === 16 ? 'normal' : '01_in_progress',
    });
  });

  it('warns once about a group with no stage, records it in the ledger and keeps it for status', async () => {
    const first = await moveInPlane(c, 'New', 'Cancelled');
    const second = await moveInPlane(c, 'New', 'Cancelled');

    expect(odooTask(first.taskId).stage_id).toEqual([c.stages.get('New'), 'New']);
    expect(first.stateEntry?.detail).toEqual({
      unmappedStateGroup: {
        odooProjectId: c.projectId,
        group: 'cancelled',
        planeState: 'Cancelled',
        reason: 'no stage of this project is named "Cancelled" or suggests the cancelled group',
      },
    });
    expect(second.stateEntry?.detail).toHaveProperty('unmappedStateGroup');
    expect(
      harness.notifier.notifications.filter(
        (notification) =>
          notification.dedupeKey === `unmapped-state-group:${c.projectId}:cancelled`,
      ),
    ).toHaveLength(1);
    expect(await harness.syncState.get('state-groups:unmapped')).toEqual([
      expect.objectContaining({
        odooProjectId: c.projectId,
        group: 'cancelled',
        planeState: 'Cancelled',
      }),
    ]);
    // 17+ still closes the task through its state, which needs no column.
    if (odooVersion !== 16) expect(odooTask(first.taskId).state).toBe('1_canceled');
  });
});
