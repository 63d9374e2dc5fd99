import { err, ok, type Result } from 'neverthrow';
import { escapeHtml } from './normalise-html.js';
import type { Mapping } from './ports.js';
import {
  callUpstream,
  externalSourceOf,
  putMapping,
  record,
  type RunContext,
} from './run-context.js';
import type { SyncError } from './sync-error.js';

/** Labels and comments a work item whose Odoo task was archived or deleted, once; deletes nothing. */
export async function markGoneInOdoo(
  context: RunContext,
  mapping: Mapping,
  how: 'archived' | 'deleted',
): Promise<Result<Mapping, SyncError>> {
  if (mapping.shadow.goneInOdoo === how) return ok(mapping);
  const projectId = mapping.planeProjectId!;
  const workItemId = mapping.planeId!;
  const label =
    how === 'archived' ? context.config.labels.archivedInOdoo : context.config.labels.deletedInOdoo;
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
    'comment gone in Odoo',
    context.plane.createComment(projectId, workItemId, {
      commentHtml: `<p>The Odoo task #${mapping.key.odooId} was ${how}. This work item is kept; delete it in Plane only if you mean to.</p><p>${escapeHtml(new Date(context.clock.now()).toISOString())}</p>`,
      externalId: `${how}:${mapping.key.odooId}`,
      externalSource: externalSourceOf(context, 'project.task'),
    }),
  );
  if (commented.isErr()) return err(commented.error);
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
