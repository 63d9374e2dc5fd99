import { ok, type Result } from 'neverthrow';
import type { OdooMilestone, OdooProject, OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { syncMilestoneIn } from '../milestone/milestone-job.js';
import { syncCycleMemberships } from '../milestone/sync-cycle-membership.js';
import { syncProjectRecord } from '../project/sync-project.js';
import { syncTaskRelations } from '../relations/sync-relations.js';
import { syncTaskRecord } from '../task/sync-task.js';

/** One project's tree from what was read of it: project → cycles → tasks (parents first) → relations. */
export async function syncTree(
  context: FlowContext,
  project: OdooProject,
  milestones: readonly OdooMilestone[],
  tasks: readonly OdooTask[],
): Promise<Result<unknown, SyncError>> {
  const odooProjectId = project.id;
  const projectMapping = await syncProjectRecord(context, project, {
    hasMilestones: milestones.length > 0,
  });
  if (projectMapping.isErr()) return projectMapping;

  const cycles = new Map<number, Mapping>();
  for (const milestone of milestones) {
    const cycle = await syncMilestoneIn(
      context,
      milestone,
      milestones,
      project,
      projectMapping.value,
    );
    if (cycle.isErr()) return cycle;
    cycles.set(milestone.id, cycle.value);
  }

  const resolved = await context.directory.resolveUsers(tasks.flatMap((task) => task.userIds));
  if (resolved.isErr()) return resolved;

  const taskMappings = new Map<number, Mapping>();
  for (const task of parentsFirst(tasks)) {
    const parent = task.parentId === null ? null : (taskMappings.get(task.parentId.id) ?? null);
    const cycle = task.milestoneId === null ? null : (cycles.get(task.milestoneId.id) ?? null);
    const synced = await syncTaskRecord(
      context,
      task,
      { project: projectMapping.value, parent, cycle },
      null,
      {
        batchCycleMembership: true,
      },
    );
    if (synced.isErr()) return synced;
    taskMappings.set(task.id, synced.value);
  }
  const memberships = await syncCycleMemberships(
    context,
    tasks.flatMap((task) => {
      const mapping = taskMappings.get(task.id);
      const cycle = task.milestoneId === null ? null : (cycles.get(task.milestoneId.id) ?? null);
      return mapping === undefined ? [] : [{ task, mapping, cycle, current: null }];
    }),
  );
  if (memberships.isErr()) return memberships;
  for (const [taskId, mapping] of memberships.value) taskMappings.set(taskId, mapping);
  for (const task of tasks) {
    const mapping = taskMappings.get(task.id);
    if (mapping === undefined) continue;
    const related = await syncTaskRelations(context, task, mapping);
    if (related.isErr()) return related;
  }
  await record(context, {
    entity: {
      model: 'project.project',
      odooId: odooProjectId,
      planeId: projectMapping.value.planeId!,
    },
    decision: `project tree synced: ${milestones.length} milestones, ${tasks.length} tasks`,
    writes: [],
    outcome: 'unchanged',
  });
  return ok(undefined);
}

/** Orders tasks so that every parent comes before its subtasks (ties by id). */
function parentsFirst(tasks: readonly OdooTask[]): OdooTask[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const depthOf = (task: OdooTask, seen = new Set<number>()): number => {
    const parentId = task.parentId?.id;
    if (parentId === undefined || seen.has(parentId)) return 0;
    const parent = byId.get(parentId);
    if (parent === undefined) return 0;
    seen.add(parentId);
    return 1 + depthOf(parent, seen);
  };
  return [...tasks].sort((a, b) => depthOf(a) - depthOf(b) || a.id - b.id);
}
