import { instantToDateOnly } from '../../rules/dates.js';
import type { OdooTask } from '../../domain.js';
import type { DesiredWorkItem } from './plan-work-item.js';
import { toPlanePriority } from '../../rules/priority-map.js';
import type { PlanePriority } from '../../domain.js';

/** What translating a task needs to know about the rest of the world. */
export interface TaskTranslationContext {
  readonly timeZone: string;
  readonly priorityLevels: 2 | 4;
  readonly priorityOverrides: Readonly<Record<string, PlanePriority>> | undefined;
  /** Plane user of an Odoo user, or undefined when there is none. */
  readonly planeUserOf: (odooUserId: number) => string | undefined;
  /** Plane work item of the parent task, or undefined when the parent is not mapped (yet). */
  readonly parentWorkItemId: string | null | undefined;
  /** Initial state, from the Odoo stage. */
  readonly stateId: string | undefined;
}

/**
 * An Odoo task in Plane terms (pure). Dates: 16's `date_deadline` is a date and passes as is; 17+'s is a UTC
 * datetime and becomes the calendar date in the configured zone. Odoo CE has no task start date
 * (`planned_date_begin` is Enterprise-only), so `startDate` is only set when the server has that field.
 */
export function desiredWorkItemOf(
  task: OdooTask,
  context: TaskTranslationContext,
): DesiredWorkItem {
  const targetDate =
    task.dateDeadline === null
      ? null
      : task.dateDeadline.kind === 'date'
        ? task.dateDeadline.value
        : instantToDateOnly(task.dateDeadline.value, context.timeZone);
  const startDate =
    task.plannedDateBegin === undefined
      ? undefined
      : task.plannedDateBegin === null
        ? null
        : instantToDateOnly(task.plannedDateBegin, context.timeZone);
  const assignees = task.userIds.map((userId) => context.planeUserOf(userId));
  const assigneeIds = assignees.every((id): id is string => id !== undefined)
    ? assignees
    : undefined;
  return {
    name: task.name,
    descriptionHtml: task.descriptionHtml ?? '',
    startDate,
    targetDate,
    assigneeIds,
    parentId: task.parentId === null ? null : context.parentWorkItemId,
    priority: toPlanePriority(task.priority, context.priorityLevels, context.priorityOverrides),
    stateId: context.stateId,
  };
}
