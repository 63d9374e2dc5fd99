import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { syncStateToOdoo } from '../from-plane/sync-from-plane.js';
import { syncTaskRelations } from '../relations/sync-relations.js';
import type { TaskNeighbours } from '../task/desired-task.js';
import { syncTaskRecord } from '../task/sync-task.js';
import type { WorkItemDrift } from './plan-work-item-drift.js';

/**
 * Repairs a drifted work item Plane lists: the work item as a sync would write it (from what was just
 * listed), then the Odoo stage when Plane's state moved, then the relations when the dependencies drifted.
 */
export async function repairWorkItem(
  context: FlowContext,
  task: OdooTask,
  neighbours: TaskNeighbours,
  current: PlaneWorkItem,
  drift: Pick<WorkItemDrift, 'state' | 'relations'>,
): Promise<Result<void, SyncError>> {
  const repaired = await syncTaskRecord(context, task, neighbours, current);
  if (repaired.isErr()) return err(repaired.error);
  let latest = repaired.value;
  if (drift.state) {
    const moved = await syncStateToOdoo(context, task, current, latest);
    if (moved.isErr()) return err(moved.error);
    latest = moved.value;
  }
  if (drift.relations) {
    const related = await syncTaskRelations(context, task, latest);
    if (related.isErr()) return err(related.error);
  }
  return ok(undefined);
}
