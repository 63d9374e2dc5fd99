import type { OdooSimulator, PlaneSimulator } from '@odoo-plane-sync/testkit';
import {
  plannedPeople,
  plannedPortfolio,
  plannedStages,
  planToday,
  type ProjectPlan,
} from './sandbox-portfolio-plan.js';

/** A person known to both systems by e-mail, so assignees map without configuration. */
export interface SandboxPerson {
  readonly name: string;
  readonly email: string;
  readonly odooUserId: number;
  readonly planeUserId: string;
  /** Their own Plane API key: the demo acts as this person, not as the sync bot. */
  readonly planeApiKey: string;
}

/** A seeded project: its Odoo id, name and task stage ids by stage name. */
export interface SandboxProject {
  readonly odooId: number;
  readonly name: string;
  readonly stageIds: Readonly<Record<string, number>>;
}

/** What was seeded, by Odoo id. */
export interface SandboxPortfolio {
  readonly people: readonly SandboxPerson[];
  readonly projects: readonly SandboxProject[];
  readonly milestoneCount: number;
  readonly taskCount: number;
  /** A date of the plan below moved to this run's calendar (see {@link seedSandboxPortfolio}). */
  dateOf(planDate: string): string;
  readonly subtaskCount: number;
  readonly dependencyCount: number;
}

/**
 * Seeds the sandbox: four people in both systems (matched by e-mail), three Odoo projects with stages,
 * milestones, tasks, subtasks and dependencies in the simulated Odoo's own value formats (a `date_deadline`
 * is a date on 16 and a UTC datetime from 17 on). Plane starts empty apart from the people: the initial
 * sync creates everything there.
 *
 * Dates are moved so that the projects started three weeks before `today`: the simulators run on the
 * system clock, and Plane refuses work items in a cycle that has already ended, as the real one does.
 *
 * @example
 * const seeded = seedSandboxPortfolio(odoo, plane);
 */
export function seedSandboxPortfolio(
  odoo: OdooSimulator,
  plane: PlaneSimulator,
  today: Date = new Date(),
): SandboxPortfolio {
  const dateOf = planCalendarOf(today);
  const seededPeople = seedPeople(odoo, plane);
  const userId = (index: number): number => seededPeople[index]?.odooUserId ?? odoo.uid;
  const seeded = plannedPortfolio.map((plan) => seedProject(odoo, plan, { dateOf, userId }));
  const total = (count: (project: SeededProject) => number): number =>
    seeded.reduce((sum, project) => sum + count(project), 0);
  return {
    people: seededPeople,
    projects: seeded.map(({ odooId, name, stageIds }) => ({ odooId, name, stageIds })),
    milestoneCount: total((project) => project.milestoneCount),
    taskCount: total((project) => project.taskCount),
    subtaskCount: total((project) => project.subtaskCount),
    dependencyCount: total((project) => project.dependencyCount),
    dateOf,
  };
}

const dayMs = 86_400_000;

/** Moves a date of the plan by as many days as `today` is after the plan's own today. */
function planCalendarOf(today: Date): (planDate: string) => string {
  const shiftDays = Math.floor(
    (Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - planToday) / dayMs,
  );
  return (planDate) =>
    new Date(Date.parse(`${planDate}T00:00:00Z`) + shiftDays * dayMs).toISOString().slice(0, 10);
}

/** Each planned person as an Odoo user and a Plane user with the same e-mail. */
function seedPeople(odoo: OdooSimulator, plane: PlaneSimulator): SandboxPerson[] {
  return plannedPeople.map((person) => {
    const odooUserId = odoo.create('res.users', {
      name: person.name,
      login: person.email,
      email: person.email,
    });
    const [firstName = '', lastName = ''] = person.name.split(' ');
    const planeUser = plane.addUser({
      email: person.email,
      firstName,
      lastName,
      displayName: firstName.toLowerCase(),
    });
    return { ...person, odooUserId, planeUserId: planeUser.id, planeApiKey: planeUser.apiKey };
  });
}

/** One project as seeded, with what it holds. */
interface SeededProject extends SandboxProject {
  readonly milestoneCount: number;
  readonly taskCount: number;
  readonly subtaskCount: number;
  readonly dependencyCount: number;
}

/** How a plan's dates and people become Odoo values. */
interface PlanValues {
  readonly dateOf: (planDate: string) => string;
  readonly userId: (person: number) => number;
}

/** One planned project in Odoo: the project, its stages, milestones, tasks, then their dependencies. */
function seedProject(odoo: OdooSimulator, plan: ProjectPlan, values: PlanValues): SeededProject {
  const { dateOf, userId } = values;
  const odooId = odoo.create('project.project', {
    name: plan.name,
    user_id: userId(plan.manager),
    date_start: dateOf(plan.start),
    date: dateOf(plan.end),
    allow_milestones: true,
    allow_task_dependencies: true,
  });
  const stageIds: Record<string, number> = {};
  for (const [sequence, name] of plannedStages.entries())
    stageIds[name] = odoo.create('project.task.type', {
      name,
      sequence,
      project_ids: [[6, 0, [odooId]]],
    });
  const milestoneIds = plan.milestones.map((milestone) =>
    odoo.create('project.milestone', {
      name: milestone.name,
      project_id: odooId,
      deadline: dateOf(milestone.deadline),
    }),
  );
  const taskIds: number[] = [];
  for (const task of plan.tasks) {
    taskIds.push(
      odoo.create('project.task', {
        name: task.name,
        project_id: odooId,
        description: `<p>${task.name} for ${plan.name}.</p>`,
        user_ids: [[6, 0, [userId(task.owner)]]],
        stage_id: stageIds[task.stage],
        priority: task.priority ?? '0',
        // Odoo 16 stores the deadline as a date; 17+ as a UTC datetime (end of the working day here).
        date_deadline:
          odoo.version === 16 ? dateOf(task.deadline) : `${dateOf(task.deadline)} 16:00:00`,
        milestone_id: milestoneIds[task.milestone] ?? false,
        ...(task.parent === undefined ? {} : { parent_id: taskIds[task.parent] }),
      }),
    );
  }
  let dependencyCount = 0;
  for (const [index, task] of plan.tasks.entries()) {
    for (const blocker of task.dependsOn ?? []) {
      odoo.write('project.task', [taskIds[index]!], { depend_on_ids: [[4, taskIds[blocker]!]] });
      dependencyCount += 1;
    }
  }
  return {
    odooId,
    name: plan.name,
    stageIds,
    milestoneCount: milestoneIds.length,
    taskCount: taskIds.length,
    subtaskCount: plan.tasks.filter((task) => task.parent !== undefined).length,
    dependencyCount,
  };
}
