import { err, ok, type Result } from 'neverthrow';
import { escapeHtml } from '../../rules/normalise-html.js';
import type { Mapping } from '../../ports.js';
import { labelAndComment, type LabelAndCommentPlanePort } from '../label-and-comment.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';

/** Labels and comments a work item whose Odoo task was archived or deleted, once; deletes nothing. */
export async function markGoneInOdoo(
  context: FlowContext<LabelAndCommentPlanePort, unknown>,
  mapping: Mapping,
  how: 'archived' | 'deleted',
): Promise<Result<Mapping, SyncError>> {
  if (mapping.shadow.goneInOdoo === how) return ok(mapping);
  const projectId = mapping.planeProjectId!;
  const workItemId = mapping.planeId!;
  const label =
    how === 'archived' ? context.config.labels.archivedInOdoo : context.config.labels.deletedInOdoo;
  const marked = await labelAndComment(context, { projectId, workItemId }, label, {
    html: `<p>The Odoo task #${mapping.key.odooId} was ${how}. This work item is kept; delete it in Plane only if you mean to.</p><p>${escapeHtml(new Date(context.clock.now()).toISOString())}</p>`,
    externalId: `${how}:${mapping.key.odooId}`,
  });
  if (marked.isErr()) return err(marked.error);
  const stored = await putMapping(
    context,
    { ...mapping, shadow: { ...mapping.shadow, goneInOdoo: how } },
    mapping.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity: { model: 'project.task', odooId: mapping.key.odooId, planeId: workItemId },
    decision: `task ${how} in Odoo: work item labelled "${label.name}" and commented, not deleted`,
    writes: [
      { system: 'plane', operation: 'label work item', target: workItemId },
      { system: 'plane', operation: 'create comment', target: workItemId },
    ],
    outcome: 'applied',
  });
  return ok(stored.value);
}
