import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import {
  planWorkItemCreate,
  planWorkItemUpdate,
  shadowOfWorkItem,
  type DesiredWorkItem,
} from './plan-work-item.js';
import type { Mapping, ShadowValue } from '../../ports.js';
import { planeStateForStage } from '../../rules/stage-state-map.js';
import { callUpstream } from '../call-upstream.js';
import { externalSourceOf } from '../create-or-adopt.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { activateMapping, putMapping } from '../mapping-writes.js';
import { claimCreation } from '../claim-creation.js';
import type { SyncError } from '../../sync-error.js';
import { syncCycleMemberships } from '../milestone/sync-cycle-membership.js';
import { desiredWorkItemOf } from './translate-task.js';
import { shipWorkItem } from './ship-work-item.js';
import { isShipped } from './ship-signal.js';
import { moveWorkItem } from './move-work-item.js';

const model = 'project.task';

/** The mappings a task's translation depends on, looked up by the caller (parents first). */
export interface TaskNeighbours {
  readonly project: Mapping;
  /** The parent's mapping when the task has a parent in the same project and it is mapped. */
  readonly parent: Mapping | null;
  /** The milestone's cycle mapping, when the task has a milestone and it is mapped. */
  readonly cycle: Mapping | null;
}

/**
 * The task in Plane terms, with the lookups it needs (users, states) and no writes — so reconciliation can
 * use it for a dry-run drift report.
 */
export async function desiredTaskOf(
  context: FlowContext,
  task: OdooTask,
  neighbours: TaskNeighbours,
  /** false: the item exists in this project, and its state is written only at creation: no state lookup. */
  needsState = true,
): Promise<Result<DesiredWorkItem, SyncError>> {
  const resolved = await context.directory.resolveUsers(task.userIds);
  if (resolved.isErr()) return err(resolved.error);
  let state: { readonly id: string } | null | undefined;
  if (needsState) {
    const states = await context.directory.statesOf(neighbours.project.planeId!);
    if (states.isErr()) return err(states.error);
    state = planeStateForStage(
      task.stage?.name ?? null,
      states.value,
      context.config.stages.toPlaneState,
    );
  }
  return ok(
    desiredWorkItemOf(task, {
      timeZone: context.config.timeZone,
      priorityLevels: context.odooCapabilities.priorityLevels,
      priorityOverrides:
        context.odooCapabilities.priorityLevels === 2
          ? context.config.priorities.twoLevel
          : context.config.priorities.fourLevel,
      planeUserOf: (id) => context.directory.planeUserOf(id),
      parentWorkItemId: neighbours.parent?.planeId ?? undefined,
      stateId: state?.id,
    }),
  );
}

/**
 * Brings one task into Plane: the work item (created idempotently or patched by the ownership matrix and
 * the shadow), its cycle membership (unless the caller batches it), and its ship event. Relations are a separate pass
 * (`syncTaskRelations`) so that every blocker can be mapped first. Runs holding the task's serial key.
 */
export function syncTaskRecord(
  context: FlowContext,
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
  context: FlowContext,
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
  // Assignees the shadow already holds were members when written; with no fresher Plane read to compare
  // against, the PATCH will not send them again, so no member lookup is needed.
  const shadowAssignees = known?.shadow.assignees;
  const assigneesWritten =
    inPlace &&
    current === null &&
    Array.isArray(shadowAssignees) &&
    (desired.assigneeIds ?? []).every((id) => shadowAssignees.includes(id));
  if (desired.assigneeIds !== undefined && !assigneesWritten) {
    const members = await context.directory.ensureProjectMembers(
      planeProjectId,
      desired.assigneeIds,
    );
    if (members.isErr()) return err(members.error);
  }

  let mapping = known;
  const claim =
    mapping?.status === 'active'
      ? ({ kind: 'mapped', mapping } as const)
      : await claimCreation(context, key, planeProjectId);
  if (claim.kind === 'create') {
    const created = await createWorkItem(context, task, desired, planeProjectId, claim);
    if (created.isErr()) return created;
    mapping = created.value;
  } else if (claim.mapping.planeProjectId !== planeProjectId) {
    // The task moved to another Odoo project: the item read from the old project no longer applies.
    const moved = await moveWorkItem(context, task, desired, claim.mapping, planeProjectId);
    if (moved.isErr()) return err(moved.error);
    current = moved.value.adopted;
    mapping = moved.value.mapping;
    if (current !== null) {
      const updated = await updateWorkItem(context, task, desired, mapping, current);
      if (updated.isErr()) return updated;
      mapping = updated.value;
    }
  } else {
    const updated = await updateWorkItem(context, task, desired, claim.mapping, current);
    if (updated.isErr()) return updated;
    mapping = updated.value;
  }
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

async function createWorkItem(
  context: FlowContext,
  task: OdooTask,
  desired: DesiredWorkItem,
  planeProjectId: string,
  { pending, mayExist }: { readonly pending: Mapping; readonly mayExist: boolean },
): Promise<Result<Mapping, SyncError>> {
  const external = {
    externalId: String(task.id),
    externalSource: externalSourceOf(context, model),
  };
  if (mayExist) {
    // Left pending by a crashed or failed creator: the create may have gone through. Look first (decision 4).
    const found = await callUpstream(
      'plane',
      'find work item by external id',
      context.plane.findWorkItemByExternalId(
        planeProjectId,
        external.externalId,
        external.externalSource,
      ),
    );
    if (found.isErr()) return err(found.error);
    if (found.value !== null) return adoptWorkItem(context, task, desired, pending, found.value);
  }

  const { input, shadow } = planWorkItemCreate(desired, external);
  const created = await callUpstream(
    'plane',
    'create work item',
    context.plane.createWorkItem(planeProjectId, input),
  );
  if (created.isErr()) return err(created.error);
  if (!created.value.created)
    return adoptWorkItem(context, task, desired, pending, created.value.workItem);
  const workItem = created.value.workItem;
  const stored = await activateMapping(
    context,
    {
      ...pending,
      status: 'active',
      planeId: workItem.id,
      planeProjectId,
      shadow,
      updatedAt: context.clock.now(),
    },
    pending.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model, odooId: task.id, planeId: workItem.id },
    decision: 'created work item',
    writes: [
      {
        system: 'plane',
        operation: 'create work item',
        target: workItem.id,
        fields: Object.keys(shadow),
      },
    ],
    outcome: 'applied',
  });
  return stored;
}

/** A work item that already exists for this task (409 or found after a crash): map it, then update it. */
async function adoptWorkItem(
  context: FlowContext,
  task: OdooTask,
  desired: DesiredWorkItem,
  pending: Mapping,
  workItem: PlaneWorkItem,
): Promise<Result<Mapping, SyncError>> {
  const shadow: Record<string, ShadowValue> = {};
  for (const field of [
    'name',
    'description',
    'startDate',
    'targetDate',
    'assignees',
    'parent',
    'priority',
  ] as const) {
    shadow[field] = shadowOfWorkItem(workItem, field);
  }
  if (workItem.stateId !== null) shadow.state = workItem.stateId;
  const stored = await activateMapping(
    context,
    {
      ...pending,
      status: 'active',
      planeId: workItem.id,
      planeProjectId: workItem.projectId,
      shadow,
      updatedAt: context.clock.now(),
    },
    pending.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model, odooId: task.id, planeId: workItem.id },
    decision: 'adopted existing work item with the same external id',
    writes: [],
    outcome: 'applied',
  });
  return updateWorkItem(context, task, desired, stored.value, workItem);
}

async function updateWorkItem(
  context: FlowContext,
  task: OdooTask,
  desired: DesiredWorkItem,
  mapping: Mapping,
  current: PlaneWorkItem | null = null,
): Promise<Result<Mapping, SyncError>> {
  const plan = planWorkItemUpdate({
    desired,
    current,
    shadow: mapping.shadow,
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
    if (read.isErr()) return err(read.error);
    return updateWorkItem(context, task, desired, mapping, read.value);
  }
  const updated = await callUpstream(
    'plane',
    'update work item',
    context.plane.updateWorkItem(mapping.planeProjectId!, mapping.planeId!, plan.patch),
  );
  if (updated.isErr()) return err(updated.error);
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

async function reportUnmappedUsers(context: FlowContext, task: OdooTask): Promise<void> {
  for (const userId of task.userIds) {
    if (context.directory.planeUserOf(userId) !== undefined) continue;
    await context.notifyOnce({
      severity: 'warning',
      title: 'Odoo user without a Plane user',
      text: `Odoo user #${userId} (assigned to task #${task.id}) has no Plane user: configure users.explicit or give both the same e-mail. Assignees of such tasks are left as they are in Plane.`,
      dedupeKey: `unmapped-user:${userId}`,
    });
  }
}
