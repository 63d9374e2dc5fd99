import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { keyOf } from '../mapping-keys.js';
import { desiredTaskOf } from '../task/desired-task.js';
import { markGoneInOdoo } from '../task/mark-gone-in-odoo.js';
import { reportMissingInPlane } from '../task/report-missing-in-plane.js';
import { syncTaskRecord } from '../task/sync-task.js';
import {
  planCreation,
  planGoneInOdoo,
  planMissingInPlane,
  planProjectMove,
  type GoneFromOdoo,
} from './plan-presence-drift.js';
import { planWorkItemDrift } from './plan-work-item-drift.js';
import type { ProjectSides } from './read-project-sides.js';
import { dependenciesDrifted, neighboursOf } from './read-task-neighbours.js';
import { recordTaskFailure, type OnReconcileFailure } from './reconcile-failures.js';
import type { ReconcileCounters } from './reconcile-report.js';
import { repairWorkItem } from './repair-drift.js';

/** How one project is reconciled, and who hears about each task's outcome. */
export interface ReconcileProjectOptions {
  readonly dryRun: boolean;
  /** Called for each task that could not be checked or repaired (for the failure streak). */
  readonly onFailure?: OnReconcileFailure;
  /** Called for each task repaired, moved or created (ends its failure streak). */
  readonly onRepaired?: (odooTaskId: number) => Promise<void>;
}

/** One project's reconciliation under way: what was read, how to act, where the results go. */
export interface ProjectRun {
  readonly context: FlowContext;
  readonly projectMapping: Mapping;
  readonly sides: ProjectSides;
  readonly options: ReconcileProjectOptions;
  readonly counters: ReconcileCounters;
}

/**
 * Checks one task mapping of the project and repairs its drift (unless a dry run). A failure is recorded
 * and counted, never returned: the other tasks go on.
 */
export async function checkMappedTask(run: ProjectRun, mapping: Mapping): Promise<void> {
  const { counters, options } = run;
  counters.checked += 1;
  const driftFrom = counters.drift.length;
  const done = await reconcileMappedTask(run, mapping);
  if (done.isErr())
    await recordTaskFailure(
      run.context,
      counters,
      { odooTaskId: mapping.key.odooId, planeId: mapping.planeId, driftFrom },
      done.error,
      options.onFailure,
    );
  else if (counters.drift.length > driftFrom && !options.dryRun)
    await options.onRepaired?.(mapping.key.odooId);
}

/** Creates the work item of a task Plane lacks (unless a dry run); a failure is recorded, never returned. */
export async function createUnmappedTask(run: ProjectRun, task: OdooTask): Promise<void> {
  const { context, counters, options } = run;
  const driftFrom = counters.drift.length;
  counters.drift.push(planCreation(task, options.dryRun));
  if (options.dryRun) return;
  const created = await syncTaskRecord(
    context,
    task,
    await neighboursOf(context, task, run.projectMapping),
  );
  if (created.isErr()) {
    await recordTaskFailure(
      context,
      counters,
      { odooTaskId: task.id, planeId: null, driftFrom },
      created.error,
      options.onFailure,
    );
    return;
  }
  counters.createdInPlane += 1;
  await options.onRepaired?.(task.id);
}

/** Sends a task mapping to the check its case needs: gone from Odoo, moved, missing in Plane, or listed. */
async function reconcileMappedTask(
  run: ProjectRun,
  mapping: Mapping,
): Promise<Result<void, SyncError>> {
  const task = run.sides.tasks.get(mapping.key.odooId);
  if (mapping.status !== 'active' || mapping.planeId === null) return ok(undefined);
  if (task === undefined || !task.active)
    return reconcileGone(run, mapping, task === undefined ? 'deleted' : 'archived');
  if (task.projectId?.id !== run.projectMapping.key.odooId)
    return reconcileMoved(run, task, mapping);
  const listed = run.sides.items.get(mapping.planeId);
  if (listed === undefined) return reconcileMissingInPlane(run, task, mapping);
  const current: PlaneWorkItem = {
    ...listed,
    cycleId: run.sides.cycleOfItem.get(listed.id) ?? null,
  };
  return reconcileListed(run, task, mapping, current);
}

/** A task archived or deleted in Odoo: its work item is marked, once; nothing is deleted. */
async function reconcileGone(
  run: ProjectRun,
  mapping: Mapping,
  how: GoneFromOdoo,
): Promise<Result<void, SyncError>> {
  const { counters, options } = run;
  const drift = planGoneInOdoo(mapping, how, options.dryRun);
  if (drift === null) return ok(undefined);
  counters.drift.push(drift);
  if (options.dryRun) return ok(undefined);
  const marked = await markGoneInOdoo(run.context, mapping, how);
  if (marked.isErr()) return err(marked.error);
  if (how === 'archived') counters.markedArchived += 1;
  else counters.markedDeleted += 1;
  return ok(undefined);
}

/**
 * A task now in another Odoo project (or in none): its work item moves with it when that project is
 * mapped — Plane cannot move items between projects, so `syncTaskRecord` recreates it there.
 */
async function reconcileMoved(
  run: ProjectRun,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<void, SyncError>> {
  const { context, counters, options } = run;
  const movedTo = task.projectId?.id ?? null;
  const target =
    movedTo === null ? null : await context.store.get(keyOf('project.project', movedTo));
  const movable = target !== null && target.status === 'active' && target.planeId !== null;
  const planeProjectId = run.projectMapping.planeId!;
  counters.drift.push(
    planProjectMove({ task, mapping, planeProjectId, movable, dryRun: options.dryRun }),
  );
  if (options.dryRun || !movable) return ok(undefined);
  const moved = await syncTaskRecord(context, task, await neighboursOf(context, task, target));
  if (moved.isErr()) return err(moved.error);
  counters.repaired += 1;
  return ok(undefined);
}

/** An open task whose work item Plane no longer lists: counted every time, reported the first time. */
async function reconcileMissingInPlane(
  run: ProjectRun,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<void, SyncError>> {
  run.counters.missingInPlane += 1;
  const drift = planMissingInPlane(task, mapping);
  if (drift === null) return ok(undefined);
  run.counters.drift.push(drift);
  if (run.options.dryRun) return ok(undefined);
  const reported = await reportMissingInPlane(run.context, task, mapping);
  return reported.map(() => undefined);
}

/** A task whose work item Plane lists in this project: its fields, cycle, state and dependencies. */
async function reconcileListed(
  run: ProjectRun,
  task: OdooTask,
  mapping: Mapping,
  current: PlaneWorkItem,
): Promise<Result<void, SyncError>> {
  const { context, counters, options } = run;
  const neighbours = await neighboursOf(context, task, run.projectMapping);
  // The item is listed in this project: only a PATCH can follow, and a PATCH carries no state.
  const desired = await desiredTaskOf(context, task, neighbours, false);
  if (desired.isErr()) return err(desired.error);
  const relationsDrifted = await dependenciesDrifted(context, task, mapping);
  const drift = planWorkItemDrift({
    task,
    mapping,
    current,
    desired: desired.value,
    cycle: neighbours.cycle,
    today: () => todayIn(context),
    ownership: context.config.ownership,
    relationsDrifted,
    dryRun: options.dryRun,
  });
  counters.drift.push(...drift.drift);
  if (options.dryRun || !drift.drifted) return ok(undefined);
  const repaired = await repairWorkItem(context, task, neighbours, current, drift);
  if (repaired.isErr()) return err(repaired.error);
  counters.repaired += 1;
  return ok(undefined);
}
