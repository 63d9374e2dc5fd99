import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { FieldConflict } from '../../rules/field-merge.js';
import type { OwnershipMatrix } from '../../rules/ownership.js';
import { planWorkItemUpdate, type DesiredWorkItem } from '../task/plan-work-item.js';
import { planCycleDrift } from './plan-cycle-drift.js';
import { planRelationDrift } from './plan-relation-drift.js';
import type { DriftItem } from './reconcile-report.js';

/** What differs on a work item Plane lists, and which repairs that takes. */
export interface WorkItemDrift {
  /** In report order: the work item's fields, its cycle, its state, its dependencies. */
  readonly drift: readonly DriftItem[];
  /** Something drifted: the work item is repaired (`syncTaskRecord`). */
  readonly drifted: boolean;
  /** Plane's state moved since the shadow: the Odoo stage follows it after the repair. */
  readonly state: boolean;
  /** Odoo's dependencies are not all in Plane: the relations are synced after the repair. */
  readonly relations: boolean;
}

/**
 * Plans the drift of one mapped task whose work item Plane lists in its project (pure): the fields Odoo
 * owns (the same plan a sync would PATCH), the cycle, the state Plane owns, and the dependencies.
 */
export function planWorkItemDrift(input: {
  readonly task: OdooTask;
  readonly mapping: Mapping;
  /** The work item as listed, with the cycle it is in. */
  readonly current: PlaneWorkItem;
  readonly desired: DesiredWorkItem;
  /** The mapping of the task's milestone, when it is an active one in this project. */
  readonly cycle: Mapping | null;
  /** Today in the configured zone (`todayIn`), asked only when the task's cycle has an end date. */
  readonly today: () => string;
  readonly ownership: OwnershipMatrix;
  /** Whether the dependencies drifted (`relationsDrifted`). */
  readonly relationsDrifted: boolean;
  readonly dryRun: boolean;
}): WorkItemDrift {
  const { task, mapping, current, ownership, dryRun } = input;
  const plan = planWorkItemUpdate({
    desired: input.desired,
    current,
    shadow: mapping.shadow,
    ownership,
  });
  const fieldDrift = plan.changedFields.map((field): DriftItem => {
    const conflict: FieldConflict | undefined = plan.conflicts.find((item) => item.field === field);
    return {
      odooTaskId: task.id,
      planeWorkItemId: mapping.planeId,
      field,
      odooValue: conflict?.odooValue ?? null,
      planeValue: conflict?.planeValue ?? null,
      repair: dryRun ? 'reported' : 'plane-updated',
      owner: ownership[field],
      action: 'plane-updated',
    };
  });
  const cycleDrift = planCycleDrift(input);
  const stateDrift = planStateDrift(task, mapping, current, ownership.state === 'plane', dryRun);
  const relationDrift = input.relationsDrifted ? planRelationDrift(task, mapping, dryRun) : null;
  const drift = [
    ...fieldDrift,
    ...(cycleDrift === null ? [] : [cycleDrift]),
    ...(stateDrift === null ? [] : [stateDrift]),
    ...(relationDrift === null ? [] : [relationDrift]),
  ];
  return {
    drift,
    drifted: drift.length > 0,
    state: stateDrift !== null,
    relations: relationDrift !== null,
  };
}

/** The state drift of a listed work item: Plane owns the state and it moved since the last sync. */
function planStateDrift(
  task: OdooTask,
  mapping: Mapping,
  current: PlaneWorkItem,
  planeOwnsState: boolean,
  dryRun: boolean,
): DriftItem | null {
  if (!planeOwnsState || current.stateId === null || current.stateId === mapping.shadow.state)
    return null;
  return {
    odooTaskId: task.id,
    planeWorkItemId: mapping.planeId,
    field: 'state',
    odooValue: mapping.shadow.state ?? null,
    planeValue: current.stateId,
    repair: dryRun ? 'reported' : 'odoo-updated',
    owner: 'plane',
    action: 'odoo-updated',
  };
}
