import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';

describe('Plane → Odoo', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const managerEmail = 'pm@example.com';
  const managerId = harness.odoo.create('res.users', {
    name: 'PM',
    login: managerEmail,
    email: managerEmail,
  });
  const human = harness.plane.addUser({ email: 'dev@example.com', displayName: 'dev' });
  harness.plane.addUser({ email: managerEmail, displayName: 'pm' });
  const projectId = harness.odoo.create('project.project', { name: 'Flows', user_id: managerId });
  const stageIds = ['New', 'In Progress', 'Done'].map((name, sequence) =>
    harness.odoo.create('project.task.type', {
      name,
      sequence,
      project_ids: [[6, 0, [projectId]]],
    }),
  );
  const taskId = harness.odoo.create('project.task', {
    name: 'Checkout page',
    project_id: projectId,
    stage_id: stageIds[0],
  });
  const engine = harness.createEngine();
  const person = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: human.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });

  let planeProjectId = '';
  let workItemId = '';
  const stateNamed = async (name: string): Promise<string> =>
    (await person.listStates(planeProjectId))._unsafeUnwrap().find((state) => state.name === name)!
      .id;
  const odooStage = (): unknown =>
    harness.odoo.read('project.task', [taskId], ['stage_id'])[0]?.stage_id;

  beforeAll(async () => {
    (await engine.syncTask(taskId))._unsafeUnwrap();
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    planeProjectId = mapping.planeProjectId!;
    workItemId = mapping.planeId!;
    harness.plane.addProjectMember(planeProjectId, human.id);
  });

  it('moves the Odoo stage when a person changes the state in Plane', async () => {
    (
      await person.updateWorkItem(planeProjectId, workItemId, {
        stateId: await stateNamed('In Progress'),
      })
    )._unsafeUnwrap();

    const report = (
      await engine.run({ kind: 'plane-work-item', planeProjectId, workItemId, actorId: human.id })
    )._unsafeUnwrap();

    expect(report.applied).toBeGreaterThan(0);
    expect(odooStage()).toEqual([stageIds[1], 'In Progress']);
  });

  it('asks Odoo for a ship review once on Done, however often the delivery repeats, and never ships', async () => {
    (
      await person.updateWorkItem(planeProjectId, workItemId, { stateId: await stateNamed('Done') })
    )._unsafeUnwrap();

    for (let delivery = 0; delivery < 3; delivery += 1) {
      (
        await engine.run({ kind: 'plane-work-item', planeProjectId, workItemId, actorId: human.id })
      )._unsafeUnwrap();
    }

    expect(odooStage()).toEqual([stageIds[2], 'Done']);
    const messages = harness.odoo.searchRead(
      'mail.message',
      [
        ['model', '=', 'project.task'],
        ['res_id', '=', taskId],
        ['message_type', '=', 'comment'],
      ],
      ['body'],
    );
    expect(messages.filter((message) => String(message.body).includes('review'))).toHaveLength(1);
    const activities = harness.odoo.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'project.task'],
        ['res_id', '=', taskId],
      ],
      ['summary', 'user_id'],
    );
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ summary: 'Ship review', user_id: [managerId, 'PM'] });
  });

  it('reverts an Odoo-owned field edited in Plane, and logs and notifies the conflict', async () => {
    (
      await person.updateWorkItem(planeProjectId, workItemId, { name: 'Checkout page (v2)' })
    )._unsafeUnwrap();

    const report = (
      await engine.run({ kind: 'plane-work-item', planeProjectId, workItemId, actorId: human.id })
    )._unsafeUnwrap();

    expect(report.conflicts).toBe(1);
    expect((await person.getWorkItem(planeProjectId, workItemId))._unsafeUnwrap().name).toBe(
      'Checkout page',
    );
    const [conflict] = await harness.ledger.list({ outcome: 'conflict' });
    expect(conflict?.detail).toEqual({
      conflicts: [
        {
          field: 'name',
          odooValue: 'Checkout page',
          planeValue: 'Checkout page (v2)',
          shadowValue: 'Checkout page',
          resolution: 'odoo-wins',
        },
      ],
    });
    expect(
      harness.notifier.notifications.some(
        (notification) => notification.title === 'Plane edit reverted: name',
      ),
    ).toBe(true);
  });

  it('treats a re-read equal to the shadow as an echo: no write', async () => {
    harness.planeCalls.reset();
    harness.odooCalls.reset();

    await engine.run({ kind: 'plane-work-item', planeProjectId, workItemId });
    await engine.run({
      kind: 'plane-work-item',
      planeProjectId,
      workItemId,
      actorId: harness.plane.botUserId,
    });

    expect(harness.planeCalls.writes()).toBe(0);
    expect(harness.odooCalls.calls.length).toBe(1); // the re-read of the task; the bot-actor delivery cost nothing
  });

  it('logs an orphan work item and never creates an Odoo task from it', async () => {
    const orphan = (
      await person.createWorkItem(planeProjectId, { name: 'Made in Plane' })
    )._unsafeUnwrap().workItem;
    const before = harness.odoo.searchRead('project.task', [], ['id']).length;

    const report = (
      await engine.run({
        kind: 'plane-work-item',
        planeProjectId,
        workItemId: orphan.id,
        actorId: human.id,
      })
    )._unsafeUnwrap();

    expect(report.skipped).toBe(1);
    expect(harness.odoo.searchRead('project.task', [], ['id'])).toHaveLength(before);
    const entries = await harness.ledger.list({ correlationId: report.correlationId });
    expect(entries[0]?.decision).toContain('orphan');
  });
});

describe('failures, retries and alerts', () => {
  const harness = createHarness({
    odooVersion: 17,
    config: { retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 } },
  });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  const projectId = harness.odoo.create('project.project', { name: 'Fragile' });
  const opsProjectId = harness.odoo.create('project.project', { name: 'Ops' });

  it('retries a 503 with backoff on the clock and then succeeds', async () => {
    const engine = harness.createEngine({ planeClientRetries: 0 });
    (await engine.syncProject(opsProjectId))._unsafeUnwrap();
    const taskId = harness.odoo.create('project.task', { name: 'Flaky', project_id: projectId });
    harness.plane.faults.next(
      { method: 'POST', path: /\/work-items\/$/ },
      { status: 503, body: { error: 'unavailable' } },
      2,
    );
    const before = harness.clock.now();

    const result = await engine.run({ kind: 'odoo-record', model: 'project.task', odooId: taskId });

    expect(result.isOk()).toBe(true);
    // Backoff with the injected jitter source (0.5): 750 ms, then 1 500 ms.
    expect(harness.clock.now() - before).toBe(750 + 1_500);
    expect(await harness.failures.listOpen()).toEqual([]);
    expect((await harness.ledger.list({ outcome: 'failed' })).length).toBe(2);
  });

  it('alerts once and opens one ops work item after three failures in a row, then reports the recovery', async () => {
    const opsMapping = (await harness.store.get({
      model: 'project.project',
      odooId: opsProjectId,
    }))!;
    const engine = createHarnessEngineWithOps(harness, opsMapping.planeId!);
    const taskId = harness.odoo.create('project.task', { name: 'Doomed', project_id: projectId });
    const fragile = (await harness.store.get({ model: 'project.project', odooId: projectId }))!;
    const fragileWorkItems = new RegExp(`/projects/${fragile.planeId!}/work-items/$`);
    harness.plane.faults.next(
      { method: 'POST', path: fragileWorkItems },
      { status: 503, body: { error: 'unavailable' } },
      4,
    );

    const failed = await engine.run({ kind: 'odoo-record', model: 'project.task', odooId: taskId });
    const recovered = await engine.run({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: taskId,
    });

    expect(failed.isErr()).toBe(true);
    expect(recovered.isOk()).toBe(true);
    const alerts = harness.notifier.notifications.filter(
      (notification) => notification.severity === 'alert',
    );
    expect(alerts.map((alert) => alert.title)).toEqual([`Sync failing for project.task:${taskId}`]);
    const opsItems = harness.plane.listWorkItems(opsMapping.planeId!) as { name: string }[];
    expect(opsItems.map((item) => item.name)).toEqual([`Sync failing: project.task:${taskId}`]);
    expect(
      harness.notifier.notifications.some(
        (notification) => notification.title === `Sync recovered for project.task:${taskId}`,
      ),
    ).toBe(true);
    const failedEntries = await harness.ledger.list({ outcome: 'failed' });
    expect(failedEntries.filter((entry) => entry.entity.odooId === taskId)).toHaveLength(4);
  });
});

function createHarnessEngineWithOps(
  harness: ReturnType<typeof createHarness>,
  opsPlaneProjectId: string,
) {
  return harness.createEngine({
    planeClientRetries: 0,
    config: { ops: { planeProjectId: opsPlaneProjectId } },
  });
}
