import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { FieldConflict } from '../../rules/field-merge.js';
import type { FieldOwner } from '../../rules/ownership.js';
import { planWorkItemUpdate } from '../task/plan-work-item.js';
import type { Mapping } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { putMapping } from '../mapping-writes.js';
import { describeSyncError, type SyncError } from '../../sync-error.js';
import { markGoneInOdoo } from '../task/mark-gone-in-odoo.js';
import { planRelations } from '../relations/plan-relations.js';
import { syncStateToOdoo } from '../from-plane/sync-from-plane.js';
import { blockersOf, syncTaskRelations } from '../relations/sync-relations.js';
import { desiredTaskOf, type TaskNeighbours } from '../task/desired-task.js';
import { syncTaskRecord } from '../task/sync-task.js';

/** One field that differs between the two systems, and what reconciliation did (or would do) about it. */
export interface DriftItem {
  readonly odooTaskId: number;
  readonly planeWorkItemId: string | null;
  readonly field: string;
  readonly odooValue: unknown;
  readonly planeValue: unknown;
  /**
   * `plane-updated`: Odoo's value written to Plane; `odoo-updated`: Plane's state moved the Odoo stage;
   * `moved`: the task changed Odoo project and its work item was recreated in the new Plane project;
   * `failed`: the repair was tried and failed (the item is in `failed`, the rest went on).
   */
  readonly repair:
    'plane-updated' | 'odoo-updated' | 'marked' | 'created' | 'moved' | 'reported' | 'failed';
  /** The system that owns the field: its value is the one kept. */
  readonly owner: FieldOwner;
  /**
   * What reconciliation does about it, or in a dry run would do (`repair` then says `reported`);
   * `none`: it is only reported (a person decides).
   */
  readonly action: 'plane-updated' | 'odoo-updated' | 'marked' | 'created' | 'moved' | 'none';
}

/** A task or project reconciliation could not check or repair; the others were still done. */
export interface ReconcileFailure {
  readonly model: 'project.project' | 'project.task';
  readonly odooId: number;
  readonly planeId: string | null;
  /** One line, safe for logs (`describeSyncError`). */
  readonly reason: string;
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
  /** Mapped work items Plane no longer lists (deleted or archived there); each is reported once. */
  readonly missingInPlane: number;
  /** What could not be checked or repaired; a failure of one item never stops the others. */
  readonly failed: readonly ReconcileFailure[];
  /**
   * Plane list calls made: one per mapped cycle, plus the project's work-item list (one call per 1000 items
   * on CE, 100 elsewhere) when some compared work item is in no cycle.
   */
  readonly planeReads: number;
  /** Odoo reads made (one `search_read` across every project checked). */
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
  failed: ReconcileFailure[];
  planeReads: number;
  odooReads: number;
}

/**
 * Work items per Plane list call: the largest page Plane accepts. CE 1.3.1's paginator allows up to 1000
 * (`max_per_page`, reference/plane-api.md §3); Plane's docs, the only word on Cloud, say 100.
 */
function planePageSizeOf(context: FlowContext): number {
  const community =
    context.config.plane.edition === 'community' ||
    (context.config.plane.edition === 'detect' && !context.planeCapabilities.relationRemoval);
  return community ? 1000 : 100;
}

/** The Odoo tasks a reconciliation compares, by id: read across every project it checks. */
export type ReconciledTasks = ReadonlyMap<number, OdooTask>;

/**
 * Reads, in one `search_read`, the tasks of every project a reconciliation checks — archived ones
 * included — and every mapped task wherever it is now (a deleted one just does not come back).
 */
export async function readReconciledTasks(
  context: FlowContext,
  projectMappings: readonly Mapping[],
  counters: ReconcileCounters,
): Promise<Result<ReconciledTasks, SyncError>> {
  const planeProjectIds = new Set(projectMappings.map((mapping) => mapping.planeId));
  const mappedIds = (await context.store.list({ model: 'project.task' }))
    .filter((mapping) => planeProjectIds.has(mapping.planeProjectId))
    .map((mapping) => mapping.key.odooId);
  const tasks = await callUpstream(
    'odoo',
    'read project.task',
    context.odoo.readTasks({
      domain: [
        '|',
        ['project_id', 'in', projectMappings.map((mapping) => mapping.key.odooId)],
        ['id', 'in', mappedIds],
      ],
      order: 'id asc',
      context: { active_test: false },
    }),
  );
  counters.odooReads += 1;
  return tasks.map((read) => new Map(read.map((task) => [task.id, task])));
}

export async function reconcileProject(
  context: FlowContext,
  projectMapping: Mapping,
  options: {
    readonly dryRun: boolean;
    /** Called for each task that could not be checked or repaired (for the failure streak). */
    readonly onFailure?: (failure: ReconcileFailure, error: SyncError) => Promise<void>;
    /** Called for each task repaired, moved or created (ends its failure streak). */
    readonly onRepaired?: (odooTaskId: number) => Promise<void>;
  },
  counters: ReconcileCounters,
  inOdoo: Result<ReconciledTasks, SyncError>,
): Promise<Result<void, SyncError>> {
  const planeProjectId = projectMapping.planeId!;
  const odooProjectId = projectMapping.key.odooId;
  if (inOdoo.isErr()) return err(inOdoo.error);

  // Odoo: the project's tasks, archived ones included, and every task mapped into it (deleted ones are missing).
  const taskMappings = await context.store.list({ model: 'project.task', planeProjectId });
  const mappedHere = new Set(taskMappings.map((mapping) => mapping.key.odooId));
  const tasks = new Map(
    [...inOdoo.value].filter(
      ([id, task]) => task.projectId?.id === odooProjectId || mappedHere.has(id),
    ),
  );

  // Plane: cycle membership, one list per mapped cycle (work items do not carry it). Those lists hold the
  // work items themselves (the same serializer as the project's list), so the project's own list is read
  // only when a work item to compare is in none of them.
  const items = new Map<string, PlaneWorkItem>();
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
    for (const item of members.value) {
      items.set(item.id, item);
      cycleOfItem.set(item.id, cycle.planeId!);
    }
  }
  const compared = taskMappings.filter((mapping) => {
    const task = tasks.get(mapping.key.odooId);
    return (
      mapping.status === 'active' &&
      mapping.planeId !== null &&
      task?.active === true &&
      task.projectId?.id === odooProjectId
    );
  });
  if (compared.some((mapping) => !items.has(mapping.planeId!))) {
    // Every work item of the project, a page as large as Plane accepts per call.
    let cursor: string | undefined;
    do {
      const page = await callUpstream(
        'plane',
        'list work items',
        context.plane.listWorkItems(planeProjectId, {
          perPage: planePageSizeOf(context),
          ...(cursor === undefined ? {} : { cursor }),
        }),
      );
      counters.planeReads += 1;
      if (page.isErr()) return err(page.error);
      for (const item of page.value.results) items.set(item.id, item);
      cursor = page.value.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  const neighboursOf = async (
    task: OdooTask,
    inProject: Mapping = projectMapping,
  ): Promise<TaskNeighbours> => {
    const parent =
      task.parentId === null
        ? null
        : await context.store.get(keyOf('project.task', task.parentId.id));
    const cycle =
      task.milestoneId === null
        ? null
        : await context.store.get(keyOf('project.milestone', task.milestoneId.id));
    return {
      project: inProject,
      parent:
        parent?.status === 'active' && parent.planeProjectId === inProject.planeId ? parent : null,
      cycle:
        cycle?.status === 'active' && cycle.planeProjectId === inProject.planeId ? cycle : null,
    };
  };

  // One item's failure is recorded (ledger, report, the caller's failure streak) and the others go on:
  // a single 404 must not leave the rest of the portfolio unrepaired.
  const failItem = async (
    odooTaskId: number,
    planeId: string | null,
    driftFrom: number,
    error: SyncError,
  ): Promise<void> => {
    const reason = describeSyncError(error);
    for (let index = driftFrom; index < counters.drift.length; index += 1) {
      const item = counters.drift[index]!;
      if (item.odooTaskId === odooTaskId && item.repair !== 'reported')
        counters.drift[index] = { ...item, repair: 'failed' };
    }
    const failure: ReconcileFailure = {
      model: 'project.task',
      odooId: odooTaskId,
      planeId,
      reason,
    };
    counters.failed.push(failure);
    await record(context, {
      entity: {
        model: 'project.task',
        odooId: odooTaskId,
        ...(planeId === null ? {} : { planeId }),
      },
      decision: `reconciliation could not repair task #${odooTaskId}: ${reason}; the other items went on`,
      writes: [],
      outcome: 'failed',
      detail: { error },
    });
    await options.onFailure?.(failure, error);
  };

  const reconcileMapped = async (mapping: Mapping): Promise<Result<void, SyncError>> => {
    const task = tasks.get(mapping.key.odooId);
    if (mapping.status !== 'active' || mapping.planeId === null) return ok(undefined);
    if (task === undefined || !task.active) {
      const how = task === undefined ? 'deleted' : 'archived';
      if (mapping.shadow.goneInOdoo === how) return ok(undefined);
      counters.drift.push({
        odooTaskId: mapping.key.odooId,
        planeWorkItemId: mapping.planeId,
        field: 'active',
        odooValue: how,
        planeValue: 'open',
        repair: options.dryRun ? 'reported' : 'marked',
        owner: 'odoo',
        action: 'marked',
      });
      if (options.dryRun) return ok(undefined);
      const marked = await markGoneInOdoo(context, mapping, how);
      if (marked.isErr()) return err(marked.error);
      if (how === 'archived') counters.markedArchived += 1;
      else counters.markedDeleted += 1;
      return ok(undefined);
    }
    if (task.projectId?.id !== odooProjectId) return reconcileMoved(task, mapping);
    const listed = items.get(mapping.planeId);
    if (listed === undefined)
      return reportMissingInPlane(context, task, mapping, options, counters);
    const current: PlaneWorkItem = { ...listed, cycleId: cycleOfItem.get(listed.id) ?? null };
    const neighbours = await neighboursOf(task);
    // The item is listed in this project: only a PATCH can follow, and a PATCH carries no state.
    const desired = await desiredTaskOf(context, task, neighbours, false);
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
        owner: context.config.ownership[field],
        action: 'plane-updated',
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
        owner: 'odoo',
        action: 'plane-updated',
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
        owner: 'plane',
        action: 'odoo-updated',
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
        owner: 'odoo',
        action: 'plane-updated',
      });
    }
    if (
      options.dryRun ||
      (plan.changedFields.length === 0 && !cycleDrift && !stateDrift && !relationDrift)
    )
      return ok(undefined);
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
    return ok(undefined);
  };

  // A task now in another Odoo project (or in none): its work item moves with it when that project is
  // mapped — Plane cannot move items between projects, so `syncTaskRecord` recreates it there.
  const reconcileMoved = async (
    task: OdooTask,
    mapping: Mapping,
  ): Promise<Result<void, SyncError>> => {
    const movedTo = task.projectId?.id ?? null;
    const target =
      movedTo === null ? null : await context.store.get(keyOf('project.project', movedTo));
    const movable = target !== null && target.status === 'active' && target.planeId !== null;
    counters.drift.push({
      odooTaskId: task.id,
      planeWorkItemId: mapping.planeId,
      field: 'project',
      odooValue: movedTo,
      planeValue: planeProjectId,
      repair: options.dryRun || !movable ? 'reported' : 'moved',
      owner: 'odoo',
      action: movable ? 'moved' : 'none',
    });
    if (options.dryRun || !movable) return ok(undefined);
    const moved = await syncTaskRecord(context, task, await neighboursOf(task, target));
    if (moved.isErr()) return err(moved.error);
    counters.repaired += 1;
    return ok(undefined);
  };

  const mappedIds = new Set<number>();
  for (const mapping of taskMappings) {
    mappedIds.add(mapping.key.odooId);
    counters.checked += 1;
    const driftFrom = counters.drift.length;
    const done = await reconcileMapped(mapping);
    if (done.isErr()) await failItem(mapping.key.odooId, mapping.planeId, driftFrom, done.error);
    else if (counters.drift.length > driftFrom && !options.dryRun)
      await options.onRepaired?.(mapping.key.odooId);
  }

  // Tasks Odoo has and Plane lacks (a missed webhook): created, parents first.
  const unmapped = [...tasks.values()]
    .filter((task) => task.active && !mappedIds.has(task.id))
    .sort((a, b) => (a.parentId === null ? 0 : 1) - (b.parentId === null ? 0 : 1) || a.id - b.id);
  for (const task of unmapped) {
    const driftFrom = counters.drift.length;
    counters.drift.push({
      odooTaskId: task.id,
      planeWorkItemId: null,
      field: 'work item',
      odooValue: task.name,
      planeValue: null,
      repair: options.dryRun ? 'reported' : 'created',
      owner: 'odoo',
      action: 'created',
    });
    if (options.dryRun) continue;
    const created = await syncTaskRecord(context, task, await neighboursOf(task));
    if (created.isErr()) {
      await failItem(task.id, null, driftFrom, created.error);
      continue;
    }
    counters.createdInPlane += 1;
    await options.onRepaired?.(task.id);
  }
  return ok(undefined);
}

/**
 * A mapped work item Plane no longer lists (a person deleted or archived it in Plane): reported once —
 * drift, a ledger entry naming both sides and what to do, one warning — then only counted. The sync does
 * not recreate it: removing it was a person's decision in Plane, and Odoo's task is untouched.
 */
async function reportMissingInPlane(
  context: FlowContext,
  task: OdooTask,
  mapping: Mapping,
  options: { readonly dryRun: boolean },
  counters: ReconcileCounters,
): Promise<Result<void, SyncError>> {
  counters.missingInPlane += 1;
  if (mapping.shadow.missingInPlane === true) return ok(undefined);
  counters.drift.push({
    odooTaskId: task.id,
    planeWorkItemId: mapping.planeId,
    field: 'work item',
    odooValue: task.name,
    planeValue: null,
    repair: 'reported',
    owner: 'odoo',
    action: 'none',
  });
  if (options.dryRun) return ok(undefined);
  const advice = `Odoo task #${task.id} "${task.name}" is open, but its Plane work item ${mapping.planeId} is no longer in Plane (deleted or archived there). The sync leaves both as they are: archive the Odoo task if the work is dropped, or restore the work item in Plane to sync it again.`;
  const stored = await putMapping(
    context,
    { ...mapping, shadow: { ...mapping.shadow, missingInPlane: true } },
    mapping.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity: { model: 'project.task', odooId: task.id, planeId: mapping.planeId! },
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
  return ok(undefined);
}

async function relationDriftOf(
  context: FlowContext,
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
