import { err, ok, type Result } from 'neverthrow';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { planUnmappedTasks } from './plan-presence-drift.js';
import { readProjectSides } from './read-project-sides.js';
import type { ReconciledTasks } from './read-reconciled-tasks.js';
import type { ReconcileCounters } from './reconcile-report.js';
import {
  checkMappedTask,
  createUnmappedTask,
  type ProjectRun,
  type ReconcileProjectOptions,
} from './reconcile-task.js';

// The package index and the engine take the report's types from this module.
export type { DriftItem, ReconcileFailure, ReconcileReport } from './reconcile-report.js';

/**
 * Reconciles one mapped project: reads what Plane says about it (Odoo was read across every project
 * already, `inOdoo`), checks each mapped task and repairs its drift, then creates the work items of the
 * tasks Plane lacks — nothing is written in a dry run. A failing task is recorded and the others go on;
 * the error returned is one that stops the whole project (its Odoo or Plane read failed).
 */
export async function reconcileProject(
  context: FlowContext,
  projectMapping: Mapping,
  options: ReconcileProjectOptions,
  counters: ReconcileCounters,
  inOdoo: Result<ReconciledTasks, SyncError>,
): Promise<Result<void, SyncError>> {
  if (inOdoo.isErr()) return err(inOdoo.error);
  const sides = await readProjectSides(context, projectMapping, inOdoo.value, counters);
  if (sides.isErr()) return err(sides.error);
  const run: ProjectRun = { context, projectMapping, sides: sides.value, options, counters };

  const mappedIds = new Set<number>();
  for (const mapping of sides.value.taskMappings) {
    mappedIds.add(mapping.key.odooId);
    await checkMappedTask(run, mapping);
  }
  // Tasks Odoo has and Plane lacks (a missed webhook): created, parents first.
  for (const task of planUnmappedTasks(sides.value.tasks.values(), mappedIds))
    await createUnmappedTask(run, task);
  return ok(undefined);
}
