import { err, ok, type Result } from 'neverthrow';
import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';

/** Whether a failed call means the mapped work item is no longer in Plane (deleted there; Plane answers 404). */
export function isWorkItemGone(error: SyncError): boolean {
  return (
    error.kind === 'upstream' &&
    error.system === 'plane' &&
    error.failure.failureKind === 'not-found'
  );
}

/** What the operator reads about a mapped work item that is gone from Plane, and what to do about it. */
export function missingInPlaneAdvice(task: OdooTask, mapping: Mapping): string {
  return `Odoo task #${task.id} "${task.name}" is open, but its Plane work item ${mapping.planeId} is no longer in Plane (deleted or archived there). The sync leaves both as they are: archive the Odoo task if the work is dropped, or restore the work item in Plane to sync it again.`;
}

/**
 * A mapped work item Plane no longer has (a person deleted or archived it there): the mapping is flagged
 * `missingInPlane`, the ledger says so with the advice, ops are warned once. Never recreated: removing it was
 * a person's decision in Plane, and a second item for the task would be a duplicate the day the first is
 * restored. Reported once; a later call for the same item only records that it is still missing.
 * Reconciliation and the live Odoo → Plane path both end here, so the two say the same thing.
 */
export async function reportMissingInPlane(
  context: FlowContext<unknown, unknown>,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const entity = { model: 'project.task', odooId: task.id, planeId: mapping.planeId! } as const;
  const advice = missingInPlaneAdvice(task, mapping);
  if (mapping.shadow.missingInPlane === true) {
    await record(context, {
      entity,
      decision: `work item still missing in Plane; Odoo's change is not applied: ${advice}`,
      writes: [],
      outcome: 'skipped',
    });
    return ok(mapping);
  }
  const stored = await putMapping(
    context,
    { ...mapping, shadow: { ...mapping.shadow, missingInPlane: true } },
    mapping.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity,
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
  return stored;
}
