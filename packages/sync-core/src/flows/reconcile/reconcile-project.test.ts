import { err, errAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { createFlowTestContext, type FlowTestContext } from '../../testing/flow-test-context.js';
import { createInMemoryOdooGateway } from '../../testing/in-memory-odoo-gateway.js';
import {
  createInMemoryPlaneGateway,
  type InMemoryPlaneGateway,
} from '../../testing/in-memory-plane-gateway.js';
import { keyOf } from '../mapping-keys.js';
import { syncMilestoneRecord } from '../milestone/sync-milestone.js';
import { syncTaskRecord } from '../task/sync-task.js';
import { readReconciledTasks } from './read-reconciled-tasks.js';
import { reconcileProject } from './reconcile-project.js';
import { createReconcileCounters, type ReconcileFailure } from './reconcile-report.js';
import { copyTask, mapProjects, websiteProject } from './reconcile.test-support.js';

const copy = copyTask;
const photos: OdooTask = { ...copy, id: 8, name: 'Take the photos' };

/** Odoo and Plane in step: the Website project and these tasks mapped, the calls so far forgotten. */
async function syncedPortfolio(
  tasks: readonly OdooTask[],
  plane: InMemoryPlaneGateway = createInMemoryPlaneGateway(),
): Promise<{ context: FlowTestContext; projectMapping: Mapping }> {
  const odoo = createInMemoryOdooGateway({ projects: [websiteProject], tasks: [...tasks] });
  const context = createFlowTestContext({ odoo, plane });
  const [projectMapping] = await mapProjects(context, [{ project: websiteProject, tasks }], {
    hasMilestones: true,
  });
  return { context, projectMapping: projectMapping! };
}

/** Reconciles the one project as the portfolio run does: the Odoo read first, then the project. */
async function reconcile(
  context: FlowTestContext,
  projectMapping: Mapping,
  options: { readonly dryRun: boolean } = { dryRun: false },
) {
  const counters = createReconcileCounters();
  const repaired: number[] = [];
  const failures: ReconcileFailure[] = [];
  const inOdoo = await readReconciledTasks(context, [projectMapping], counters);
  const done = await reconcileProject(
    context,
    projectMapping,
    {
      ...options,
      onRepaired: (odooTaskId) => {
        repaired.push(odooTaskId);
        return Promise.resolve();
      },
      onFailure: (failure) => {
        failures.push(failure);
        return Promise.resolve();
      },
    },
    counters,
    inOdoo,
  );
  return { done, counters, repaired, failures };
}

function renameInOdoo(context: FlowTestContext, odooId: number, name: string): void {
  const tasks = context.odoo.state.tasks;
  const index = tasks.findIndex((task) => task.id === odooId);
  tasks[index] = { ...tasks[index]!, name };
}

describe('reconcileProject', () => {
  it("reads one list per mapped cycle, the project's list only for items in none, and patches a renamed task", async () => {
    const { context, projectMapping } = await syncedPortfolio([copy, photos]);
    const beta = (
      await syncMilestoneRecord(
        context,
        { id: 11, name: 'Beta', projectId: { id: 4, name: 'Website' }, deadline: '2026-04-30' },
        { name: 'Beta', startDate: '2026-04-01', endDate: '2026-04-30' },
        projectMapping,
      )
    )._unsafeUnwrap();
    const inBeta = { ...copy, milestoneId: { id: 11, name: 'Beta' } };
    context.odoo.state.tasks[0] = inBeta;
    (
      await syncTaskRecord(context, inBeta, { project: projectMapping, parent: null, cycle: beta })
    )._unsafeUnwrap();
    renameInOdoo(context, 8, 'Take the photos (studio)');
    context.plane.calls.length = 0;

    const { done, counters, repaired } = await reconcile(context, projectMapping);

    expect(done.isOk()).toBe(true);
    expect(context.plane.calls).toEqual(['listCycleWorkItems', 'listWorkItems', 'updateWorkItem']);
    expect(context.odoo.calls).toEqual(['readTasks']);
    expect(counters).toMatchObject({ checked: 2, repaired: 1, planeReads: 2, odooReads: 1 });
    expect(counters.drift).toEqual([
      expect.objectContaining({ odooTaskId: 8, field: 'name', repair: 'plane-updated' }),
    ]);
    expect(repaired).toEqual([8]);
    expect(context.plane.state.workItems.map((item) => item.name)).toEqual([
      'Write the copy',
      'Take the photos (studio)',
    ]);
  });

  it('only reports in a dry run: the same drift, no write anywhere', async () => {
    const { context, projectMapping } = await syncedPortfolio([copy, photos]);
    renameInOdoo(context, 7, 'Write the copy (EN)');
    const before = await context.store.get(keyOf('project.task', 7));

    const { counters, repaired } = await reconcile(context, projectMapping, { dryRun: true });

    expect(context.plane.calls).toEqual(['listWorkItems']);
    expect(counters.drift).toEqual([
      expect.objectContaining({ odooTaskId: 7, field: 'name', repair: 'reported' }),
    ]);
    expect(counters.repaired).toBe(0);
    expect(repaired).toEqual([]);
    expect(await context.store.get(keyOf('project.task', 7))).toEqual(before);
    expect(context.plane.state.workItems[0]?.name).toBe('Write the copy');
  });

  it('marks the work item of a task deleted in Odoo once, and reads no Plane list for it', async () => {
    // A deleted task rather than an archived one: the Odoo twin drops archived tasks from a read unless
    // the domain names `active`, and this read asks for them through `active_test: false` instead.
    const { context, projectMapping } = await syncedPortfolio([copy]);
    context.odoo.state.tasks.length = 0;

    const first = await reconcile(context, projectMapping);
    const second = await reconcile(context, projectMapping);

    expect(first.counters).toMatchObject({ markedArchived: 0, markedDeleted: 1, planeReads: 0 });
    expect(first.counters.drift).toEqual([
      expect.objectContaining({ field: 'active', odooValue: 'deleted', repair: 'marked' }),
    ]);
    expect(first.repaired).toEqual([7]);
    expect(context.plane.state.comments).toHaveLength(1);
    expect(second.counters.drift).toEqual([]);
    expect(second.counters.markedDeleted).toBe(0);
  });

  it('reports a work item Plane no longer lists once, counts it every run, and recreates nothing', async () => {
    const { context, projectMapping } = await syncedPortfolio([copy]);
    context.plane.state.workItems.length = 0;

    const first = await reconcile(context, projectMapping);
    const second = await reconcile(context, projectMapping);

    expect(first.counters.missingInPlane).toBe(1);
    expect(first.counters.drift).toEqual([
      expect.objectContaining({ field: 'work item', repair: 'reported', action: 'none' }),
    ]);
    expect(second.counters.missingInPlane).toBe(1);
    expect(second.counters.drift).toEqual([]);
    expect(context.notifier.notifications.map((item) => item.title)).toEqual([
      'Work item missing in Plane',
    ]);
    expect(context.plane.calls).not.toContain('createWorkItem');
  });

  it('creates the work items of tasks Plane lacks, parents first', async () => {
    const { context, projectMapping } = await syncedPortfolio([copy]);
    const child: OdooTask = {
      ...copy,
      id: 20,
      name: 'Child',
      parentId: { id: 21, name: 'Parent' },
    };
    context.odoo.state.tasks.push(child, { ...copy, id: 21, name: 'Parent' });

    const { counters, repaired } = await reconcile(context, projectMapping);

    expect(counters.createdInPlane).toBe(2);
    expect(repaired).toEqual([21, 20]);
    const [, parentItem, childItem] = context.plane.state.workItems;
    expect([parentItem?.name, childItem?.name]).toEqual(['Parent', 'Child']);
    expect(childItem?.parentId).toBe(parentItem?.id);
  });

  it('records a task whose repair fails, marks its drift failed, and repairs the others', async () => {
    const twin = createInMemoryPlaneGateway();
    const refusing: InMemoryPlaneGateway = {
      ...twin,
      updateWorkItem: (projectId, workItemId, patch) =>
        workItemId === twin.state.workItems[0]?.id
          ? errAsync({ kind: 'network', message: 'socket hang up' })
          : twin.updateWorkItem(projectId, workItemId, patch),
    };
    const { context, projectMapping } = await syncedPortfolio([copy, photos], refusing);
    renameInOdoo(context, 7, 'Write the copy (EN)');
    renameInOdoo(context, 8, 'Take the photos (studio)');

    const { done, counters, repaired, failures } = await reconcile(context, projectMapping);

    expect(done.isOk()).toBe(true);
    expect(counters.drift.map((item) => [item.odooTaskId, item.repair])).toEqual([
      [7, 'failed'],
      [8, 'plane-updated'],
    ]);
    const refused = await context.store.get(keyOf('project.task', 7));
    expect(failures).toEqual([
      {
        model: 'project.task',
        odooId: 7,
        planeId: refused?.planeId,
        reason: 'plane update work item failed: network: socket hang up',
      },
    ]);
    expect(counters.failed).toEqual(failures);
    expect(repaired).toEqual([8]);
    const failed = await context.ledger.list({ outcome: 'failed' });
    expect(failed.map((entry) => entry.decision)).toEqual([
      expect.stringMatching(
        /^reconciliation could not repair task #7: .*; the other items went on$/,
      ),
    ]);
  });

  it("returns the failure of a Plane read, which stops the project, and the Odoo read's as it came", async () => {
    const twin = createInMemoryPlaneGateway();
    const { context, projectMapping } = await syncedPortfolio([copy], {
      ...twin,
      listWorkItems: () => errAsync({ kind: 'timeout', message: 'timed out' }),
    });
    const odooDown: SyncError = {
      kind: 'upstream',
      system: 'odoo',
      operation: 'read project.task',
      failure: { kind: 'network', message: 'refused' },
    };

    const { done, counters } = await reconcile(context, projectMapping);
    const notRead = await reconcileProject(
      context,
      projectMapping,
      { dryRun: false },
      createReconcileCounters(),
      err(odooDown),
    );

    expect(done._unsafeUnwrapErr()).toMatchObject({
      system: 'plane',
      operation: 'list work items',
    });
    expect(counters).toMatchObject({ checked: 0, planeReads: 1 });
    expect(notRead._unsafeUnwrapErr()).toBe(odooDown);
  });
});
