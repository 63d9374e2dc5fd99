import { describe, expect, it } from 'vitest';
import type { PlaneWorkItem } from '../../domain.js';
import { defaultOwnership } from '../../rules/ownership.js';
import { keyOf } from '../mapping-keys.js';
import { shadowOfExistingWorkItem, type DesiredWorkItem } from '../task/plan-work-item.js';
import { planCycleDrift } from './plan-cycle-drift.js';
import { relationsDrifted } from './plan-relation-drift.js';
import { planWorkItemDrift } from './plan-work-item-drift.js';
import { activeMappingOf, copyTask } from './reconcile.test-support.js';

const task = copyTask;
const current: PlaneWorkItem = {
  id: 'item-1',
  projectId: 'project-1',
  name: 'Write the copy',
  descriptionHtml: '<p>Three pages</p>',
  stateId: 'state-todo',
  priority: 'none',
  startDate: null,
  targetDate: null,
  assigneeIds: [],
  labelIds: [],
  parentId: null,
  cycleId: null,
};
const desired: DesiredWorkItem = {
  name: 'Write the copy',
  descriptionHtml: '<p>Three pages</p>',
  startDate: null,
  targetDate: null,
  assigneeIds: [],
  parentId: null,
  priority: 'none',
  stateId: undefined,
};
const mapping = activeMappingOf(keyOf('project.task', 7), {
  planeId: 'item-1',
  planeProjectId: 'project-1',
  shadow: shadowOfExistingWorkItem(current),
});
const cycle = activeMappingOf(keyOf('project.milestone', 11), {
  planeId: 'cycle-1',
  planeProjectId: 'project-1',
  shadow: { endDate: '2026-04-30' },
});
const inBeta = { ...task, milestoneId: { id: 11, name: 'Beta' } };
const unchanged = {
  task,
  mapping,
  current,
  desired,
  cycle: null,
  today: () => '2026-03-02',
  ownership: defaultOwnership,
  relationsDrifted: false,
  dryRun: false,
};

describe('planWorkItemDrift', () => {
  it('finds nothing to repair when Plane shows what Odoo says and the shadow holds', () => {
    expect(planWorkItemDrift(unchanged)).toEqual({
      drift: [],
      drifted: false,
      state: false,
      relations: false,
    });
  });

  it('reports each field Odoo changed as written to Plane, by its owner', () => {
    const drift = planWorkItemDrift({
      ...unchanged,
      desired: { ...desired, name: 'Write the copy (EN)', priority: 'high' },
    });

    expect(drift.drift).toEqual([
      {
        odooTaskId: 7,
        planeWorkItemId: 'item-1',
        field: 'name',
        odooValue: null,
        planeValue: null,
        repair: 'plane-updated',
        owner: 'odoo',
        action: 'plane-updated',
      },
      expect.objectContaining({ field: 'priority', repair: 'plane-updated' }),
    ]);
    expect(drift).toMatchObject({ drifted: true, state: false, relations: false });
  });

  it("carries both sides' values for a field changed on both, which Odoo wins", () => {
    const drift = planWorkItemDrift({
      ...unchanged,
      current: { ...current, name: 'Copy (Plane)' },
      desired: { ...desired, name: 'Copy (Odoo)' },
    });

    expect(drift.drift).toEqual([
      expect.objectContaining({
        field: 'name',
        odooValue: 'Copy (Odoo)',
        planeValue: 'Copy (Plane)',
      }),
    ]);
  });

  it('reports a state moved in Plane for Odoo to follow, in the order fields, cycle, state, dependencies', () => {
    const drift = planWorkItemDrift({
      ...unchanged,
      task: inBeta,
      current: { ...current, stateId: 'state-done' },
      desired: { ...desired, name: 'Write the copy (EN)' },
      cycle,
      relationsDrifted: true,
    });

    expect(drift.drift.map((item) => [item.field, item.repair])).toEqual([
      ['name', 'plane-updated'],
      ['cycle', 'plane-updated'],
      ['state', 'odoo-updated'],
      ['dependencies', 'plane-updated'],
    ]);
    expect(drift.drift[2]).toMatchObject({
      odooValue: 'state-todo',
      planeValue: 'state-done',
      owner: 'plane',
    });
    expect(drift).toMatchObject({ drifted: true, state: true, relations: true });
  });

  it('leaves the state alone when Odoo owns it or Plane shows none', () => {
    const moved = { ...unchanged, current: { ...current, stateId: 'state-done' } };

    expect(
      planWorkItemDrift({ ...moved, ownership: { ...defaultOwnership, state: 'odoo' } }).state,
    ).toBe(false);
    expect(planWorkItemDrift({ ...unchanged, current: { ...current, stateId: null } }).state).toBe(
      false,
    );
  });

  it('only reports in a dry run, still saying what the repair would be', () => {
    const drift = planWorkItemDrift({
      ...unchanged,
      current: { ...current, stateId: 'state-done' },
      dryRun: true,
    });

    expect(drift.drift).toEqual([
      expect.objectContaining({ field: 'state', repair: 'reported', action: 'odoo-updated' }),
    ]);
    expect(drift.drifted).toBe(true);
  });
});

describe('planCycleDrift', () => {
  const input = { ...unchanged, task: inBeta, cycle };

  it("reports a work item outside its milestone's cycle, and one left in a cycle Odoo dropped", () => {
    expect(planCycleDrift(input)).toMatchObject({
      field: 'cycle',
      odooValue: 'cycle-1',
      planeValue: null,
      owner: 'odoo',
    });
    expect(
      planCycleDrift({ ...input, task, current: { ...current, cycleId: 'cycle-1' } }),
    ).toMatchObject({ odooValue: null, planeValue: 'cycle-1' });
  });

  it('finds no drift in the right cycle, for an unmapped cycle, or when Plane owns cycles', () => {
    expect(planCycleDrift({ ...input, current: { ...current, cycleId: 'cycle-1' } })).toBeNull();
    expect(planCycleDrift({ ...input, cycle: null })).toBeNull();
    expect(
      planCycleDrift({ ...input, ownership: { ...defaultOwnership, cycle: 'plane' } }),
    ).toBeNull();
  });

  it('leaves a completed cycle alone (Plane refuses new items there), asking the date only then', () => {
    const asked: string[] = [];
    const today = (day: string) => () => {
      asked.push(day);
      return day;
    };

    expect(planCycleDrift({ ...input, today: today('2026-05-01') })).toBeNull();
    expect(planCycleDrift({ ...input, today: today('2026-04-30') })).not.toBeNull();
    expect(
      planCycleDrift({ ...input, cycle: { ...cycle, shadow: {} }, today: today('2027-01-01') }),
    ).not.toBeNull();
    expect(asked).toEqual(['2026-05-01', '2026-04-30']);
  });
});

describe('relationsDrifted', () => {
  const synced = { ...mapping, shadow: { blockedBy: ['item-2'] } };

  it('finds a mapped blocker Plane does not have yet, and ignores unmapped ones (deferred)', () => {
    const blockers = [
      { odooId: 8, planeId: 'item-2' },
      { odooId: 9, planeId: 'item-3' },
    ];

    expect(relationsDrifted({ blockers, mapping: synced, relationRemoval: false })).toBe(true);
    expect(
      relationsDrifted({
        blockers: [blockers[0]!, { odooId: 9, planeId: undefined }],
        mapping: synced,
        relationRemoval: false,
      }),
    ).toBe(false);
  });

  it('counts a dropped dependency only where Plane can remove relations (CE cannot)', () => {
    expect(relationsDrifted({ blockers: [], mapping: synced, relationRemoval: false })).toBe(false);
    expect(relationsDrifted({ blockers: [], mapping: synced, relationRemoval: true })).toBe(true);
  });
});
