import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { DriftItem } from './reconcile-report.js';

/** How a mapped task left Odoo: `deleted` (the read did not return it) or `archived`. */
export type GoneFromOdoo = 'deleted' | 'archived';

/**
 * The drift of a work item whose Odoo task was archived or deleted: it is marked in Plane (label and
 * comment), once — null when the shadow says it already is.
 */
export function planGoneInOdoo(
  mapping: Mapping,
  how: GoneFromOdoo,
  dryRun: boolean,
): DriftItem | null {
  if (mapping.shadow.goneInOdoo === how) return null;
  return {
    odooTaskId: mapping.key.odooId,
    planeWorkItemId: mapping.planeId,
    field: 'active',
    odooValue: how,
    planeValue: 'open',
    repair: dryRun ? 'reported' : 'marked',
    owner: 'odoo',
    action: 'marked',
  };
}

/**
 * The drift of a task now in another Odoo project (or in none). Its work item moves with it only when that
 * project is `movable` (mapped and active in Plane); otherwise the move is only reported.
 */
export function planProjectMove(input: {
  readonly task: OdooTask;
  readonly mapping: Mapping;
  /** The Plane project the work item is in now. */
  readonly planeProjectId: string;
  readonly movable: boolean;
  readonly dryRun: boolean;
}): DriftItem {
  const { task, movable, dryRun } = input;
  return {
    odooTaskId: task.id,
    planeWorkItemId: input.mapping.planeId,
    field: 'project',
    odooValue: task.projectId?.id ?? null,
    planeValue: input.planeProjectId,
    repair: dryRun || !movable ? 'reported' : 'moved',
    owner: 'odoo',
    action: movable ? 'moved' : 'none',
  };
}

/**
 * The drift of an open task whose work item Plane no longer lists (a person deleted or archived it in
 * Plane): only reported, and only the first time — null once the shadow says it was.
 */
export function planMissingInPlane(task: OdooTask, mapping: Mapping): DriftItem | null {
  if (mapping.shadow.missingInPlane === true) return null;
  return {
    odooTaskId: task.id,
    planeWorkItemId: mapping.planeId,
    field: 'work item',
    odooValue: task.name,
    planeValue: null,
    repair: 'reported',
    owner: 'odoo',
    action: 'none',
  };
}

/**
 * The open tasks Odoo has and no mapping names (a missed webhook), in the order they are created: tasks
 * without a parent first, then by id.
 */
export function planUnmappedTasks(
  tasks: Iterable<OdooTask>,
  mappedIds: ReadonlySet<number>,
): OdooTask[] {
  return [...tasks]
    .filter((task) => task.active && !mappedIds.has(task.id))
    .sort((a, b) => (a.parentId === null ? 0 : 1) - (b.parentId === null ? 0 : 1) || a.id - b.id);
}

/** The drift of a task Plane lacks: its work item is created. */
export function planCreation(task: OdooTask, dryRun: boolean): DriftItem {
  return {
    odooTaskId: task.id,
    planeWorkItemId: null,
    field: 'work item',
    odooValue: task.name,
    planeValue: null,
    repair: dryRun ? 'reported' : 'created',
    owner: 'odoo',
    action: 'created',
  };
}
