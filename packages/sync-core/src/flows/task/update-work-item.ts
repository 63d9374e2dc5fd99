import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import { planWorkItemUpdate, type DesiredWorkItem } from './plan-work-item.js';
import { isWorkItemGone, reportMissingInPlane } from './report-missing-in-plane.js';

const model = 'project.task';

/** The Plane calls a work-item update makes. */
export type UpdateWorkItemPlanePort = Pick<PlaneGateway, 'getWorkItem' | 'updateWorkItem'>;
type UpdateWorkItemContext = FlowContext<UpdateWorkItemPlanePort, unknown>;

/**
 * Patches a mapped work item by the ownership matrix and the shadow. A person's edit of an Odoo-owned field
 * is reverted, logged as a conflict and notified. `current`: the item as just read; null trusts the shadow
 * and reads Plane only when a write is due. A work item deleted in Plane (404 on the read or the PATCH) is
 * reported as missing (`reportMissingInPlane`), not failed: no retry can bring it back, and a retried
 * failure would alert ops three times over for one deletion. Once it is readable again (restored in Plane)
 * the flag is dropped and the update goes on.
 */
export async function updateWorkItem(
  context: UpdateWorkItemContext,
  task: OdooTask,
  desired: DesiredWorkItem,
  mapping: Mapping,
  current: PlaneWorkItem | null = null,
): Promise<Result<Mapping, SyncError>> {
  const plan = planWorkItemUpdate({
    desired,
    current,
    shadow: current === null ? mapping.shadow : withoutMissingFlag(mapping.shadow),
    ownership: context.config.ownership,
  });
  const entity = { model, odooId: task.id, planeId: mapping.planeId! } as const;
  if (plan.changedFields.length === 0) {
    if (current === null) {
      await record(context, { entity, decision: 'no change', writes: [], outcome: 'unchanged' });
      return ok(mapping);
    }
    return putMapping(context, { ...mapping, shadow: plan.shadow }, mapping.version);
  }
  if (current === null) {
    // About to overwrite fields: read Plane first, so a person's edit of an Odoo-owned field is logged as a
    // conflict (and never silently lost) rather than overwritten blind. Costs a GET only when Odoo changed.
    const read = await callUpstream(
      'plane',
      'get work item',
      context.plane.getWorkItem(mapping.planeProjectId!, mapping.planeId!),
    );
    if (read.isErr()) {
      return isWorkItemGone(read.error)
        ? reportMissingInPlane(context, task, mapping)
        : err(read.error);
    }
    return updateWorkItem(context, task, desired, mapping, read.value);
  }
  const updated = await callUpstream(
    'plane',
    'update work item',
    context.plane.updateWorkItem(mapping.planeProjectId!, mapping.planeId!, plan.patch),
  );
  if (updated.isErr()) {
    return isWorkItemGone(updated.error)
      ? reportMissingInPlane(context, task, mapping)
      : err(updated.error);
  }
  const stored = await putMapping(context, { ...mapping, shadow: plan.shadow }, mapping.version);
  if (stored.isErr()) return stored;
  await record(context, {
    entity,
    decision:
      plan.conflicts.length > 0
        ? 'Odoo-owned fields edited in Plane: Odoo wins'
        : 'update work item from Odoo',
    writes: [
      {
        system: 'plane',
        operation: 'update work item',
        target: mapping.planeId!,
        fields: plan.changedFields,
      },
    ],
    outcome: plan.conflicts.length > 0 ? 'conflict' : 'applied',
    ...(plan.conflicts.length > 0 ? { detail: { conflicts: plan.conflicts } } : {}),
  });
  for (const conflict of plan.conflicts) {
    await context.notifier.notify({
      severity: 'warning',
      title: `Plane edit reverted: ${conflict.field}`,
      text: `Odoo owns "${conflict.field}" of task #${task.id}; Plane's value ${JSON.stringify(conflict.planeValue)} was replaced by Odoo's ${JSON.stringify(conflict.odooValue)}.`,
      dedupeKey: `conflict:${task.id}:${conflict.field}:${JSON.stringify(conflict.planeValue)}`,
    });
  }
  return stored;
}

/** The shadow of an item just read from Plane: it is there, whatever an earlier report said. */
function withoutMissingFlag(shadow: Mapping['shadow']): Mapping['shadow'] {
  if (shadow.missingInPlane !== true) return shadow;
  const { missingInPlane: _gone, ...rest } = shadow;
  return rest;
}
