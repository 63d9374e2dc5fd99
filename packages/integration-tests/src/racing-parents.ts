import {
  isRetryable,
  type Mapping,
  type SyncEngine,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
import type { Harness } from './harness.js';

/** A new Odoo project, never synced, whose task jobs race on it (and on its milestone and parent task). */
export interface RaceProject {
  readonly projectId: number;
  readonly milestoneId: number | null;
  /** The task the first `subtasks` tasks are subtasks of; it has no job of its own. */
  readonly parentId: number | null;
  /** The tasks that get a job each. */
  readonly taskIds: readonly number[];
  /** With `dependencies`: each task's blocker (the task before it), null for the first; else all null. */
  readonly blockerIds: readonly (number | null)[];
}

export interface RaceShape {
  readonly taskCount: number;
  readonly withMilestone: boolean;
  readonly subtasks: number;
  /** The Odoo user every task is assigned to (none when absent). */
  readonly assigneeId?: number;
  /** Each task depends on the one before it: a dependent's job may run before its blocker's. */
  readonly dependencies?: boolean;
}

interface WireRecord {
  readonly id: string;
  readonly project?: string;
  readonly external_id?: string | null;
  readonly external_source?: string | null;
  readonly parent?: string | null;
}

/** Creates the race project in the Odoo simulator: a milestone (all tasks in it), a parent task, tasks. */
export function createRaceProject(
  harness: Harness,
  shape: RaceShape,
  name = 'Race 1',
): RaceProject {
  const projectId = harness.odoo.create('project.project', { name, allow_milestones: true });
  const milestoneId = shape.withMilestone
    ? harness.odoo.create('project.milestone', {
        name: `${name} M1`,
        project_id: projectId,
        deadline: '2026-03-28',
      })
    : null;
  const parentId =
    shape.subtasks > 0
      ? harness.odoo.create('project.task', {
          name: `${name} parent`,
          project_id: projectId,
          description: '<p>parent</p>',
          user_ids: [[6, 0, []]],
        })
      : null;
  const taskIds: number[] = [];
  const blockerIds: (number | null)[] = [];
  for (let index = 0; index < shape.taskCount; index += 1) {
    const blockerId = shape.dependencies === true ? (taskIds[index - 1] ?? null) : null;
    blockerIds.push(blockerId);
    taskIds.push(
      harness.odoo.create('project.task', {
        name: `${name} task ${index}`,
        project_id: projectId,
        description: `<p>race ${index}</p>`,
        milestone_id: milestoneId ?? false,
        parent_id: parentId !== null && index < shape.subtasks ? parentId : false,
        user_ids: [[6, 0, shape.assigneeId === undefined ? [] : [shape.assigneeId]]],
        depend_on_ids: [[6, 0, blockerId === null ? [] : [blockerId]]],
      }),
    );
  }
  return { projectId, milestoneId, parentId, taskIds, blockerIds };
}

/** One `odoo-record` job per task of the race. */
export function raceTaskJobs(race: RaceProject): SyncJob[] {
  return race.taskIds.map((odooId) => ({ kind: 'odoo-record', model: 'project.task', odooId }));
}

/** What Plane holds for the race's Odoo records, matched by external id, read from the simulator itself. */
export function planeSideOf(harness: Harness, race: RaceProject) {
  const source = (model: string): string => `odoo:${harness.odoo.db}:${model}`;
  const ofRecord = (records: readonly WireRecord[], model: string, odooId: number) =>
    records.filter(
      (record) => record.external_id === String(odooId) && record.external_source === source(model),
    );
  const projects = ofRecord(
    harness.plane.listProjects() as WireRecord[],
    'project.project',
    race.projectId,
  );
  const items = harness.plane.listWorkItems() as WireRecord[];
  const cycles = projects.flatMap(
    (project) => harness.plane.listCycles(project.id) as WireRecord[],
  );
  const taskIds = [...race.taskIds, ...(race.parentId === null ? [] : [race.parentId])];
  return {
    projects,
    cycles:
      race.milestoneId === null ? [] : ofRecord(cycles, 'project.milestone', race.milestoneId),
    itemsOf: new Map(
      taskIds.map((taskId) => [taskId, ofRecord(items, 'project.task', taskId)] as const),
    ),
    projectItems: items.filter((item) => projects.some((project) => project.id === item.project)),
  };
}

/**
 * The promise of racing jobs, checked before any reconciliation: at most one Plane project, cycle and work
 * item per Odoo record (exactly one once any job succeeded), every job that succeeded applied (its task
 * mapped to a work item Plane has), and every job that failed visibly failed (a `failed` ledger entry for
 * its entity) with a retryable error. Returns the broken promises; empty when all hold.
 */
export async function raceProblems(
  harness: Harness,
  race: RaceProject,
  jobs: readonly SyncJob[],
  results: readonly Awaited<ReturnType<SyncEngine['run']>>[],
): Promise<string[]> {
  const problems: string[] = [];
  const plane = planeSideOf(harness, race);
  const anyApplied = results.some((result) => result.isOk());
  const expectOne = (what: string, count: number): void => {
    if (count > 1 || (anyApplied && count !== 1)) problems.push(`${count} Plane ${what}`);
  };
  expectOne(`projects for Odoo project ${race.projectId}`, plane.projects.length);
  if (race.milestoneId !== null)
    expectOne(`cycles for Odoo milestone ${race.milestoneId}`, plane.cycles.length);
  for (const [taskId, items] of plane.itemsOf) {
    if (items.length > 1) problems.push(`${items.length} Plane work items for Odoo task ${taskId}`);
  }
  const failed = await harness.ledger.list({ outcome: 'failed' });
  for (const [index, job] of jobs.entries()) {
    const result = results[index]!;
    const entity =
      job.kind === 'project-tree'
        ? { model: 'project.project', odooId: job.odooProjectId }
        : job.kind === 'odoo-record'
          ? { model: job.model, odooId: job.odooId }
          : undefined;
    if (entity === undefined) continue;
    const name = `${entity.model} ${entity.odooId}`;
    if (result.isErr()) {
      if (!isRetryable(result.error))
        problems.push(`${name} failed for good: ${result.error.kind}`);
      if (
        !failed.some(
          (entry) => entry.entity.model === entity.model && entry.entity.odooId === entity.odooId,
        )
      )
        problems.push(`${name} failed without a failed ledger entry`);
      continue;
    }
    const tasks =
      job.kind === 'project-tree'
        ? race.taskIds
        : job.kind === 'odoo-record' && job.model === 'project.task'
          ? [job.odooId]
          : [];
    for (const taskId of tasks) {
      const mapping = await harness.store.get({ model: 'project.task', odooId: taskId });
      const items = plane.itemsOf.get(taskId) ?? [];
      if (mapping?.status !== 'active' || !items.some((item) => item.id === mapping.planeId))
        problems.push(`${name} succeeded but task ${taskId} is not in Plane`);
      else problems.push(...(await relationProblems(harness, race, taskId, mapping)));
    }
  }
  return problems;
}

/** A task job that succeeded has its blocker in Plane and the `blocked_by` relation to it. */
async function relationProblems(
  harness: Harness,
  race: RaceProject,
  taskId: number,
  mapping: Mapping,
): Promise<string[]> {
  const blockerId = race.blockerIds[race.taskIds.indexOf(taskId)] ?? null;
  if (blockerId === null) return [];
  const blocker = await harness.store.get({ model: 'project.task', odooId: blockerId });
  if (blocker?.status !== 'active')
    return [`task ${taskId} succeeded but its blocker ${blockerId} is not in Plane`];
  const relations = await harness
    .planeInspector()
    .listRelations(mapping.planeProjectId!, mapping.planeId!);
  return relations.isOk() && relations.value.blockedBy.includes(blocker.planeId!)
    ? []
    : [`task ${taskId} succeeded but is not blocked by task ${blockerId} in Plane`];
}
