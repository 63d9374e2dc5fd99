import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { syncStateToOdoo } from '../from-plane/sync-from-plane.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
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

/**
 * Reports, once, a mapped work item Plane no longer lists (a person deleted or archived it in Plane): the
 * mapping remembers it was reported, a ledger entry names both sides and what to do, one warning goes out.
 * The sync does not recreate it: removing it was a person's decision in Plane, and Odoo's task is untouched.
 */
export async function reportMissingInPlane(
  context: FlowContext,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<void, SyncError>> {
  const advice = `Odoo task #${task.id} "${task.name}" is open, but its Plane work item ${mapping.planeId} is no longer in Plane (deleted or archived there). The sync leaves both as they are: archive the Odoo task if the work is dropped, or restore the work item in Plane to sync it again.`;
  const stored = await putMapping(
    context,
    { ...mapping, shadow: { ...mapping.shadow, missingInPlane: true } },
    mapping.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity: { model: 'project.task', odooId: task.id, planeId: mapping.planeId! },
    decision: `work item missing in Plane: ${advice}`,
    writes: [],
    outcome: 'skipped',
  });
  await context.notifyOnce({
    severity: 'warning',
    title: 'Work item missing in Plane',
    text: advice,
    dedupeKey: `missing-in-plane:${task.id}:${mapping.planeId}`,
  });
  return ok(undefined);
}
