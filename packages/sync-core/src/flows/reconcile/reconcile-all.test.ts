import { errAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/run-event.js';
import type { OdooProject, OdooTask } from '../../domain.js';
import type { FailureTracker } from '../../ports.js';
import { createFlowTestContext, type FlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryFailureTracker } from '../../testing/in-memory-failure-tracker.js';
import { createInMemoryOdooGateway } from '../../testing/in-memory-odoo-gateway.js';
import {
  createInMemoryPlaneGateway,
  type InMemoryPlaneGateway,
} from '../../testing/in-memory-plane-gateway.js';
import { reconcileAll, type ReconcileAllDeps } from './reconcile-all.js';
import { copyTask, mapProjects, websiteProject } from './reconcile.test-support.js';

const shop: OdooProject = { id: 5, name: 'Shop', userId: null, active: true };
const basket: OdooTask = {
  ...copyTask,
  id: 9,
  name: 'Fix the basket',
  projectId: { id: 5, name: 'Shop' },
};

/** Both projects mapped with one task each; the deps run every event on the one flow test context. */
async function syncedPortfolio(
  plane: InMemoryPlaneGateway = createInMemoryPlaneGateway(),
): Promise<{
  context: FlowTestContext;
  deps: ReconcileAllDeps;
  failures: FailureTracker;
  causes: string[];
}> {
  const odoo = createInMemoryOdooGateway({
    projects: [websiteProject, shop],
    tasks: [copyTask, basket],
  });
  const context = createFlowTestContext({ odoo, plane });
  await mapProjects(
    context,
    [
      { project: websiteProject, tasks: [copyTask] },
      { project: shop, tasks: [basket] },
    ],
    { hasMilestones: false },
  );
  const failures = createInMemoryFailureTracker();
  const causes: string[] = [];
  const runEvent: RunEvent = async (_entity, cause, body) => {
    causes.push(cause);
    const done = await body(context);
    return done.map(() => ({
      correlationId: context.correlationId,
      applied: 0,
      unchanged: 0,
      deferred: 0,
      conflicts: 0,
      skipped: 0,
    }));
  };
  const deps: ReconcileAllDeps = {
    runEvent,
    serial: (_key, work) => work(),
    escalation: {
      failures,
      notifier: context.notifier,
      ledger: context.ledger,
      clock: context.clock,
      plane: context.plane,
      opsPlaneProjectId: undefined,
    },
    syncState: context.syncState,
    clock: context.clock,
  };
  return { context, deps, failures, causes };
}

describe('reconcileAll', () => {
  it('reads Odoo once across the projects, reconciles each, and keeps the summary', async () => {
    const { context, deps, causes } = await syncedPortfolio();

    const report = (await reconcileAll(deps, {}))._unsafeUnwrap();

    expect(causes).toEqual(['reconciliation']);
    expect(context.odoo.calls).toEqual(['readTasks']);
    expect(report).toMatchObject({
      correlationId: 'test-event',
      dryRun: false,
      projects: 2,
      checked: 2,
      drift: [],
      failed: [],
      odooReads: 1,
      planeReads: 2,
    });
    expect(await context.syncState.get('reconciliation:last')).toMatchObject({
      status: 'ok',
      checked: 2,
      drift: 0,
    });
    expect((await context.ledger.list()).at(-1)).toMatchObject({
      entity: { model: 'plane' },
      decision: 'reconciliation: 2 projects, 2 tasks checked, 0 drifted fields, 0 failed',
      outcome: 'unchanged',
    });
  });

  it('records a project whose Plane read fails, counts it in its streak, and checks the next one', async () => {
    const twin = createInMemoryPlaneGateway();
    const { context, deps, failures } = await syncedPortfolio({
      ...twin,
      listWorkItems: (projectId, page) =>
        projectId === twin.state.projects[0]?.id
          ? errAsync({ kind: 'timeout', message: 'timed out' })
          : twin.listWorkItems(projectId, page),
    });

    const report = (await reconcileAll(deps, {}))._unsafeUnwrap();

    expect(report.checked).toBe(1);
    expect(report.failed).toEqual([
      {
        model: 'project.project',
        odooId: 4,
        planeId: twin.state.projects[0]?.id,
        reason: 'plane list work items failed: timeout: timed out',
      },
    ]);
    expect(await failures.listOpen()).toEqual([
      expect.objectContaining({ entityKey: 'project.project:4', consecutive: 1 }),
    ]);
    expect((await context.ledger.list({ outcome: 'failed' })).map((entry) => entry.entity)).toEqual(
      [{ model: 'project.project', odooId: 4 }],
    );
    expect(await context.syncState.get('reconciliation:last')).toMatchObject({
      status: 'partial',
      checked: 1,
    });
  });

  it('checks only the projects in scope, and a dry run says it skipped the repairs', async () => {
    const { context, deps, causes } = await syncedPortfolio();
    const index = context.odoo.state.tasks.findIndex((task) => task.id === 9);
    context.odoo.state.tasks[index] = { ...basket, name: 'Fix the basket (mobile)' };

    const report = (
      await reconcileAll(deps, { dryRun: true, scope: { odooProjectIds: [5] } })
    )._unsafeUnwrap();

    expect(causes).toEqual(['reconciliation (dry run)']);
    expect(report).toMatchObject({ dryRun: true, projects: 1, checked: 1, repaired: 0 });
    expect(report.drift).toEqual([
      expect.objectContaining({ odooTaskId: 9, field: 'name', repair: 'reported' }),
    ]);
    expect(context.plane.calls).toEqual(['listWorkItems']);
    expect((await context.ledger.list()).at(-1)).toMatchObject({
      decision: 'reconciliation (dry run): 1 projects, 1 tasks checked, 1 drifted fields, 0 failed',
      outcome: 'skipped',
    });
  });

  it('makes no Odoo read when no project is mapped', async () => {
    const { context, deps } = await syncedPortfolio();

    const report = (await reconcileAll(deps, { scope: { odooProjectIds: [99] } }))._unsafeUnwrap();

    expect(report).toMatchObject({ projects: 0, checked: 0, odooReads: 0 });
    expect(context.odoo.calls).toEqual([]);
  });
});
