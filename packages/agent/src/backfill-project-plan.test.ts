import { describe, expect, it } from 'vitest';
import type { Mapping, OdooModel } from '@odoo-plane-sync/sync-core';
import { estimateBackfill } from './backfill-estimate.js';
import {
  planProjectBackfill,
  type BackfillProjectFacts,
  type BackfillProjectPlan,
} from './backfill-project-plan.js';

const syncedAt = Date.parse('2026-01-01T00:00:00Z');
const before = '2025-12-31 12:00:00';
const after = '2026-01-02 08:00:00';

const activeMapping = (model: OdooModel, odooId: number, planeId: string): Mapping => ({
  key: { model, odooId },
  status: 'active',
  planeId,
  planeProjectId: 'plane-project',
  shadow: {},
  version: 1,
  updatedAt: syncedAt,
});

const facts = (overrides: Partial<BackfillProjectFacts>): BackfillProjectFacts => ({
  project: { id: 7, name: 'Portal', user_id: [1, 'Lead'], write_date: before },
  mapping: undefined,
  planeProjectId: null,
  linkedTaskIds: new Set(),
  milestones: [],
  tasks: [],
  milestoneMappings: new Map(),
  taskMappings: new Map(),
  ...overrides,
});

describe('planProjectBackfill', () => {
  it('plans a project Plane lacks: creates, cycles with new tasks, blockers and assignees but the lead', () => {
    const plan = planProjectBackfill(
      facts({
        milestones: [
          { id: 20, project_id: [7, 'Portal'], write_date: before },
          { id: 21, project_id: [8, 'Other'], write_date: before },
        ],
        tasks: [
          {
            id: 30,
            project_id: [7, 'Portal'],
            milestone_id: [20, 'M1'],
            user_ids: [1, 2],
            depend_on_ids: [31],
            write_date: before,
          },
          {
            id: 31,
            project_id: [7, 'Portal'],
            milestone_id: false,
            user_ids: [3],
            write_date: before,
          },
          {
            id: 32,
            project_id: [8, 'Other'],
            milestone_id: false,
            user_ids: [4],
            write_date: before,
          },
        ],
      }),
    );
    expect(plan).toEqual<BackfillProjectPlan>({
      odooProjectId: 7,
      name: 'Portal',
      planeProjectId: null,
      project: 'create',
      milestones: { create: 1, link: 0, update: 0, unchanged: 0 },
      tasks: { create: 2, link: 0, update: 0, unchanged: 0 },
      tasksWithNewBlockers: 1,
      // project, states read, 2 new members (users 2 and 3), 1 cycle, 1 cycle membership, 2 tasks, 1 relation
      planeCalls: 1 + 1 + 2 + 1 + 1 + 2 + 1,
    });
  });

  it('updates a mapped project edited since, links what Plane has, and leaves unchanged records alone', () => {
    const plan = planProjectBackfill(
      facts({
        project: { id: 7, name: 'Portal', user_id: [1, 'Lead'], write_date: after },
        mapping: activeMapping('project.project', 7, 'plane-project'),
        planeProjectId: 'plane-project',
        linkedTaskIds: new Set([32]),
        milestones: [{ id: 20, project_id: [7, 'Portal'], write_date: before }],
        milestoneMappings: new Map([[20, activeMapping('project.milestone', 20, 'cycle-20')]]),
        tasks: [
          { id: 30, project_id: [7, 'Portal'], user_ids: [5], write_date: before },
          { id: 31, project_id: [7, 'Portal'], user_ids: [], write_date: after },
          { id: 32, project_id: [7, 'Portal'], user_ids: [6], write_date: before },
        ],
        taskMappings: new Map([
          [30, activeMapping('project.task', 30, 'item-30')],
          [31, activeMapping('project.task', 31, 'item-31')],
        ]),
      }),
    );
    expect(plan).toEqual<BackfillProjectPlan>({
      odooProjectId: 7,
      name: 'Portal',
      planeProjectId: 'plane-project',
      project: 'update',
      milestones: { create: 0, link: 0, update: 0, unchanged: 1 },
      tasks: { create: 0, link: 1, update: 1, unchanged: 1 },
      tasksWithNewBlockers: 0,
      // project update, states read, the linked task, the updated task; members only at creation
      planeCalls: 1 + 1 + 1 + 1,
    });
  });

  it('links an unmapped project Plane already has, and names one without a name by its id', () => {
    const plan = planProjectBackfill(
      facts({ project: { id: 9, name: false, write_date: before }, planeProjectId: 'found' }),
    );
    expect(plan).toMatchObject({ odooProjectId: 9, name: '#9', project: 'link', planeCalls: 1 });
  });
});

describe('estimateBackfill', () => {
  const withCalls = (planeCalls: number) => ({ planeCalls }) as BackfillProjectPlan;

  it.each([
    [[], 60, { planeCalls: 0, minutes: 0, rateLimitPerMinute: 60 }],
    [[withCalls(3), withCalls(50)], 60, { planeCalls: 57, minutes: 1, rateLimitPerMinute: 60 }],
    [[withCalls(3)], 60, { planeCalls: 7, minutes: 0.2, rateLimitPerMinute: 60 }],
    [[withCalls(3)], 0, { planeCalls: 7, minutes: null, rateLimitPerMinute: null }],
    [[withCalls(3)], null, { planeCalls: 7, minutes: null, rateLimitPerMinute: null }],
  ] as const)('%o at %s per minute is %o', (projects, rate, expected) => {
    expect(estimateBackfill(projects, rate)).toEqual(expected);
  });
});
