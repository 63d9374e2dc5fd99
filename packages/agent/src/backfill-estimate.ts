import type { BackfillProjectPlan } from './backfill-project-plan.js';

/**
 * The cost model of one project tree's first sync, measured against the Plane simulator (see
 * `backfill-plan.test.ts`): one create per project, cycle and work item, one states read per project
 * that gets work items, one cycle-membership call per cycle with work items, one relations call per
 * task with blockers, one membership call per assignee who is not yet in the project (its lead is).
 */
const callsPerRun = 4;

/** Plane calls a project's plan costs; pure, so the estimate is tested with tables of counts. */
export function planeCallsOfProject(
  plan: Omit<BackfillProjectPlan, 'planeCalls' | 'name' | 'odooProjectId' | 'planeProjectId'> & {
    readonly newMembers: number;
    readonly cyclesWithNewTasks: number;
  },
): number {
  const { milestones, tasks } = plan;
  const projectCalls = plan.project === 'create' || plan.project === 'link' ? 1 : 0;
  const projectUpdate = plan.project === 'update' ? 1 : 0;
  const writesTasks = tasks.create + tasks.link > 0;
  return (
    projectCalls +
    projectUpdate +
    (writesTasks ? 1 : 0) +
    plan.newMembers +
    milestones.create +
    milestones.link +
    milestones.update +
    plan.cyclesWithNewTasks +
    tasks.create +
    tasks.link +
    tasks.update +
    plan.tasksWithNewBlockers
  );
}

/**
 * What the planned projects cost together: their Plane calls plus the run's start-up reads (none when
 * no project makes a call), and the minutes that takes at `rateLimitPerMinute` (null or ≤ 0: no limit).
 */
export function estimateBackfill(
  projects: readonly BackfillProjectPlan[],
  rateLimitPerMinute: number | null,
): {
  readonly planeCalls: number;
  readonly minutes: number | null;
  readonly rateLimitPerMinute: number | null;
} {
  const projectCalls = projects.reduce((sum, project) => sum + project.planeCalls, 0);
  const planeCalls = projectCalls === 0 ? 0 : projectCalls + callsPerRun;
  const limit = rateLimitPerMinute === null || rateLimitPerMinute <= 0 ? null : rateLimitPerMinute;
  return {
    planeCalls,
    minutes: limit === null ? null : Math.ceil((planeCalls / limit) * 10) / 10,
    rateLimitPerMinute: limit,
  };
}
