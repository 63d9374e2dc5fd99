import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { startAgentOnSimulators, testOdooToken } from './agent-on-simulators.test-support.js';
import { planBackfill, planeCallsOfProject } from './backfill-plan.js';
import { executePrune, planPrune } from './prune-plan.js';
import type { SyncAgent } from './sync-agent.js';
import { readLastDeliveries } from './webhook-deliveries.js';

// Odoo's write_date has whole seconds: an edit "later" is a minute later on this clock.
let odooClockAheadMs = 0;
const odoo = createOdooSimulator({
  version: 17,
  db: 'plans',
  clock: {
    now: () => Date.now() + odooClockAheadMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
});
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'plans' });
const projectId = odoo.create('project.project', { name: 'Plans', allow_milestones: true });
const otherProjectId = odoo.create('project.project', { name: 'Other' });
const milestoneId = odoo.create('project.milestone', { name: 'M1', project_id: projectId });
const taskIds = [0, 1, 2, 3].map((index) =>
  odoo.create('project.task', {
    name: `Task ${index}`,
    project_id: projectId,
    milestone_id: index < 2 ? milestoneId : false,
  }),
);
let agent: SyncAgent;
let close: () => Promise<void>;
const planParts = () => ({
  odoo: agent.odoo,
  plane: agent.plane,
  mappings: agent.stores.mappings,
  sourceId: 'plans',
});

beforeAll(async () => {
  ({ agent, close } = await startAgentOnSimulators(odoo, plane));
});
afterAll(() => close());

describe('planeCallsOfProject', () => {
  it.each([
    // project create, states read, one create per cycle and task, one membership call per cycle with tasks
    [
      { project: 'create', milestones: 1, tasks: 4, cycles: 1, blockers: 0, members: 0 },
      1 + 1 + 1 + 1 + 4,
    ],
    [
      { project: 'create', milestones: 0, tasks: 10, cycles: 0, blockers: 2, members: 1 },
      1 + 1 + 1 + 10 + 2,
    ],
    [{ project: 'unchanged', milestones: 0, tasks: 0, cycles: 0, blockers: 0, members: 0 }, 0],
  ] as const)('%o costs %i Plane calls', (shape, calls) => {
    const counts = (create: number) => ({ create, link: 0, update: 0, unchanged: 0 });
    expect(
      planeCallsOfProject({
        project: shape.project,
        milestones: counts(shape.milestones),
        tasks: counts(shape.tasks),
        tasksWithNewBlockers: shape.blockers,
        newMembers: shape.members,
        cyclesWithNewTasks: shape.cycles,
      }),
    ).toBe(calls);
  });
});

describe('planBackfill', () => {
  it('plans creates for what Plane lacks and writes nothing', async () => {
    const before = plane.requestCount();
    const plan = (await planBackfill(planParts(), { rateLimitPerMinute: 60 }))._unsafeUnwrap();

    expect(plan.projects.map((project) => [project.odooProjectId, project.project])).toEqual([
      [projectId, 'create'],
      [otherProjectId, 'create'],
    ]);
    expect(plan.projects[0]).toMatchObject({
      milestones: { create: 1, link: 0, update: 0, unchanged: 0 },
      tasks: { create: 4, link: 0, update: 0, unchanged: 0 },
    });
    expect(plan.minutes).toBe(Math.ceil((plan.planeCalls / 60) * 10) / 10);
    expect(plane.requestCount() - before).toBe(plan.planningPlaneCalls);
    expect(plane.listWorkItems()).toHaveLength(0);
  });

  it('only the named projects, and the backfill of them alone makes about the calls it planned', async () => {
    const plan = (await planBackfill(planParts(), { odooProjectIds: [projectId] }))._unsafeUnwrap();
    expect(plan.projects.map((project) => project.odooProjectId)).toEqual([projectId]);
    expect(plan.minutes).toBeNull();

    const before = plane.requestCount();
    const report = await agent.backfill({ odooProjectIds: [projectId] });
    expect(report).toMatchObject({ status: 'completed', projects: 1 });
    const made = plane.requestCount() - before;
    expect(Math.abs(made - plan.planeCalls)).toBeLessThanOrEqual(Math.ceil(plan.planeCalls * 0.1));
    // A named-project run leaves the store's own backfill record alone.
    expect((await agent.stores.syncState.get('backfill')) ?? null).toBeNull();
  });

  it('counts mapped records as unchanged, and Odoo edits since as updates', async () => {
    odooClockAheadMs = 60_000;
    odoo.write('project.task', [taskIds[0]!], { name: 'Edited' });
    const plan = (await planBackfill(planParts(), { odooProjectIds: [projectId] }))._unsafeUnwrap();
    expect(plan.projects[0]?.tasks).toEqual({ create: 0, link: 0, update: 1, unchanged: 3 });
  });
});

describe('planPrune and executePrune', () => {
  it('list only work items whose Odoo task is deleted, and delete exactly those', async () => {
    odoo.unlink('project.task', [taskIds[1]!]);
    odoo.write('project.task', [taskIds[2]!], { active: false });
    const plan = (
      await planPrune({ odoo: agent.odoo, mappings: agent.stores.mappings })
    )._unsafeUnwrap();
    expect(plan.items.map((item) => item.odooTaskId)).toEqual([taskIds[1]]);
    const count = plane.listWorkItems().length;

    const report = (
      await executePrune(
        {
          odoo: agent.odoo,
          plane: agent.plane,
          mappings: agent.stores.mappings,
          ledger: agent.stores.ledger,
          clock: { now: () => Date.now() },
          randomId: () => 'prune-1',
        },
        plan,
      )
    )._unsafeUnwrap();

    expect(report.deleted.map((item) => item.odooTaskId)).toEqual([taskIds[1]]);
    expect(plane.listWorkItems()).toHaveLength(count - 1);
    const entries = await agent.stores.ledger.list({ correlationId: 'prune-1' });
    expect(entries.map((entry) => entry.writes[0]?.operation)).toEqual(['delete work item']);
    const again = (
      await planPrune({ odoo: agent.odoo, mappings: agent.stores.mappings })
    )._unsafeUnwrap();
    expect(again.items).toEqual([]);
  });
});

describe('readLastDeliveries', () => {
  it('says when each webhook source last delivered, null until one does', async () => {
    expect(await readLastDeliveries(agent.stores.syncState)).toEqual({
      odoo: null,
      plane: null,
      github: null,
    });
    const body = new TextEncoder().encode(
      JSON.stringify({ _model: 'project.task', _id: taskIds[0], id: taskIds[0] }),
    );
    const accepted = await agent.ingestor.ingest({
      source: 'odoo',
      rawBody: body,
      headers: { 'content-type': 'application/json' },
      token: testOdooToken,
    });
    expect(accepted.isOk()).toBe(true);
    const last = await readLastDeliveries(agent.stores.syncState);
    expect(last.odoo).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(last.plane).toBeNull();
  });
});
