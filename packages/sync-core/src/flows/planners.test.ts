import { describe, expect, it } from 'vitest';
import type { OdooProject } from '../domain.js';
import { desiredCycleOf, planCycleUpdate } from './milestone/plan-cycle.js';
import { desiredProjectOf, planProjectUpdate, projectShadowOf } from './project/plan-project.js';
import { planRelations } from './relations/plan-relations.js';

const project: OdooProject = {
  id: 4,
  name: 'R&D: Platform (2026)',
  descriptionHtml: '<p>Core platform</p>',
  userId: { id: 2, name: 'Mitchell Admin' },
  dateStart: '2026-01-05',
  date: '2026-06-30',
  allowMilestones: false,
  active: true,
  wbsCode: '1.4',
  portfolio: { id: 9, name: 'Growth' },
};

describe('desiredProjectOf', () => {
  it('cleans the name and carries the Odoo facts in the description', () => {
    const desired = desiredProjectOf(project, { leadPlaneUserId: 'u2', hasMilestones: true });

    expect(desired.name).toBe('R D Platform 2026');
    expect(desired.description).toBe(
      'Core platform\n\nSynced from Odoo project #4\nOdoo name: R&D: Platform (2026)\nWBS: 1.4\nPortfolio: Growth\nStart: 2026-01-05\nEnd: 2026-06-30',
    );
    expect(desired.cycleView).toBe(true);
  });
});

describe('planProjectUpdate', () => {
  const desired = desiredProjectOf(project, { leadPlaneUserId: 'u2', hasMilestones: false });
  const shadow = projectShadowOf(desired);

  it('makes no call when nothing changed', () => {
    expect(planProjectUpdate(desired, shadow).patch).toEqual({});
  });

  it('patches only what changed and never switches cycles off', () => {
    const plan = planProjectUpdate(
      { ...desired, name: 'Platform', cycleView: false },
      { ...shadow, cycleView: true },
    );
    expect(plan.patch).toEqual({ name: 'Platform' });
    expect(plan.shadow.cycleView).toBe(true);
  });

  it('keeps the lead when the manager has no Plane user', () => {
    expect(planProjectUpdate({ ...desired, projectLeadId: undefined }, shadow).patch).toEqual({});
  });
});

describe('desiredCycleOf', () => {
  const milestone = {
    id: 1,
    name: 'Beta',
    projectId: { id: 4, name: 'P' },
    deadline: '2026-03-31',
  };

  it.each([
    [{ previousDeadline: '2026-02-28', projectStart: '2026-01-05' }, '2026-03-01'],
    [{ previousDeadline: null, projectStart: '2026-01-05' }, '2026-01-05'],
    [{ previousDeadline: null, projectStart: null }, '2026-03-17'],
    [{ previousDeadline: '2026-03-31', projectStart: null }, '2026-03-31'],
  ])('starts %j on %s', (context, start) => {
    expect(desiredCycleOf(milestone, { ...context, defaultLengthDays: 14 })).toEqual({
      name: 'Beta',
      startDate: start,
      endDate: '2026-03-31',
    });
  });

  it('has no dates without a deadline', () => {
    expect(
      desiredCycleOf(
        { ...milestone, deadline: null },
        { previousDeadline: null, projectStart: null, defaultLengthDays: 14 },
      ),
    ).toEqual({
      name: 'Beta',
      startDate: null,
      endDate: null,
    });
  });
});

describe('planCycleUpdate', () => {
  const shadow = { name: 'Beta', startDate: '2026-03-01', endDate: '2026-03-31' };

  it('sends both dates together', () => {
    const plan = planCycleUpdate(
      { name: 'Beta', startDate: '2026-03-01', endDate: '2026-04-15' },
      shadow,
      '2026-03-10',
    );
    expect(plan).toMatchObject({
      kind: 'update',
      patch: { startDate: '2026-03-01', endDate: '2026-04-15' },
    });
  });

  it('does not edit a cycle that is completed in Plane', () => {
    const plan = planCycleUpdate(
      { name: 'Beta 2', startDate: '2026-03-01', endDate: '2026-03-31' },
      shadow,
      '2026-04-02',
    );
    expect(plan).toEqual({ kind: 'completed', wanted: { name: 'Beta 2' } });
  });

  it('is unchanged when Odoo did not change', () => {
    expect(
      planCycleUpdate(
        { name: 'Beta', startDate: '2026-03-01', endDate: '2026-03-31' },
        shadow,
        '2026-04-02',
      ),
    ).toEqual({
      kind: 'unchanged',
    });
  });
});

describe('planRelations', () => {
  it('adds new blockers, removes dropped ones and defers unmapped ones', () => {
    expect(
      planRelations({
        blockers: [
          { odooId: 1, planeId: 'w1' },
          { odooId: 2, planeId: undefined },
          { odooId: 3, planeId: 'w3' },
        ],
        synced: ['w3', 'w9'],
      }),
    ).toEqual({ add: ['w1'], remove: ['w9'], deferredOdooIds: [2], desired: ['w1', 'w3'] });
  });
});
