import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from './domain.js';
import type { FieldConflict } from './field-merge.js';
import { planWorkItemUpdate } from './plan-work-item.js';
import type { Mapping } from './ports.js';
import { callUpstream, keyOf, todayIn, type RunContext } from './run-context.js';
import type { SyncError } from './sync-error.js';
import { markGoneInOdoo } from './mark-gone-in-odoo.js';
import { planRelations } from './plan-relations.js';
import { syncStateToOdoo } from './sync-from-plane.js';
import { blockersOf, syncTaskRelations } from './sync-relations.js';
import { desiredTaskOf, syncTaskRecord, type TaskNeighbours } from './sync-task.js';

/** One field that differs between the two systems, and what reconciliation did (or would do) about it. */
export interface DriftItem {
  readonly odooTaskId: number;
  readonly planeWorkItemId: string | null;
  readonly field: string;
  readonly odooValue: unknown;
  readonly planeValue: unknown;
  /** `plane-updated`: Odoo's value written to Plane; `odoo-updated`: Plane's state moved the Odoo stage. */
  readonly repair: 'plane-updated' | 'odoo-updated' | 'marked' | 'created' | 'reported';
}

/** Counts of one reconciliation, also stored as the sync state `reconciliation:last`. */
export interface ReconcileReport {
  readonly correlationId: string;
  readonly dryRun: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly projects: number;
  readonly checked: number;
  readonly drift: readonly DriftItem[];
  readonly repaired: number;
  readonly markedArchived: number;
  readonly markedDeleted: number;
  readonly createdInPlane: number;
  readonly missingInPlane: number;
  /** Plane list calls made (about one per 100 work items plus one per cycle). */
  readonly planeReads: number;
  /** Odoo reads made (one per chunk of ids plus one search per project). */
  readonly odooReads: number;
}

export interface ReconcileCounters {
  drift: DriftItem[];
  checked: number;
  repaired: number;
  markedArchived: number;
  markedDeleted: number;
  createdInPlane: number;
  missingInPlane: number;
  planeReads: number;
  odooReads: number;
}

const idsPerOdooRead = 200;
const itemsPerPlanePage = 100;

/**
 * Reconciles one mapped project (decision 8, the safety net under webhooks and polling): reads every task
 * of the project from Odoo in id chunks (archived ones included) and every work item from Plane a page of
 * 100 at a time, compares them field by field against the ownership matrix and the shadow, and — unless
 * `dryRun` — repairs by ownership: Odoo-owned drift is written to Plane, Plane's state moves the Odoo stage,
 * tasks Odoo has that Plane lacks are created, and tasks archived or deleted in Odoo are *marked* in Plane
 * (label + one comment), never deleted.
 */
export async function reconcileProject(
  context: RunContext,
  projectMapping: Mapping,
  options: { readonly dryRun: boolean },
  counters: ReconcileCounters,
): Promise<Result<void, SyncError>> {
  const planeProjectId = projectMapping.planeId!;
  const odooProjectId = projectMapping.key.odooId;

  // Plane: every work item of the project, 100 per call.
  const items = new Map<string, PlaneWorkItem>();
  let cursor: string | undefined;
  do {
    const page = await callUpstream(
      'plane',
      'list work items',
      context.plane.listWorkItems(planeProjectId, {
        perPage: itemsPerPlanePage,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    );
    counters.planeReads += 1;
    if (page.isErr()) return err(page.error);
    for (const item of page.value.results) items.set(item.id, item);
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor !== undefined);

  // Plane: cycle membership, one call per mapped cycle (work items do not carry it).
  const cycleOfItem = new Map<string, string>();
  const cycleMappings = (
    await context.store.list({ model: 'project.milestone', planeProjectId })
  ).filter((mapping) => mapping.status === 'active');
  for (const cycle of cycleMappings) {
    const members = await callUpstream(
      'plane',
      'list cycle work items',
      context.plane.listCycleWorkItems(planeProjectId, cycle.planeId!),
    );
    counters.planeReads += 1;
    if (members.isErr()) return err(members.error);
    for (const item of members.value) cycleOfItem.set(item.id, cycle.planeId!);
  }

  // Odoo: the project's tasks, archived ones included, and every mapped id (deleted ones come back missing).
  const taskMappings = await context.store.list({ model: 'project.task', planeProjectId });
  const searched = await callUpstream(
    'odoo',
    'search project.task',
    context.odoo.search('project.task', [['project_id', '=', odooProjectId]], {
      order: 'id asc',
      context: { active_test: false },
    }),
  );
  counters.odooReads += 1;
  if (searched.isErr()) return err(searched.error);
  const ids = [
    ...new Set([...searched.value, ...taskMappings.map((mapping) => mapping.key.odooId)]),
  ].sort((a, b) => a - b);
  const tasks = new Map<number, OdooTask>();
  for (let index = 0; index < ids.length; index += idsPerOdooRead) {
    const chunk = await callUpstream(
      'odoo',
      'read project.task',
      context.odoo.readTasks(ids.slice(index, index + idsPerOdooRead)),
    );
    counters.odooReads += 1;
    if (chunk.isErr()) return err(chunk.error);
    for (const task of chunk.value) tasks.set(task.id, task);
  }

  const neighboursOf = async (task: OdooTask): Promise<TaskNeighbours> => {
    const parent =
      task.parentId === null
        ? null
        : await context.store.get(keyOf('project.task', task.parentId.id));
    const cycle =
      task.milestoneId === null
        ? null
        : await context.store.get(keyOf('project.milestone', task.milestoneId.id));
    return {
      project: projectMapping,
      parent:
        parent?.status === 'active' && parent.planeProjectId === planeProjectId ? parent : null,
      cycle: cycle?.status === 'active' ? cycle : null,
    };
  };

  const mappedIds = new Set<number>();
  for (const mapping of taskMappings) {
    mappedIds.add(mapping.key.odooId);
    counters.checked += 1;
    const task = tasks.get(mapping.key.odooId);
    if (mapping.status !== 'active' || mapping.planeId === null) continue;
    if (task === undefined || !task.active) {
      const how = task === undefined ? 'deleted' : 'archived';
      if (mapping.shadow.goneInOdoo === how) continue;
      counters.drift.push({
        odooTaskId: mapping.key.odooId,
        planeWorkItemId: mapping.planeId,
        field: 'active',
        odooValue: how,
        planeValue: 'open',
        repair: options.dryRun ? 'reported' : 'marked',
      });
      if (options.dryRun) continue;
      const marked = await markGoneInOdoo(context, mapping, how);
      if (marked.isErr()) return err(marked.error);
      if (how === 'archived') counters.markedArchived += 1;
      else counters.markedDeleted += 1;
      continue;
    }
    const listed = items.get(mapping.planeId);
    if (listed === undefined) {
      counters.missingInPlane += 1;
      counters.drift.push({
        odooTaskId: task.id,
        planeWorkItemId: mapping.planeId,
        field: 'work item',
        odooValue: task.name,
        planeValue: null,
        repair: 'reported',
      });
      continue;
    }
    const current: PlaneWorkItem = { ...listed, cycleId: cycleOfItem.get(listed.id) ?? null };
    const neighbours = await neighboursOf(task);
    const desired = await desiredTaskOf(context, task, neighbours);
    if (desired.isErr()) return err(desired.error);
    const plan = planWorkItemUpdate({
      desired: desired.value,
      current,
      shadow: mapping.shadow,
      ownership: context.config.ownership,
    });
    const cycleWanted = task.milestoneId === null ? null : (neighbours.cycle?.planeId ?? undefined);
    // A completed cycle refuses new items (Plane CYCLE_COMPLETED): not drift anything could repair.
    const cycleEnd =
      typeof neighbours.cycle?.shadow.endDate === 'string' ? neighbours.cycle.shadow.endDate : null;
    const cycleCompleted = cycleWanted !== null && cycleEnd !== null && cycleEnd < todayIn(context);
    const cycleDrift =
      context.config.ownership.cycle === 'odoo' &&
      cycleWanted !== undefined &&
      cycleWanted !== current.cycleId &&
      !cycleCompleted;
    const stateDrift =
      context.config.ownership.state === 'plane' &&
      current.stateId !== null &&
      current.stateId !== mapping.shadow.state;
    for (const field of plan.changedFields) {
      const conflict: FieldConflict | undefined = plan.conflicts.find(
        (item) => item.field === field,
      );
      counters.drift.push({
        odooTaskId: task.id,
        planeWorkItemId: mapping.planeId,
        field,
        odooValue: conflict?.odooValue ?? null,
        planeValue: conflict?.planeValue ?? null,
        repair: options.dryRun ? 'reported' : 'plane-updated',
      });
    }
    if (cycleDrift) {
      counters.drift.push({
        odooTaskId: task.id,
        planeWorkItemId: mapping.planeId,
        field: 'cycle',
        odooValue: cycleWanted,
        planeValue: current.cycleId,
        repair: options.dryRun ? 'reported' : 'plane-updated',
      });
    }
    if (stateDrift) {
      counters.drift.push({
        odooTaskId: task.id,
        planeWorkItemId: mapping.planeId,
        field: 'state',
        odooValue: mapping.shadow.state ?? null,
        planeValue: current.stateId,
        repair: options.dryRun ? 'reported' : 'odoo-updated',
      });
    }
    // Dependencies are compared with the shadow (reading relations would cost a GET per item): this catches
    // every Odoo change a lost webhook hid; a relation a person removed in Plane is not seen here.
    const relationDrift = await relationDriftOf(context, task, mapping);
    if (relationDrift) {
      counters.drift.push({
        odooTaskId: task.id,
        planeWorkItemId: mapping.planeId,
        field: 'dependencies',
        odooValue: task.dependOnIds,
        planeValue: mapping.shadow.blockedBy ?? [],
        repair: options.dryRun ? 'reported' : 'plane-updated',
      });
    }
    if (
      options.dryRun ||
      (plan.changedFields.length === 0 && !cycleDrift && !stateDrift && !relationDrift)
    )
      continue;
    const repaired = await syncTaskRecord(context, task, neighbours, current);
    if (repaired.isErr()) return err(repaired.error);
    let latest = repaired.value;
    if (stateDrift) {
      const moved = await syncStateToOdoo(context, task, current, latest);
      if (moved.isErr()) return err(moved.error);
      latest = moved.value;
    }
    if (relationDrift) {
      const related = await syncTaskRelations(context, task, latest);
      if (related.isErr()) return err(related.error);
    }
    counters.repaired += 1;
  }

  // Tasks Odoo has and Plane lacks (a missed webhook): created, parents first.
  const unmapped = [...tasks.values()]
    .filter((task) => task.active && !mappedIds.has(task.id))
    .sort((a, b) => (a.parentId === null ? 0 : 1) - (b.parentId === null ? 0 : 1) || a.id - b.id);
  for (const task of unmapped) {
    counters.drift.push({
      odooTaskId: task.id,
      planeWorkItemId: null,
      field: 'work item',
      odooValue: task.name,
      planeValue: null,
      repair: options.dryRun ? 'reported' : 'created',
    });
    if (options.dryRun) continue;
    const created = await syncTaskRecord(context, task, await neighboursOf(task));
    if (created.isErr()) return err(created.error);
    counters.createdInPlane += 1;
  }
  return ok(undefined);
}

async function relationDriftOf(
  context: RunContext,
  task: OdooTask,
  mapping: Mapping,
): Promise<boolean> {
  if (context.config.ownership.dependencies !== 'odoo') return false;
  const blockers = await blockersOf(context, task);
  const synced = Array.isArray(mapping.shadow.blockedBy)
    ? (mapping.shadow.blockedBy as readonly string[])
    : [];
  const plan = planRelations({ blockers, synced });
  // Removals Plane CE cannot make stay in the shadow on purpose, so only additions count as drift there.
  return (
    plan.add.length > 0 || (context.planeCapabilities.relationRemoval && plan.remove.length > 0)
  );
}
