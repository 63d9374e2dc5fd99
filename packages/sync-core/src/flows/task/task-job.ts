import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { ensureMapped } from '../ensure-mapped.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { ensureMilestone } from '../milestone/milestone-job.js';
import { ensureProject } from '../project/project-job.js';
import { callUpstream } from '../call-upstream.js';
import { readOne } from '../read-odoo.js';
import { syncTaskRelations } from '../relations/sync-relations.js';
import { markGoneInOdoo } from './mark-gone-in-odoo.js';
import { syncTaskRecord } from './sync-task.js';

/** How deep a chain of unmapped parent tasks is followed before the link is left for a later run. */
const maxParentDepth = 10;

/** The parent task's mapping when it is (or can now be) mapped in the same Plane project; else null. */
async function parentOf(
  context: FlowContext,
  task: OdooTask,
  project: Mapping,
  depth: number,
): Promise<Result<Mapping | null, SyncError>> {
  if (task.parentId === null) return ok(null);
  const parentId = task.parentId.id;
  const ensured = await ensureMapped(context, keyOf('project.task', parentId), async (settled) => {
    if (depth >= maxParentDepth) return ok(settled);
    const parentTask = await readOne('project.task', parentId, (ids) =>
      context.odoo.readTasks(ids),
    );
    // A parent Odoo no longer has leaves the link for later; a failed read fails the job (it is retried),
    // or the task would be placed without its parent until it next changed.
    if (parentTask.isErr())
      return parentTask.error.kind === 'not-found' ? ok(settled) : err(parentTask.error);
    if (parentTask.value.projectId?.id !== task.projectId?.id) return ok(settled);
    return syncTaskWithParents(context, parentTask.value, depth + 1);
  });
  if (ensured.isErr()) return err(ensured.error);
  const parent = ensured.value;
  return ok(
    parent !== null && parent.status === 'active' && parent.planeProjectId === project.planeId
      ? parent
      : null,
  );
}

/** Finds (and if needed syncs) the project, parent and cycle a task needs, then the task itself. */
export async function syncTaskWithParents(
  context: FlowContext,
  task: OdooTask,
  depth = 0,
  current: PlaneWorkItem | null = null,
): Promise<Result<Mapping, SyncError>> {
  if (task.projectId === null) {
    // Private tasks (no project) have no Plane home.
    return err({
      kind: 'invalid-record',
      model: 'project.task',
      odooId: task.id,
      reason: 'task has no project',
    });
  }
  const project = await ensureProject(context, task.projectId.id);
  if (project.isErr()) return project;
  const parent = await parentOf(context, task, project.value, depth);
  if (parent.isErr()) return err(parent.error);
  let cycle: Mapping | null = null;
  if (task.milestoneId !== null) {
    const ensured = await ensureMilestone(context, task.milestoneId.id, project.value);
    if (ensured.isErr()) return ensured;
    cycle = ensured.value;
  }
  return syncTaskRecord(
    context,
    task,
    { project: project.value, parent: parent.value, cycle },
    current,
  );
}

/**
 * The task job: a task deleted or archived in Odoo marks its work item (never deletes it); a private task
 * is skipped; any other is synced with its parents, then its relations.
 */
export async function syncTaskById(
  context: FlowContext,
  odooTaskId: number,
): Promise<Result<unknown, SyncError>> {
  const task = await readOne('project.task', odooTaskId, (ids) => context.odoo.readTasks(ids));
  const mapping = await context.store.get(keyOf('project.task', odooTaskId));
  // Deleted or archived in Odoo (an unlink or archive webhook): mark the work item, never delete it.
  if (mapping?.status === 'active' && (task.isErr() || !task.value.active)) {
    if (task.isErr() && task.error.kind !== 'not-found') return task;
    return markGoneInOdoo(context, mapping, task.isErr() ? 'deleted' : 'archived');
  }
  if (task.isErr()) return task;
  if (task.value.projectId === null) {
    // A private task (Odoo 17+, no project; 19 gives each new user one) is not ours: no failure.
    context.logger.debug('private task skipped', { odooTaskId });
    await record(context, {
      entity: { model: 'project.task', odooId: odooTaskId },
      decision: 'private task (no project): not synced',
      writes: [],
      outcome: 'skipped',
    });
    return ok(undefined);
  }
  const synced = await syncTaskWithParents(context, task.value);
  if (synced.isErr()) return synced;
  const blockers = await ensureBlockersMapped(context, task.value);
  if (blockers.isErr()) return blockers;
  const related = await syncTaskRelations(context, task.value, synced.value);
  if (related.isErr()) return related;
  const moved = mapping?.status === 'active' && mapping.planeId !== synced.value.planeId;
  return moved ? relinkDependents(context, task.value) : related;
}

/**
 * After a move to another project, the tasks that depend on this one are still linked to its old work
 * item: they are linked to the new one now (one Odoo read finds them), not at the next reconciliation.
 * Where Plane cannot remove relations (CE) the old one stays, recorded and notified like any relation
 * Plane keeps. Each dependent is linked under its own serial key; this task is mapped, so no event that
 * holds a dependent's key waits on this one.
 */
async function relinkDependents(
  context: FlowContext,
  task: OdooTask,
): Promise<Result<void, SyncError>> {
  if (context.config.ownership.dependencies !== 'odoo') return ok(undefined);
  const dependents = await callUpstream(
    'odoo',
    'read project.task',
    context.odoo.readTasks({ domain: [['depend_on_ids', 'in', [task.id]]], order: 'id asc' }),
  );
  if (dependents.isErr()) return err(dependents.error);
  for (const dependent of dependents.value) {
    const key = keyOf('project.task', dependent.id);
    const linked = await context.runSerially(key, async (): Promise<Result<unknown, SyncError>> => {
      const known = await context.store.get(key);
      return known?.status === 'active' ? syncTaskRelations(context, dependent, known) : ok(known);
    });
    if (linked.isErr()) return err(linked.error);
  }
  return ok(undefined);
}

/**
 * Syncs the task's blockers that have no work item yet, as parents are, so its `blocked_by` relations are
 * made in this run. Otherwise a dependency on a task whose own event has not run yet (two webhooks in one
 * burst, or a blocker in a project not synced so far) would be deferred until this task next changed or
 * the reconciliation found it. A blocker that cannot be mapped (deleted, archived, private) stays deferred,
 * as before.
 *
 * No two events wait on each other: this runs after the task is mapped, and it waits only on the keys of
 * unmapped tasks, whose holders are creating them and wait only on parents, milestones and projects.
 */
async function ensureBlockersMapped(
  context: FlowContext,
  task: OdooTask,
): Promise<Result<void, SyncError>> {
  if (context.config.ownership.dependencies !== 'odoo') return ok(undefined);
  const mappings = await Promise.all(
    task.dependOnIds.map((id) => context.store.get(keyOf('project.task', id))),
  );
  const unmapped = task.dependOnIds.filter((_, index) => mappings[index]?.status !== 'active');
  if (unmapped.length === 0) return ok(undefined);
  // One read for all of them; a deleted blocker is simply not in the answer.
  const read = await callUpstream('odoo', 'read project.task', context.odoo.readTasks(unmapped));
  if (read.isErr()) return err(read.error);
  for (const blocker of read.value) {
    if (!blocker.active || blocker.projectId === null) continue;
    const ensured = await ensureMapped(context, keyOf('project.task', blocker.id), () =>
      syncTaskWithParents(context, blocker),
    );
    if (ensured.isErr()) return err(ensured.error);
  }
  return ok(undefined);
}
