import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import { planRelations } from '../relations/plan-relations.js';
import type { DriftItem } from './reconcile-report.js';

/**
 * Whether a task's dependencies drifted from what was last synced (pure). Dependencies are compared with
 * the shadow (reading relations would cost a GET per item): this catches every Odoo change a lost webhook
 * hid; a relation a person removed in Plane is not seen here.
 */
export function relationsDrifted(input: {
  /** Each Odoo blocker with its Plane work item, or undefined when unmapped (`blockersOf`). */
  readonly blockers: readonly { readonly odooId: number; readonly planeId: string | undefined }[];
  readonly mapping: Mapping;
  /** Whether this Plane can remove relations (CE cannot). */
  readonly relationRemoval: boolean;
}): boolean {
  const synced = Array.isArray(input.mapping.shadow.blockedBy)
    ? (input.mapping.shadow.blockedBy as readonly string[])
    : [];
  const plan = planRelations({ blockers: input.blockers, synced });
  // Removals Plane CE cannot make stay in the shadow on purpose, so only additions count as drift there.
  return plan.add.length > 0 || (input.relationRemoval && plan.remove.length > 0);
}

/** The drift item of a task whose dependencies drifted: Odoo's are written to Plane. */
export function planRelationDrift(task: OdooTask, mapping: Mapping, dryRun: boolean): DriftItem {
  return {
    odooTaskId: task.id,
    planeWorkItemId: mapping.planeId,
    field: 'dependencies',
    odooValue: task.dependOnIds,
    planeValue: mapping.shadow.blockedBy ?? [],
    repair: dryRun ? 'reported' : 'plane-updated',
    owner: 'odoo',
    action: 'plane-updated',
  };
}
