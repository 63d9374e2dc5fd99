import { errAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OdooProject, OdooTask } from '../../domain.js';
import { createInMemoryOdooGateway } from '../../testing/in-memory-odoo-gateway.js';
import { createFlowTestContext } from '../../testing/flow-test-context.js';
import { websiteProject, websiteTask } from '../../testing/odoo-record-fixtures.js';
import { keyOf } from '../mapping-keys.js';
import { syncTaskById } from './task-job.js';

const website = websiteProject;
const shop: OdooProject = { id: 5, name: 'Shop', userId: null, active: true };
const taskIn = (project: OdooProject, id: number, dependOnIds: number[] = []): OdooTask =>
  websiteTask({
    id,
    name: `Task ${id}`,
    descriptionHtml: '',
    projectId: { id: project.id, name: project.name },
    stage: null,
    dependOnIds,
  });

describe('syncTaskById: blockers', () => {
  it('maps a blocker whose own event has not run yet, then links it in the same run (one read for the blockers)', async () => {
    // Task 8 (in another project) and task 9 block task 7; none is in Plane yet.
    const odoo = createInMemoryOdooGateway({
      projects: [website, shop],
      tasks: [taskIn(website, 7, [8, 9]), taskIn(shop, 8), taskIn(website, 9)],
    });
    const context = createFlowTestContext({ odoo });

    (await syncTaskById(context, 7))._unsafeUnwrap();

    const planeIdOf = async (odooId: number) =>
      (await context.store.get(keyOf('project.task', odooId)))?.planeId;
    const [seven, eight, nine] = await Promise.all([7, 8, 9].map(planeIdOf));
    expect(context.plane.state.workItems).toHaveLength(3);
    expect(context.plane.state.blockedBy.get(seven!)).toEqual([eight, nine].sort());
    expect(odoo.calls.filter((call) => call === 'readTasks')).toHaveLength(2);
    const deferred = (await context.ledger.list({ outcome: 'deferred' })).filter((entry) =>
      entry.decision.startsWith('blockers not mapped yet'),
    );
    expect(deferred).toEqual([]);
  });

  it('leaves a blocker that is archived or deleted in Odoo deferred, as before', async () => {
    const archived = { ...taskIn(website, 8), active: false };
    const odoo = createInMemoryOdooGateway({
      projects: [website],
      tasks: [taskIn(website, 7, [8, 404]), archived],
    });
    const context = createFlowTestContext({ odoo });

    (await syncTaskById(context, 7))._unsafeUnwrap();

    expect(context.plane.state.workItems.map((item) => item.name)).toEqual(['Task 7']);
    const [entry] = await context.ledger.list({ outcome: 'deferred' });
    expect(entry).toMatchObject({
      decision: 'blockers not mapped yet; relations deferred',
      detail: { odooTaskIds: [8, 404] },
    });
  });
});

describe('syncTaskById: parents', () => {
  it("fails (to be retried) when the parent's read fails, instead of placing the task without its parent", async () => {
    const parent = taskIn(website, 6);
    const child = { ...taskIn(website, 7), parentId: { id: 6, name: 'Task 6' } };
    const odoo = createInMemoryOdooGateway({ projects: [website], tasks: [parent, child] });
    const unavailable = {
      kind: 'http',
      status: 503,
      failureKind: 'unavailable',
      retryable: true,
    } as const;
    const context = createFlowTestContext({
      odoo: {
        ...odoo,
        readTasks: (selection, options) =>
          Array.isArray(selection) && selection.includes(6)
            ? errAsync(unavailable)
            : odoo.readTasks(selection, options),
      },
    });

    const result = await syncTaskById(context, 7);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'upstream', failure: unavailable });
    expect(context.plane.state.workItems).toEqual([]);
  });
});

describe('syncTaskById: a task that moves to another project', () => {
  it('links the tasks that depend on it to its new work item in the same run', async () => {
    const odoo = createInMemoryOdooGateway({
      projects: [website, shop],
      tasks: [taskIn(website, 7), taskIn(website, 9, [7]), taskIn(website, 10)],
    });
    const context = createFlowTestContext({ odoo });
    for (const id of [7, 9, 10]) (await syncTaskById(context, id))._unsafeUnwrap();
    const before = (await context.store.get(keyOf('project.task', 7)))!.planeId!;
    const dependent = (await context.store.get(keyOf('project.task', 9)))!.planeId!;
    const index = odoo.state.tasks.findIndex((task) => task.id === 7);
    odoo.state.tasks[index] = { ...odoo.state.tasks[index]!, projectId: { id: 5, name: 'Shop' } };
    odoo.calls.length = 0;

    (await syncTaskById(context, 7))._unsafeUnwrap();

    const after = (await context.store.get(keyOf('project.task', 7)))!.planeId!;
    expect(after).not.toBe(before);
    // Plane CE keeps the relation to the old item (no removal); the new one is added beside it.
    expect(context.plane.state.blockedBy.get(dependent)).toEqual([before, after]);
    expect(odoo.calls.filter((call) => call === 'readTasks')).toHaveLength(2);
    const kept = await context.ledger.list({ outcome: 'skipped' });
    expect(kept.map((entry) => [entry.entity.odooId, entry.decision.split(' (')[0]])).toEqual([
      [9, 'relation no longer follows an Odoo dependency'],
    ]);
  });
});
