import { err, ok, type Result } from 'neverthrow';
import type { OdooTask } from '../../domain.js';
import { planRelations } from './plan-relations.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';

/** The Plane calls of the relations flow. */
export type RelationsPlanePort = Pick<PlaneGateway, 'createRelation' | 'removeRelation'>;

/**
 * Makes the work item's `blocked_by` relations match Odoo's `depend_on_ids`: new ones are added in one call,
 * blockers not mapped yet are deferred (the next run picks them up, since the shadow lacks them), and
 * dropped ones are removed where Plane can. Plane CE has no public relation removal
 * (`relations/remove/` is Cloud-only and answers 404 on CE), so there the relation stays, the ledger
 * records it and people are told once.
 */
export async function syncTaskRelations(
  context: FlowContext<RelationsPlanePort, unknown>,
  task: OdooTask,
  mapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  if (context.config.ownership.dependencies !== 'odoo') return ok(mapping);
  const blockers = await blockersOf(context, task);
  const synced = Array.isArray(mapping.shadow.blockedBy)
    ? (mapping.shadow.blockedBy as readonly string[])
    : [];
  const plan = planRelations({ blockers, synced });
  const projectId = mapping.planeProjectId!;
  const workItemId = mapping.planeId!;
  const entity = { model: 'project.task', odooId: task.id, planeId: workItemId } as const;

  if (plan.deferredOdooIds.length > 0) {
    await record(context, {
      entity,
      decision: 'blockers not mapped yet; relations deferred',
      writes: [],
      outcome: 'deferred',
      detail: { odooTaskIds: plan.deferredOdooIds },
    });
  }
  if (plan.add.length === 0 && plan.remove.length === 0) return ok(mapping);

  if (plan.add.length > 0) {
    const added = await callUpstream(
      'plane',
      'add relations',
      context.plane.createRelation(projectId, workItemId, {
        relationType: 'blocked_by',
        workItemIds: plan.add,
      }),
    );
    if (added.isErr()) return err(added.error);
  }
  const removed = await removeRelations(context, task, mapping, plan.remove);
  if (removed.isErr()) return err(removed.error);
  // Relations Plane keeps are still synced; sorted as a set, like the planner's own list.
  const kept =
    removed.value.length === 0 ? [...plan.desired] : [...plan.desired, ...removed.value].sort();
  const stored = await putMapping(
    context,
    { ...mapping, shadow: { ...mapping.shadow, blockedBy: kept } },
    mapping.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity,
    decision: 'relations follow Odoo dependencies',
    writes: [
      ...(plan.add.length > 0
        ? [
            {
              system: 'plane' as const,
              operation: 'add blocked_by',
              target: workItemId,
              fields: plan.add,
            },
          ]
        : []),
      ...(context.planeCapabilities.relationRemoval && plan.remove.length > 0
        ? [
            {
              system: 'plane' as const,
              operation: 'remove relation',
              target: workItemId,
              fields: plan.remove,
            },
          ]
        : []),
    ],
    outcome: 'applied',
  });
  return stored;
}

/** Each Odoo blocker of a task with its Plane work item (undefined while it is not mapped). */
export function blockersOf(
  context: FlowContext<RelationsPlanePort, unknown>,
  task: OdooTask,
): Promise<{ readonly odooId: number; readonly planeId: string | undefined }[]> {
  return Promise.all(
    task.dependOnIds.map(async (odooId) => {
      const blocker = await context.store.get(keyOf('project.task', odooId));
      return {
        odooId,
        planeId: blocker?.status === 'active' ? (blocker.planeId ?? undefined) : undefined,
      };
    }),
  );
}

/**
 * Removes relations whose dependency Odoo dropped, where Plane can. Plane CE cannot: there each relation is
 * kept, recorded, and people are asked once to remove it by hand. Returns the relations that stay.
 */
async function removeRelations(
  context: FlowContext<RelationsPlanePort, unknown>,
  task: OdooTask,
  mapping: Mapping,
  dropped: readonly string[],
): Promise<Result<string[], SyncError>> {
  const projectId = mapping.planeProjectId!;
  const workItemId = mapping.planeId!;
  const entity = { model: 'project.task', odooId: task.id, planeId: workItemId } as const;
  const stay: string[] = [];
  for (const other of dropped) {
    if (!context.planeCapabilities.relationRemoval) {
      stay.push(other);
      await record(context, {
        entity,
        decision:
          'relation no longer follows an Odoo dependency (dropped in Odoo, or its task moved to another project and has a new work item), but this Plane edition cannot remove relations through its API',
        writes: [],
        outcome: 'skipped',
        detail: { blockedBy: other },
      });
      await context.notifyOnce({
        severity: 'warning',
        title: 'Remove a Plane relation by hand',
        text: `Odoo task #${task.id} no longer depends on the work item ${other} (the dependency was dropped in Odoo, or that task moved to another project and has a new work item); Plane CE has no API to remove the relation, so please remove it in Plane.`,
        dedupeKey: `relation-removal:${workItemId}:${other}`,
      });
      continue;
    }
    const removed = await callUpstream(
      'plane',
      'remove relation',
      context.plane.removeRelation(projectId, workItemId, other),
    );
    if (removed.isErr()) return err(removed.error);
  }
  return ok(stay);
}
