/**
 * The sandbox's sample portfolio as data: who works on what, with which milestones, deadlines, subtasks
 * and dependencies. `seedSandboxPortfolio` writes it into the simulated Odoo.
 */

/** One task of a seeded project. */
export interface TaskPlan {
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

/** One seeded project: its manager, dates, milestones and tasks (people by index). */
export interface ProjectPlan {
  readonly name: string;
  readonly manager: number;
  readonly start: string;
  readonly end: string;
  readonly milestones: readonly { readonly name: string; readonly deadline: string }[];
  readonly tasks: readonly TaskPlan[];
}

/** The people known to both systems, matched by e-mail. */
export const plannedPeople = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Grace Hopper', email: 'grace@example.com' },
  { name: 'Alan Turing', email: 'alan@example.com' },
  { name: 'Katherine Johnson', email: 'katherine@example.com' },
] as const;

/** Every seeded project's task stages, in order. */
export const plannedStages = ['New', 'In Progress', 'Review', 'Done'] as const;

/** The plan's dates are written as if today were this day; they are moved to the real today. */
export const planToday = Date.parse('2026-01-26T00:00:00Z');

/** The three projects of the sandbox, in the plan's calendar. */
export const plannedPortfolio: readonly ProjectPlan[] = [
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
