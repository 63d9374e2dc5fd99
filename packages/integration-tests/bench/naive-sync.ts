// The naive per-record sync the benchmark compares against: how hand-written syncs usually look. For each
// Odoo event it re-reads the record, always PATCHes the work item (or creates it), GETs its relations and
// POSTs each missing one; nightly, for every mapping, one Odoo read and one Plane GET. Not a package: it
// exists only to print its call counts beside the engine's, through the same clients and simulators.
import type { Harness } from '../src/harness.js';

type Clients = ReturnType<Harness['clients']>;

/** Where the naive sync keeps what it created: Odoo id → Plane id, per model. */
export interface NaiveMappings {
  readonly projects: Map<number, string>;
  readonly cycles: Map<number, { readonly projectId: string; readonly cycleId: string }>;
  readonly tasks: Map<number, { readonly projectId: string; readonly workItemId: string }>;
}

const must = <T>(result: { isErr(): boolean; value?: T; error?: unknown }): T => {
  if (result.isErr()) throw new Error(`naive sync failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
};

export function createNaiveMappings(): NaiveMappings {
  return { projects: new Map(), cycles: new Map(), tasks: new Map() };
}

/** One Odoo event per project, milestone and task of the portfolio, handled one record at a time. */
export async function naiveSyncEvents(
  { planeClient, odooClient }: Clients,
  mappings: NaiveMappings,
  portfolio: {
    readonly projectIds: readonly number[];
    readonly milestoneIds: readonly number[];
    readonly taskIds: readonly number[];
  },
): Promise<void> {
  for (const projectId of portfolio.projectIds) {
    const [project] = must(await odooClient.readProjects([projectId]));
    if (project === undefined) continue;
    const known = mappings.projects.get(projectId);
    if (known === undefined) {
      const created = must(
        await planeClient.createProject({
          // Plane refuses special characters in project names.
          name: project.name.replace(/[^\w\s-]/g, ''),
          identifier: `NAIVE${projectId}`,
          cycleView: true,
          externalId: String(projectId),
          externalSource: 'naive',
        }),
      );
      mappings.projects.set(projectId, created.id);
    } else {
      must(await planeClient.updateProject(known, { name: project.name.replace(/[^\w\s-]/g, '') }));
    }
  }
  for (const milestoneId of portfolio.milestoneIds) {
    const [milestone] = must(await odooClient.readMilestones([milestoneId]));
    const projectId = milestone?.projectId
      ? mappings.projects.get(milestone.projectId.id)
      : undefined;
    if (milestone === undefined || projectId === undefined) continue;
    const known = mappings.cycles.get(milestoneId);
    // Plane wants both cycle dates or neither; the naive sync sends neither.
    const dates = { startDate: null, endDate: null };
    if (known === undefined) {
      const created = must(
        await planeClient.createCycle(projectId, {
          name: milestone.name,
          ...dates,
          externalId: String(milestoneId),
          externalSource: 'naive',
        }),
      );
      mappings.cycles.set(milestoneId, { projectId, cycleId: created.cycle.id });
    } else {
      must(await planeClient.updateCycle(projectId, known.cycleId, { name: milestone.name }));
    }
  }
  for (const taskId of portfolio.taskIds) {
    const [task] = must(await odooClient.readTasks([taskId]));
    const projectId = task?.projectId ? mappings.projects.get(task.projectId.id) : undefined;
    if (task === undefined || projectId === undefined) continue;
    const known = mappings.tasks.get(taskId);
    let workItemId: string;
    if (known === undefined) {
      const created = must(
        await planeClient.createWorkItem(projectId, {
          name: task.name,
          externalId: String(taskId),
          externalSource: 'naive',
        }),
      );
      workItemId = created.workItem.id;
      mappings.tasks.set(taskId, { projectId, workItemId });
      const cycle = task.milestoneId ? mappings.cycles.get(task.milestoneId.id) : undefined;
      if (cycle !== undefined)
        must(await planeClient.addCycleWorkItems(projectId, cycle.cycleId, [workItemId]));
    } else {
      workItemId = known.workItemId;
      must(await planeClient.updateWorkItem(projectId, workItemId, { name: task.name }));
    }
    const relations = must(await planeClient.listRelations(projectId, workItemId));
    for (const blockerId of task.dependOnIds) {
      const blocker = mappings.tasks.get(blockerId);
      if (blocker === undefined || relations.blockedBy.includes(blocker.workItemId)) continue;
      must(
        await planeClient.createRelation(projectId, workItemId, {
          relationType: 'blocked_by',
          workItemIds: [blocker.workItemId],
        }),
      );
    }
  }
}

/** The nightly check: for every mapping, one Odoo read and one Plane GET. */
export async function naiveReconcile(
  { planeClient, odooClient }: Clients,
  mappings: NaiveMappings,
): Promise<void> {
  for (const [projectId, planeId] of mappings.projects) {
    must(await odooClient.readProjects([projectId]));
    must(await planeClient.getProject(planeId));
  }
  for (const [milestoneId, cycle] of mappings.cycles) {
    must(await odooClient.readMilestones([milestoneId]));
    must(await planeClient.getCycle(cycle.projectId, cycle.cycleId));
  }
  for (const [taskId, item] of mappings.tasks) {
    must(await odooClient.readTasks([taskId]));
    must(await planeClient.getWorkItem(item.projectId, item.workItemId));
  }
}
