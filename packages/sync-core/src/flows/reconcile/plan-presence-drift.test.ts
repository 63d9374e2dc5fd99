import { describe, expect, it } from 'vitest';
import type { OdooTask } from '../../domain.js';
import { keyOf } from '../mapping-keys.js';
import {
  planCreation,
  planGoneInOdoo,
  planMissingInPlane,
  planProjectMove,
  planUnmappedTasks,
} from './plan-presence-drift.js';
import { activeMappingOf, copyTask } from './reconcile.test-support.js';

const task: OdooTask = { ...copyTask, projectId: { id: 5, name: 'Shop' } };
const mapping = activeMappingOf(keyOf('project.task', 7), {
  planeId: 'item-1',
  planeProjectId: 'project-1',
  shadow: {},
});

describe('planGoneInOdoo', () => {
  it('marks the work item of an archived or deleted task, and only reports it in a dry run', () => {
    expect(planGoneInOdoo(mapping, 'archived', false)).toEqual({
      odooTaskId: 7,
      planeWorkItemId: 'item-1',
      field: 'active',
      odooValue: 'archived',
      planeValue: 'open',
      repair: 'marked',
      owner: 'odoo',
      action: 'marked',
    });
    expect(planGoneInOdoo(mapping, 'deleted', true)).toMatchObject({
      odooValue: 'deleted',
      repair: 'reported',
      action: 'marked',
    });
  });

  it('finds no drift once the shadow says the item was marked that way', () => {
    const marked = { ...mapping, shadow: { goneInOdoo: 'archived' } };

    expect(planGoneInOdoo(marked, 'archived', false)).toBeNull();
    expect(planGoneInOdoo(marked, 'deleted', false)).toMatchObject({ odooValue: 'deleted' });
  });
});

describe('planProjectMove', () => {
  it('moves the work item when the new project is mapped, and only reports the move otherwise', () => {
    const move = { task, mapping, planeProjectId: 'project-1', dryRun: false };

    expect(planProjectMove({ ...move, movable: true })).toEqual({
      odooTaskId: 7,
      planeWorkItemId: 'item-1',
      field: 'project',
      odooValue: 5,
      planeValue: 'project-1',
      repair: 'moved',
      owner: 'odoo',
      action: 'moved',
    });
    expect(planProjectMove({ ...move, movable: false })).toMatchObject({
      repair: 'reported',
      action: 'none',
    });
    expect(planProjectMove({ ...move, movable: true, dryRun: true })).toMatchObject({
      repair: 'reported',
      action: 'moved',
    });
  });

  it('names no project for a task taken out of every project', () => {
    const drift = planProjectMove({
      task: { ...task, projectId: null },
      mapping,
      planeProjectId: 'project-1',
      movable: false,
      dryRun: false,
    });

    expect(drift.odooValue).toBeNull();
  });
});

describe('planMissingInPlane', () => {
  it('reports a work item Plane no longer lists the first time only', () => {
    expect(planMissingInPlane(task, mapping)).toEqual({
      odooTaskId: 7,
      planeWorkItemId: 'item-1',
      field: 'work item',
      odooValue: 'Write the copy',
      planeValue: null,
      repair: 'reported',
      owner: 'odoo',
      action: 'none',
    });
    expect(planMissingInPlane(task, { ...mapping, shadow: { missingInPlane: true } })).toBeNull();
  });
});

describe('planUnmappedTasks', () => {
  it('keeps the open tasks no mapping names, those without a parent first, then by id', () => {
    const parent = { id: 3, name: 'Parent' };
    const tasks = [
      { ...task, id: 9, parentId: parent },
      { ...task, id: 8 },
      { ...task, id: 7 },
      { ...task, id: 6, active: false },
      { ...task, id: 2, parentId: parent },
      { ...task, id: 4 },
    ];

    const unmapped = planUnmappedTasks(tasks, new Set([7]));

    expect(unmapped.map((item) => item.id)).toEqual([4, 8, 2, 9]);
  });
});

describe('planCreation', () => {
  it('creates the work item of a task Plane lacks, and only reports it in a dry run', () => {
    expect(planCreation(task, false)).toEqual({
      odooTaskId: 7,
      planeWorkItemId: null,
      field: 'work item',
      odooValue: 'Write the copy',
      planeValue: null,
      repair: 'created',
      owner: 'odoo',
      action: 'created',
    });
    expect(planCreation(task, true).repair).toBe('reported');
  });
});
