import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { FlowContext } from '../flow-context.js';
import { keyOf } from '../mapping-keys.js';
import { blockersOf, type RelationsPlanePort } from '../relations/sync-relations.js';
import type { TaskNeighbours } from '../task/desired-task.js';
import { relationsDrifted } from './plan-relation-drift.js';

type StoreContext = Pick<FlowContext<unknown, unknown>, 'store'>;

/**
 * The mappings a task's work item hangs off in the Plane project `inProject`: that project, and the task's
 * parent and milestone when they are mapped, active and in that same project (otherwise null).
 */
export async function neighboursOf(
  context: StoreContext,
  task: OdooTask,
  inProject: Mapping,
): Promise<TaskNeighbours> {
  const parent =
    task.parentId === null
      ? null
      : await context.store.get(keyOf('project.task', task.parentId.id));
  const cycle =
    task.milestoneId === null
      ? null
      : await context.store.get(keyOf('project.milestone', task.milestoneId.id));
  return {
    project: inProject,
    parent:
      parent?.status === 'active' && parent.planeProjectId === inProject.planeId ? parent : null,
    cycle: cycle?.status === 'active' && cycle.planeProjectId === inProject.planeId ? cycle : null,
  };
}

/**
 * Whether the task's dependencies drifted from the shadow, while Odoo owns them; reads only the store (the
 * blockers' mappings), never Plane.
 */
export async function dependenciesDrifted(
  context: FlowContext<RelationsPlanePort, unknown>,
  task: OdooTask,
  mapping: Mapping,
): Promise<boolean> {
  if (context.config.ownership.dependencies !== 'odoo') return false;
  const blockers = await blockersOf(context, task);
  return relationsDrifted({
    blockers,
    mapping,
    relationRemoval: context.planeCapabilities.relationRemoval,
  });
}
