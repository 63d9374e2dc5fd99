import { err, ok, type Result } from 'neverthrow';
import { escapeHtml } from '../../rules/normalise-html.js';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import { planWorkItemCreate, type DesiredWorkItem } from './plan-work-item.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { externalSourceOf } from '../create-or-adopt.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';
import { labelAndComment, type LabelAndCommentPlanePort } from '../label-and-comment.js';

/** The Plane calls that follow a task into another project. */
export type MoveWorkItemPlanePort = Pick<PlaneGateway, 'createWorkItem'> & LabelAndCommentPlanePort;

/** The mapping after a move, and the work item adopted in the new project when one was already there. */
export interface MovedWorkItem {
  readonly mapping: Mapping;
  /** Non-null when the new project already held an item for the task (an earlier, interrupted move). */
  readonly adopted: PlaneWorkItem | null;
}

/**
 * Follows a task that moved to another Odoo project. Plane's v1 API has no call that moves a work item
 * between projects (and cycle calls through the old project's path answer 404, as recorded in
 * `sync-traffic/plane-ce-1.3.1-with-odoo-17.jsonl`), so the task gets a new work item in the new project — same external id, which Plane keeps unique per
 * project — and the old one is labelled and commented with a pointer to the new one, never deleted. The
 * mapping moves last: a crash before it repeats the create, which Plane's 409 resolves to the item already
 * made, and the label and comment, which are idempotent.
 */
export async function moveWorkItem(
  context: FlowContext<MoveWorkItemPlanePort, unknown>,
  task: OdooTask,
  desired: DesiredWorkItem,
  mapping: Mapping,
  newPlaneProjectId: string,
): Promise<Result<MovedWorkItem, SyncError>> {
  const oldProjectId = mapping.planeProjectId!;
  const oldWorkItemId = mapping.planeId!;
  const label = context.config.labels.movedInOdoo;
  const { input, shadow } = planWorkItemCreate(desired, {
    externalId: String(task.id),
    externalSource: externalSourceOf(context, 'project.task'),
  });
  const created = await callUpstream(
    'plane',
    'create work item in new project',
    context.plane.createWorkItem(newPlaneProjectId, input),
  );
  if (created.isErr()) return err(created.error);
  const workItem = created.value.workItem;

  const marked = await labelAndComment(
    context,
    { projectId: oldProjectId, workItemId: oldWorkItemId },
    label,
    {
      html: `<p>The Odoo task #${task.id} moved to the Odoo project "${escapeHtml(task.projectId?.name ?? '')}". Plane cannot move work items between projects, so it continues as work item ${escapeHtml(workItem.id)} in Plane project ${escapeHtml(newPlaneProjectId)}. This work item is kept; delete it in Plane only if you mean to.</p>`,
      // One comment per move (comment external ids are unique per Plane project).
      externalId: `moved:${task.id}:${workItem.id}`,
    },
  );
  if (marked.isErr()) return err(marked.error);

  const stored = await putMapping(
    context,
    {
      ...mapping,
      status: 'active',
      planeId: workItem.id,
      planeProjectId: newPlaneProjectId,
      shadow,
      updatedAt: context.clock.now(),
    },
    mapping.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity: { model: 'project.task', odooId: task.id, planeId: workItem.id },
    decision: `task moved to another Odoo project: work item ${created.value.created ? 'created' : 'adopted'} in the new Plane project ${newPlaneProjectId}; the old work item ${oldWorkItemId} is labelled "${label.name}" and commented, not deleted`,
    writes: [
      ...(created.value.created
        ? [
            {
              system: 'plane' as const,
              operation: 'create work item',
              target: workItem.id,
              fields: Object.keys(shadow),
            },
          ]
        : []),
      { system: 'plane', operation: 'label work item', target: oldWorkItemId },
      { system: 'plane', operation: 'create comment', target: oldWorkItemId },
    ],
    outcome: 'applied',
    detail: {
      from: { planeProjectId: oldProjectId, planeId: oldWorkItemId },
      to: { planeProjectId: newPlaneProjectId, planeId: workItem.id },
    },
  });
  return ok({ mapping: stored.value, adopted: created.value.created ? null : workItem });
}
