import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneState, PlaneWorkItem } from '../../domain.js';
import { escapeHtml } from '../../rules/normalise-html.js';
import type { LedgerWrite, Mapping, PlaneGateway } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { externalSourceOf } from '../create-or-adopt.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';
import { isDeployed, shippedAtOf } from './ship-signal.js';

/** The Plane calls that mark a work item shipped. */
export type ShipWorkItemPlanePort = Pick<
  PlaneGateway,
  'getWorkItem' | 'updateWorkItem' | 'createComment'
>;

/**
 * An Odoo ship event (the configured ship signal — a boolean field, a stage or a tag, see `ship-signal.ts` —
 * seen on the task): the work item goes to the Done state, gets the `shipped` label (and `deployed` when the
 * deployed signal is on the task), and one comment "Shipped at …" (the ship-time field, else the time the
 * signal was seen). Every step
 * is idempotent — the state and labels are set, not toggled, and the comment carries an external id, so a
 * retried ship event adds no second comment — and the shadow remembers the ship last, so a crash re-runs
 * only what is harmless to repeat.
 */
export async function shipWorkItem(
  context: FlowContext<ShipWorkItemPlanePort, unknown>,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const projectId = mapping.planeProjectId!;
  const workItemId = mapping.planeId!;
  const done = await doneStateOf(context, projectId);
  if (done.isErr()) return err(done.error);
  const labelIds = await shipLabelIdsOf(context, task, projectId);
  if (labelIds.isErr()) return err(labelIds.error);

  // Labels are a set on the work item: read the current one so that people's labels are kept.
  const current = await callUpstream(
    'plane',
    'get work item',
    context.plane.getWorkItem(projectId, workItemId),
  );
  if (current.isErr()) return err(current.error);
  const patch = shipPatchOf(current.value, done.value, labelIds.value);
  if (Object.keys(patch).length > 0) {
    const updated = await callUpstream(
      'plane',
      'mark work item shipped',
      context.plane.updateWorkItem(projectId, workItemId, patch),
    );
    if (updated.isErr()) return err(updated.error);
  }
  const shippedAt =
    shippedAtOf(task, context.shipSignals) ?? new Date(context.clock.now()).toISOString();
  const comment = await callUpstream(
    'plane',
    'comment shipped',
    context.plane.createComment(projectId, workItemId, {
      commentHtml: `<p>Shipped at ${escapeHtml(shippedAt)} (from Odoo task #${task.id}).</p>`,
      externalId: `ship:${task.id}`,
      externalSource: externalSourceOf(context, 'project.task'),
    }),
  );
  if (comment.isErr()) return err(comment.error);

  const stored = await putMapping(
    context,
    {
      ...mapping,
      shadow: {
        ...mapping.shadow,
        shipped: true,
        ...(done.value === undefined ? {} : { state: done.value.id }),
      },
    },
    mapping.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model: 'project.task', odooId: task.id, planeId: workItemId },
    decision:
      done.value === undefined
        ? 'shipped in Odoo; Plane project has no completed state, labels and comment only'
        : 'shipped in Odoo',
    writes: shipWritesOf(workItemId, patch, comment.value.created),
    outcome: 'applied',
  });
  return ok(stored.value);
}

/**
 * What marking shipped changes on the work item: the Done state unless it is there (or the project has
 * none), and the ship labels added to its own; empty when it has both already.
 */
function shipPatchOf(
  current: Pick<PlaneWorkItem, 'stateId' | 'labelIds'>,
  done: PlaneState | undefined,
  shipLabelIds: readonly string[],
): { readonly stateId?: string; readonly labelIds?: string[] } {
  const mergedLabels = [...new Set([...current.labelIds, ...shipLabelIds])];
  return {
    ...(done === undefined || current.stateId === done.id ? {} : { stateId: done.id }),
    ...(mergedLabels.length === current.labelIds.length ? {} : { labelIds: mergedLabels }),
  };
}

/** The ledger's writes of a ship event: the work item update when it patched anything, the new comment. */
function shipWritesOf(workItemId: string, patch: object, commentCreated: boolean): LedgerWrite[] {
  return [
    ...(Object.keys(patch).length > 0
      ? [
          {
            system: 'plane' as const,
            operation: 'update work item',
            target: workItemId,
            fields: Object.keys(patch),
          },
        ]
      : []),
    ...(commentCreated
      ? [{ system: 'plane' as const, operation: 'create comment', target: workItemId }]
      : []),
  ];
}

/** The configured Done state (by name), else the project's first `completed` state; undefined: none. */
async function doneStateOf(
  context: FlowContext<ShipWorkItemPlanePort, unknown>,
  projectId: string,
): Promise<Result<PlaneState | undefined, SyncError>> {
  const states = await context.directory.statesOf(projectId);
  if (states.isErr()) return err(states.error);
  const doneName = context.config.doneStateName;
  return ok(
    (doneName === undefined
      ? undefined
      : states.value.find((state) => state.name.toLowerCase() === doneName.toLowerCase())) ??
      states.value.find((state) => state.group === 'completed'),
  );
}

/** The `shipped` label (and `deployed` when the task carries that signal), made when missing. */
async function shipLabelIdsOf(
  context: FlowContext<ShipWorkItemPlanePort, unknown>,
  task: OdooTask,
  projectId: string,
): Promise<Result<string[], SyncError>> {
  const wantedLabels = [context.config.labels.shipped];
  if (isDeployed(task, context.shipSignals)) wantedLabels.push(context.config.labels.deployed);
  const labelIds: string[] = [];
  for (const label of wantedLabels) {
    const ensured = await context.directory.ensureLabel(projectId, label.name, label.color);
    if (ensured.isErr()) return err(ensured.error);
    labelIds.push(ensured.value.id);
  }
  return ok(labelIds);
}
