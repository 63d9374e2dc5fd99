import type { OdooSimulator, PlaneSimulator } from '@odoo-plane-sync/testkit';

/** A person known to both systems by e-mail, so assignees map without configuration. */
export interface SandboxPerson {
  readonly name: string;
  readonly email: string;
  readonly odooUserId: number;
  readonly planeUserId: string;
  /** Their own Plane API key: the demo acts as this person, not as the sync bot. */
  readonly planeApiKey: string;
}

/** What was seeded, by Odoo id. */
export interface SandboxPortfolio {
  readonly people: readonly SandboxPerson[];
  readonly projects: readonly {
    readonly odooId: number;
    readonly name: string;
    readonly stageIds: Readonly<Record<string, number>>;
  }[];
  readonly milestoneCount: number;
  readonly taskCount: number;
  /** A date of the plan below moved to this run's calendar (see {@link seedSandboxPortfolio}). */
  dateOf(planDate: string): string;
  readonly subtaskCount: number;
  readonly dependencyCount: number;
}

interface TaskPlan {
  readonly name: string;
  readonly owner: number;
  readonly milestone: number;
  readonly stage: 'New' | 'In Progress' | 'Review' | 'Done';
  readonly deadline: string;
  readonly priority?: '0' | '1';
  /** Index of the parent task in the same list. */
  readonly parent?: number;
  /** Indexes of the tasks this one waits for. */
  readonly dependsOn?: readonly number[];
}

interface ProjectPlan {
  readonly name: string;
  readonly manager: number;
  readonly start: string;
  readonly end: string;
  readonly milestones: readonly { readonly name: string; readonly deadline: string }[];
  readonly tasks: readonly TaskPlan[];
}

const people = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Grace Hopper', email: 'grace@example.com' },
  { name: 'Alan Turing', email: 'alan@example.com' },
  { name: 'Katherine Johnson', email: 'katherine@example.com' },
] as const;

const stages = ['New', 'In Progress', 'Review', 'Done'] as const;

/** The plan's dates are written as if today were this day; they are moved to the real today. */
const planToday = Date.parse('2026-01-26T00:00:00Z');
const dayMs = 86_400_000;

const portfolio: readonly ProjectPlan[] = [
  {
    name: 'Website Relaunch',
    manager: 0,
    start: '2026-01-05',
    end: '2026-06-30',
    milestones: [
      { name: 'Design approved', deadline: '2026-02-27' },
      { name: 'Public beta', deadline: '2026-04-30' },
      { name: 'Launch', deadline: '2026-06-30' },
    ],
    tasks: [
      { name: 'Wireframes', owner: 1, milestone: 0, stage: 'Done', deadline: '2026-02-06' },
      {
        name: 'Visual design',
        owner: 1,
        milestone: 0,
        stage: 'Review',
        deadline: '2026-02-20',
        dependsOn: [0],
      },
      {
        name: 'Mobile breakpoints',
        owner: 1,
        milestone: 0,
        stage: 'In Progress',
        deadline: '2026-02-25',
        parent: 1,
      },
      {
        name: 'CMS templates',
        owner: 2,
        milestone: 1,
        stage: 'In Progress',
        deadline: '2026-03-27',
        priority: '1',
        dependsOn: [1],
      },
      {
        name: 'Content migration',
        owner: 3,
        milestone: 1,
        stage: 'New',
        deadline: '2026-04-17',
        dependsOn: [3],
      },
      {
        name: 'Redirect map',
        owner: 3,
        milestone: 1,
        stage: 'New',
        deadline: '2026-04-10',
        parent: 4,
      },
      {
        name: 'Launch checklist',
        owner: 0,
        milestone: 2,
        stage: 'New',
        deadline: '2026-06-19',
        dependsOn: [4],
      },
    ],
  },
  {
    name: 'Mobile App 2.0',
    manager: 1,
    start: '2026-02-02',
    end: '2026-09-30',
    milestones: [
      { name: 'Alpha', deadline: '2026-05-29' },
      { name: 'Store release', deadline: '2026-09-30' },
    ],
    tasks: [
      {
        name: 'Offline sync',
        owner: 2,
        milestone: 0,
        stage: 'In Progress',
        deadline: '2026-04-24',
        priority: '1',
      },
      {
        name: 'Conflict resolution UI',
        owner: 1,
        milestone: 0,
        stage: 'New',
        deadline: '2026-05-15',
        parent: 0,
        dependsOn: [0],
      },
      { name: 'Push notifications', owner: 3, milestone: 0, stage: 'New', deadline: '2026-05-22' },
      {
        name: 'App store listing',
        owner: 0,
        milestone: 1,
        stage: 'New',
        deadline: '2026-09-11',
        dependsOn: [2],
      },
    ],
  },
  {
    name: 'Data Platform',
    manager: 2,
    start: '2026-01-12',
    end: '2026-12-18',
    milestones: [{ name: 'Warehouse live', deadline: '2026-07-31' }],
    tasks: [
      {
        name: 'Ingestion pipeline',
        owner: 2,
        milestone: 0,
        stage: 'In Progress',
        deadline: '2026-05-29',
      },
      {
        name: 'Schema registry',
        owner: 3,
        milestone: 0,
        stage: 'New',
        deadline: '2026-06-12',
        parent: 0,
      },
      {
        name: 'Dashboards',
        owner: 0,
        milestone: 0,
        stage: 'New',
        deadline: '2026-07-17',
        dependsOn: [0],
      },
    ],
  },
];

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
  const shiftDays = Math.floor(
    (Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - planToday) / dayMs,
  );
  const dateOf = (planDate: string): string =>
    new Date(Date.parse(`${planDate}T00:00:00Z`) + shiftDays * dayMs).toISOString().slice(0, 10);
  const seededPeople: SandboxPerson[] = people.map((person) => {
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
  const userId = (index: number): number => seededPeople[index]?.odooUserId ?? odoo.uid;

  let milestoneCount = 0;
  let taskCount = 0;
  let subtaskCount = 0;
  let dependencyCount = 0;
  const projects = portfolio.map((plan) => {
    const odooId = odoo.create('project.project', {
      name: plan.name,
      user_id: userId(plan.manager),
      date_start: dateOf(plan.start),
      date: dateOf(plan.end),
      allow_milestones: true,
      allow_task_dependencies: true,
    });
    const stageIds: Record<string, number> = {};
    for (const [sequence, name] of stages.entries())
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
    milestoneCount += milestoneIds.length;
    const taskIds: number[] = [];
    for (const task of plan.tasks) {
      const values: Record<string, unknown> = {
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
      };
      if (task.parent !== undefined) {
        values.parent_id = taskIds[task.parent];
        subtaskCount += 1;
      }
      taskIds.push(odoo.create('project.task', values));
    }
    for (const [index, task] of plan.tasks.entries()) {
      for (const blocker of task.dependsOn ?? []) {
        odoo.write('project.task', [taskIds[index]!], { depend_on_ids: [[4, taskIds[blocker]!]] });
        dependencyCount += 1;
      }
    }
    taskCount += taskIds.length;
    return { odooId, name: plan.name, stageIds };
  });
  return {
    people: seededPeople,
    projects,
    milestoneCount,
    taskCount,
    subtaskCount,
    dependencyCount,
    dateOf,
  };
}
