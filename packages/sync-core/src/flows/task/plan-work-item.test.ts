import { describe, expect, it } from 'vitest';
import type { PlaneWorkItem } from '../../domain.js';
import { defaultOwnership } from '../../rules/ownership.js';
import { planWorkItemCreate, planWorkItemUpdate, type DesiredWorkItem } from './plan-work-item.js';

const desired: DesiredWorkItem = {
  name: 'Build API',
  descriptionHtml: '<p>Spec</p>',
  startDate: null,
  targetDate: '2026-03-02',
  assigneeIds: ['u2', 'u1'],
  parentId: null,
  priority: 'high',
  stateId: 's-todo',
};

const synced = planWorkItemCreate(desired, {
  externalId: '7',
  externalSource: 'odoo:db:project.task',
}).shadow;

const planeItem = (overrides: Partial<PlaneWorkItem> = {}): PlaneWorkItem => ({
  id: 'w1',
  projectId: 'p1',
  name: 'Build API',
  descriptionHtml: '<p class="editor">Spec</p>',
  stateId: 's-progress',
  priority: 'high',
  startDate: null,
  targetDate: '2026-03-02',
  assigneeIds: ['u1', 'u2'],
  labelIds: [],
  parentId: null,
  ...overrides,
});

describe('planWorkItemCreate', () => {
  it('sends every decidable field, the initial state and the external id', () => {
    const { input, shadow } = planWorkItemCreate(desired, {
      externalId: '7',
      externalSource: 'odoo:db:project.task',
    });

    expect(input).toEqual({
      externalId: '7',
      externalSource: 'odoo:db:project.task',
      name: 'Build API',
      descriptionHtml: '<p>Spec</p>',
      startDate: null,
      targetDate: '2026-03-02',
      assigneeIds: ['u2', 'u1'],
      parentId: null,
      priority: 'high',
      stateId: 's-todo',
    });
    expect(shadow.assignees).toEqual(['u1', 'u2']);
    expect(shadow.description).toBe('Spec');
  });

  it('sends an empty description as <p></p>, which Plane accepts, and shadows it as empty', () => {
    const { input, shadow } = planWorkItemCreate(
      { ...desired, descriptionHtml: '' },
      { externalId: '7', externalSource: 's' },
    );
    expect(input.descriptionHtml).toBe('<p></p>');
    expect(shadow.description).toBe('');
  });

  it('leaves out assignees when a user is unknown', () => {
    const { input } = planWorkItemCreate(
      { ...desired, assigneeIds: undefined },
      { externalId: '7', externalSource: 's' },
    );
    expect(input).not.toHaveProperty('assigneeIds');
  });
});

describe('planWorkItemUpdate', () => {
  it('clears a description with <p></p>, and then sees Plane’s <p></p> as unchanged', () => {
    const cleared = { ...desired, descriptionHtml: '' };

    const first = planWorkItemUpdate({
      desired: cleared,
      current: planeItem(),
      shadow: synced,
      ownership: defaultOwnership,
    });
    const second = planWorkItemUpdate({
      desired: cleared,
      current: planeItem({ descriptionHtml: '<p></p>' }),
      shadow: first.shadow,
      ownership: defaultOwnership,
    });

    expect(first.patch).toEqual({ descriptionHtml: '<p></p>' });
    expect(second.patch).toEqual({});
  });

  it('makes no write when nothing changed (editor noise included)', () => {
    const plan = planWorkItemUpdate({
      desired,
      current: planeItem(),
      shadow: synced,
      ownership: defaultOwnership,
    });

    expect(plan.patch).toEqual({});
    expect(plan.conflicts).toEqual([]);
  });

  it('writes only the field Odoo changed, without reading Plane', () => {
    const plan = planWorkItemUpdate({
      desired: { ...desired, name: 'Build public API' },
      current: null,
      shadow: synced,
      ownership: defaultOwnership,
    });

    expect(plan.patch).toEqual({ name: 'Build public API' });
    expect(plan.shadow.name).toBe('Build public API');
  });

  it('reverts an Odoo-owned field edited in Plane and reports the conflict', () => {
    const plan = planWorkItemUpdate({
      desired,
      current: planeItem({ targetDate: '2026-04-01' }),
      shadow: synced,
      ownership: defaultOwnership,
    });

    expect(plan.patch).toEqual({ targetDate: '2026-03-02' });
    expect(plan.conflicts).toEqual([
      {
        field: 'targetDate',
        odooValue: '2026-03-02',
        planeValue: '2026-04-01',
        shadowValue: '2026-03-02',
        resolution: 'odoo-wins',
      },
    ]);
  });

  it('never writes the workflow state, and leaves its shadow to the state flow', () => {
    const plan = planWorkItemUpdate({
      desired: { ...desired, stateId: 's-done' },
      current: planeItem(),
      shadow: synced,
      ownership: defaultOwnership,
    });

    expect(plan.patch).not.toHaveProperty('stateId');
    expect(plan.shadow.state).toBe('s-todo');
  });

  it('leaves assignees untouched when an Odoo user has no Plane user', () => {
    const plan = planWorkItemUpdate({
      desired: { ...desired, assigneeIds: undefined },
      current: planeItem({ assigneeIds: ['u9'] }),
      shadow: synced,
      ownership: defaultOwnership,
    });

    expect(plan.patch).toEqual({});
  });

  it('respects a field handed to Plane in the ownership matrix', () => {
    const plan = planWorkItemUpdate({
      desired: { ...desired, priority: 'urgent' },
      current: planeItem({ priority: 'low' }),
      shadow: synced,
      ownership: { ...defaultOwnership, priority: 'plane' },
    });

    expect(plan.patch).toEqual({});
    expect(plan.shadow.priority).toBe('low');
  });
});
