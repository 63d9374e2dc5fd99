import { err, ok, type Result } from 'neverthrow';
import { callUpstream } from './call-upstream.js';
import { externalSourceOf } from './create-or-adopt.js';
import { type FlowContext } from './flow-context.js';
import type { PlaneGateway } from '../ports.js';
import type { SyncError } from '../sync-error.js';

/** The Plane calls that label and comment a work item. */
export type LabelAndCommentPlanePort = Pick<
  PlaneGateway,
  'getWorkItem' | 'updateWorkItem' | 'createComment'
>;

/**
 * Adds a label to a work item (kept with its other labels) and one comment, both idempotent: the label is
 * added only when missing, and the comment carries an external id, so a repeat after a crash adds nothing.
 * How the sync marks a work item instead of deleting it (task gone in Odoo, task moved to another project).
 */
export async function labelAndComment(
  context: FlowContext<LabelAndCommentPlanePort, unknown>,
  target: { readonly projectId: string; readonly workItemId: string },
  label: { readonly name: string; readonly color: string },
  comment: { readonly html: string; readonly externalId: string },
): Promise<Result<void, SyncError>> {
  const { projectId, workItemId } = target;
  const ensured = await context.directory.ensureLabel(projectId, label.name, label.color);
  if (ensured.isErr()) return err(ensured.error);
  const current = await callUpstream(
    'plane',
    'get work item',
    context.plane.getWorkItem(projectId, workItemId),
  );
  if (current.isErr()) return err(current.error);
  if (!current.value.labelIds.includes(ensured.value.id)) {
    const labelled = await callUpstream(
      'plane',
      'label work item',
      context.plane.updateWorkItem(projectId, workItemId, {
        labelIds: [...current.value.labelIds, ensured.value.id],
      }),
    );
    if (labelled.isErr()) return err(labelled.error);
  }
  const commented = await callUpstream(
    'plane',
    'comment work item',
    context.plane.createComment(projectId, workItemId, {
      commentHtml: comment.html,
      externalId: comment.externalId,
      externalSource: externalSourceOf(context, 'project.task'),
    }),
  );
  if (commented.isErr()) return err(commented.error);
  return ok(undefined);
}
