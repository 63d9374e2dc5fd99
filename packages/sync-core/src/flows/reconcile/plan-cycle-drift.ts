import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { OwnershipMatrix } from '../../rules/ownership.js';
import type { DriftItem } from './reconcile-report.js';

/**
 * The cycle drift of a listed work item (pure): the Plane cycle Odoo's milestone maps to differs from the
 * one the item is in, while Odoo owns cycles. Null when there is none — also when the milestone's cycle is
 * not mapped yet (undecidable) or is completed: a completed cycle refuses new items (Plane
 * CYCLE_COMPLETED), not drift anything could repair.
 */
export function planCycleDrift(input: {
  readonly task: OdooTask;
  readonly mapping: Mapping;
  /** The work item as listed, with the cycle it is in. */
  readonly current: PlaneWorkItem;
  /** The mapping of the task's milestone, when it is an active one in this project. */
  readonly cycle: Mapping | null;
  /** Today in the configured zone (`todayIn`), asked only when the task's cycle has an end date. */
  readonly today: () => string;
  readonly ownership: OwnershipMatrix;
  readonly dryRun: boolean;
}): DriftItem | null {
  const { task, current, cycle } = input;
  const cycleWanted = task.milestoneId === null ? null : (cycle?.planeId ?? undefined);
  const cycleEnd = typeof cycle?.shadow.endDate === 'string' ? cycle.shadow.endDate : null;
  const cycleCompleted = cycleWanted !== null && cycleEnd !== null && cycleEnd < input.today();
  const cycleDrift =
    input.ownership.cycle === 'odoo' &&
    cycleWanted !== undefined &&
    cycleWanted !== current.cycleId &&
    !cycleCompleted;
  if (!cycleDrift) return null;
  return {
    odooTaskId: task.id,
    planeWorkItemId: input.mapping.planeId,
    field: 'cycle',
    odooValue: cycleWanted,
    planeValue: current.cycleId,
    repair: input.dryRun ? 'reported' : 'plane-updated',
    owner: 'odoo',
    action: 'plane-updated',
  };
}
