import { describe, expect, it } from 'vitest';
import type { OdooTask } from '../../domain.js';
import { desiredWorkItemOf, type TaskTranslationContext } from './translate-task.js';

const task: OdooTask = {
  id: 7,
  name: 'Build API',
  descriptionHtml: '<p>Spec</p>',
  projectId: { id: 1, name: 'Web' },
  stage: { id: 3, name: 'New' },
  userIds: [2, 5],
  parentId: null,
  milestoneId: null,
  dependOnIds: [],
  priority: '1',
  dateDeadline: { kind: 'instant', value: '2026-03-01T23:30:00Z' },
  active: true,
};

const context: TaskTranslationContext = {
  timeZone: 'Europe/Berlin',
  priorityLevels: 2,
  priorityOverrides: undefined,
  planeUserOf: (id) => ({ 2: 'u2', 5: 'u5' })[id],
  parentWorkItemId: undefined,
  stateId: 's-todo',
};

describe('desiredWorkItemOf', () => {
  it('translates an Odoo 17 task into Plane terms', () => {
    expect(desiredWorkItemOf(task, context)).toEqual({
      name: 'Build API',
      descriptionHtml: '<p>Spec</p>',
      startDate: undefined,
      targetDate: '2026-03-02',
      assigneeIds: ['u2', 'u5'],
      parentId: null,
      priority: 'high',
      stateId: 's-todo',
    });
  });

  it('keeps an Odoo 16 date as it is', () => {
    const desired = desiredWorkItemOf(
      { ...task, dateDeadline: { kind: 'date', value: '2026-03-01' } },
      context,
    );
    expect(desired.targetDate).toBe('2026-03-01');
  });

  it('treats one unknown assignee as “unknown”, not as “nobody”', () => {
    const desired = desiredWorkItemOf({ ...task, userIds: [2, 99] }, context);
    expect(desired.assigneeIds).toBeUndefined();
  });

  it('leaves the parent undecided while it is not mapped', () => {
    const desired = desiredWorkItemOf({ ...task, parentId: { id: 3, name: 'Epic' } }, context);
    expect(desired.parentId).toBeUndefined();
  });
});
