import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';
import { createWebhookRig } from './webhook-rig.js';

const secrets = { odooToken: 'odoo-hook-token-outage', planeWebhookSecret: 'plane_wh_outage' };
const hooks = 'http://hooks.test/webhooks';
const minute = 60_000;

/**
 * Nothing lost after an outage, with no reconciliation at all: a change whose event failed while the other
 * system was down lands at the inbox's next automatic retry once the outage is over.
 */
describe('a change made during an outage', () => {
  const harness = createHarness({ odooVersion: 17 });
  // One engine run per event: the outage outlasts any in-run retry, so the event itself fails.
  const { inbox, server, engine, processor } = createWebhookRig(harness, {
    secrets,
    hooks,
    engine: harness.createEngine({ config: { retry: { attempts: 1 } } }),
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const settle = async (): Promise<void> => {
    await harness.odoo.settleWebhooks();
    await harness.plane.settleWebhooks();
  };
  /** Drains like a host's timer would, every `tickMs`, until `landed()`; returns when it landed. */
  const drainUntil = async (landed: () => Promise<boolean>, tickMs: number): Promise<number> => {
    for (let tick = 0; tick < 500; tick += 1) {
      await processor.drain();
      await settle();
      if (await landed()) return harness.clock.now();
      await harness.clock.advance(tickMs);
    }
    throw new Error('the change never landed');
  };
  /** Lets `durationMs` pass with a drain every `tickMs`, as a host's timer does during an outage. */
  const drainFor = async (durationMs: number, tickMs: number): Promise<void> => {
    for (let passed = 0; passed < durationMs; passed += tickMs) {
      await harness.clock.advance(tickMs);
      await processor.drain();
      await settle();
    }
  };

  const human = harness.plane.addUser({ email: 'dev@example.com', displayName: 'dev' });
  const projectId = harness.odoo.create('project.project', { name: 'Outages' });
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
  const person = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: human.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
  let planeProjectId = '';
  let workItemId = '';
  const planeName = async (): Promise<string> =>
    (await person.getWorkItem(planeProjectId, workItemId))._unsafeUnwrap().name;
  const odooStageId = (): unknown =>
    (harness.odoo.read('project.task', [taskId], ['stage_id'])[0]?.stage_id as unknown[])[0];

  beforeAll(async () => {
    (await engine.syncTask(taskId))._unsafeUnwrap();
    const mapping = (await harness.store.get({ model: 'project.task', odooId: taskId }))!;
    planeProjectId = mapping.planeProjectId!;
    workItemId = mapping.planeId!;
    harness.plane.addProjectMember(planeProjectId, human.id);
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name', 'stage_id'],
      url: `${hooks}/odoo/${secrets.odooToken}`,
    });
    harness.plane.addWebhook({ url: `${hooks}/plane`, secret: secrets.planeWebhookSecret });
  });

  it('reaches Plane at the first retry after Plane comes back (Odoo rename while Plane is down)', async () => {
    harness.plane.faults.next({ path: '/' }, { status: 503 }, 1_000_000);
    harness.odoo.write('project.task', [taskId], { name: 'Checkout page (renamed in outage)' });
    await settle();
    const failedRun = await processor.drain();
    const failedAt = harness.clock.now();
    const [failedEvent] = await inbox.listFailed(1);

    // Plane is back 20 s later; reconciliation never runs.
    await drainFor(20_000, 10_000);
    harness.plane.faults.clear();
    const outageEndedAt = harness.clock.now();
    const landedAt = await drainUntil(
      async () => (await planeName()) === 'Checkout page (renamed in outage)',
      10_000,
    );

    expect(failedRun.failed).toBeGreaterThanOrEqual(1);
    expect(failedEvent).toMatchObject({ status: 'failed', retryAt: failedAt + minute });
    expect(landedAt).toBe(failedAt + minute);
    expect(landedAt - outageEndedAt).toBeLessThanOrEqual(minute);
    expect(await inbox.count('failed')).toBe(0);
    expect(await inbox.listFailed(10)).toEqual([]);
    expect(await harness.failures.listOpen()).toEqual([]);
  });

  it('reaches Odoo within one retry interval after Odoo comes back (Plane state change while Odoo is down)', async () => {
    await processor.drain();
    await settle();
    await processor.drain();
    const inProgress = (await person.listStates(planeProjectId))
      ._unsafeUnwrap()
      .find((state) => state.name === 'In Progress')!.id;
    harness.odoo.faults.next({}, { httpStatus: 503 }, 1_000_000);
    (
      await person.updateWorkItem(planeProjectId, workItemId, { stateId: inProgress })
    )._unsafeUnwrap();
    await settle();
    const failedRun = await processor.drain();
    const failedAt = harness.clock.now();

    // A longer outage: Odoo is back after 10 minutes, past the 1 and 5 minute retries.
    await drainFor(10 * minute, 30_000);
    const [retriedInOutage] = await inbox.listFailed(1);
    harness.odoo.faults.clear();
    const outageEndedAt = harness.clock.now();
    const landedAt = await drainUntil(() => Promise.resolve(odooStageId() === stageIds[1]), 30_000);

    expect(failedRun.failed).toBeGreaterThanOrEqual(1);
    // Retries at +1 and +6 min failed inside the outage; the next one, at +36 min, lands.
    expect(retriedInOutage).toMatchObject({ status: 'failed', attempts: 3 });
    expect(landedAt - failedAt).toBeGreaterThanOrEqual((1 + 5 + 30) * minute);
    expect(landedAt - failedAt).toBeLessThan((1 + 5 + 30) * minute + 30_000);
    expect(landedAt - outageEndedAt).toBeLessThanOrEqual(30 * minute);
    expect(await inbox.count('failed')).toBe(0);
    expect(await inbox.count('dead')).toBe(0);
    expect(await harness.failures.listOpen()).toEqual([]);
  });
});
