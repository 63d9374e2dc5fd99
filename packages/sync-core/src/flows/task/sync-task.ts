import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { createOrAdopt, type CreateOrAdoptOutcome } from '../create-or-adopt.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import {
  syncCycleMemberships,
  type CycleMembershipPlanePort,
} from '../milestone/sync-cycle-membership.js';
import { desiredTaskOf, reportUnmappedUsers, type TaskNeighbours } from './desired-task.js';
import type { DesiredWorkItem } from './plan-work-item.js';
import { moveWorkItem, type MoveWorkItemPlanePort } from './move-work-item.js';
import { isShipped } from './ship-signal.js';
import { shipWorkItem, type ShipWorkItemPlanePort } from './ship-work-item.js';
import { updateWorkItem, type UpdateWorkItemPlanePort } from './update-work-item.js';
import { workItemCreation, type WorkItemCreationPlanePort } from './work-item-creation.js';

/** The Plane calls of the task flow and the steps it runs (creation, update, move, cycle, ship). */
export type TaskPlanePort = WorkItemCreationPlanePort &
  UpdateWorkItemPlanePort &
  MoveWorkItemPlanePort &
  CycleMembershipPlanePort &
  ShipWorkItemPlanePort;
/** The context the task flow runs in: no Odoo calls of its own (the caller reads the task). */
export type TaskFlowContext = FlowContext<TaskPlanePort, unknown>;

const model = 'project.task';

/**
 * Brings one task into Plane: the work item (created idempotently or patched by the ownership matrix and
 * the shadow), its cycle membership (unless the caller batches it), and its ship event. Relations are a separate pass
 * (`syncTaskRelations`) so that every blocker can be mapped first. Runs holding the task's serial key.
 */
export function syncTaskRecord(
  context: TaskFlowContext,
  task: OdooTask,
  neighbours: TaskNeighbours,
  /** The work item as just re-read from Plane (Plane → Odoo flow, reconciliation); null: trust the shadow. */
  current: PlaneWorkItem | null = null,
  /** `batchCycleMembership`: the caller adds many items to their cycles in one call per cycle afterwards. */
  options: { readonly batchCycleMembership?: boolean } = {},
): Promise<Result<Mapping, SyncError>> {
  return context.runSerially(keyOf(model, task.id), () =>
    syncHeldTask(context, task, neighbours, current, options),
  );
}

async function syncHeldTask(
  context: TaskFlowContext,
  task: OdooTask,
  neighbours: TaskNeighbours,
  current: PlaneWorkItem | null,
  options: { readonly batchCycleMembership?: boolean },
): Promise<Result<Mapping, SyncError>> {
  const planeProjectId = neighbours.project.planeId!;
  const key = keyOf(model, task.id);
  const known = await context.store.get(key);
  // An item already in this project gets only a PATCH, which never carries a state.
  const inPlace = known?.status === 'active' && known.planeProjectId === planeProjectId;
  const translated = await desiredTaskOf(context, task, neighbours, !inPlace);
  if (translated.isErr()) return err(translated.error);
  const desired = translated.value;
  await reportUnmappedUsers(context, task);
  const parentIsElsewhere = task.parentId !== null && neighbours.parent === null;
  const members = await ensureAssigneesAreMembers(
    context,
    desired,
    inPlace && current === null ? known : null,
    planeProjectId,
  );
  if (members.isErr()) return err(members.error);
  const placed = await placeWorkItem(context, task, desired, known, planeProjectId, current);
  if (placed.isErr()) return err(placed.error);
  let mapping = placed.value.mapping;
  current = placed.value.current;
  if (parentIsElsewhere) {
    await record(context, {
      entity: { model, odooId: task.id, planeId: mapping.planeId! },
      decision: 'parent task is not mapped in the same Plane project; parent link left as it is',
      writes: [],
      outcome: 'deferred',
      detail: { odooParentId: task.parentId?.id },
    });
  }

  if (!options.batchCycleMembership) {
    const inCycle = await syncCycleMemberships(context, [
      { task, mapping, cycle: neighbours.cycle, current },
    ]);
    if (inCycle.isErr()) return err(inCycle.error);
    mapping = inCycle.value.get(task.id) ?? mapping;
  }

  if (isShipped(task, context.shipSignals) && mapping.shadow.shipped !== true) {
    return shipWorkItem(context, task, mapping);
  }
  return ok(mapping);
}

/**
 * Adds the assignees to the Plane project (Plane silently drops assignees who are not members).
 * `unchangedSince`: the mapping of an item patched in place from the shadow alone — assignees it already
 * holds were members when written, and the PATCH will not send them again, so no member lookup is needed.
 */
async function ensureAssigneesAreMembers(
  context: TaskFlowContext,
  desired: DesiredWorkItem,
  unchangedSince: Mapping | null,
  planeProjectId: string,
): Promise<Result<void, SyncError>> {
  if (desired.assigneeIds === undefined) return ok(undefined);
  const shadowAssignees = unchangedSince?.shadow.assignees;
  const assigneesWritten =
    Array.isArray(shadowAssignees) &&
    desired.assigneeIds.every((id) => shadowAssignees.includes(id));
  if (assigneesWritten) return ok(undefined);
  return context.directory.ensureProjectMembers(planeProjectId, desired.assigneeIds);
}

/**
 * The work item in its project, up to date: created or adopted (decision 4), followed into a new project
 * when the task moved, or patched in place. Returns the mapping and the item as last read (null: unread).
 */
async function placeWorkItem(
  context: TaskFlowContext,
  task: OdooTask,
  desired: DesiredWorkItem,
  known: Mapping | null,
  planeProjectId: string,
  current: PlaneWorkItem | null,
): Promise<Result<{ mapping: Mapping; current: PlaneWorkItem | null }, SyncError>> {
  const claim: Result<CreateOrAdoptOutcome<PlaneWorkItem>, SyncError> = known?.status === 'active'
    ? ok({ kind: 'mapped', mapping: known })
    : await createOrAdopt(
        context,
        keyOf(model, task.id),
        planeProjectId,
        workItemCreation(context, desired, planeProjectId),
      );
  if (claim.isErr()) return err(claim.error);
  const outcome = claim.value;
  if (outcome.kind === 'twin') {
    // Adopted (409, or found after a crash): bring the existing item up to date.
    if (outcome.twin.created) return ok({ mapping: outcome.mapping, current });
    const updated = await updateWorkItem(
      context,
      task,
      desired,
      outcome.mapping,
      outcome.twin.entity,
    );
    return updated.map((mapping) => ({ mapping, current }));
  }
  if (outcome.mapping.planeProjectId !== planeProjectId) {
    // The task moved to another Odoo project: the item read from the old project no longer applies.
    const moved = await moveWorkItem(context, task, desired, outcome.mapping, planeProjectId);
    if (moved.isErr()) return err(moved.error);
    const adopted = moved.value.adopted;
    if (adopted === null) return ok({ mapping: moved.value.mapping, current: null });
    const updated = await updateWorkItem(context, task, desired, moved.value.mapping, adopted);
    return updated.map((mapping) => ({ mapping, current: adopted }));
  }
  const updated = await updateWorkItem(context, task, desired, outcome.mapping, current);
  return updated.map((mapping) => ({ mapping, current }));
}
