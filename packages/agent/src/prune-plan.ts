import { err, ok, type Result } from 'neverthrow';
import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { describePlaneError, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type { Clock, EventLedger, Mapping, MappingStore } from '@odoo-plane-sync/sync-core';

/** One work item a prune would delete: its Odoo task no longer exists, archived ones included. */
export interface PruneItem {
  readonly odooTaskId: number;
  readonly planeProjectId: string;
  readonly planeWorkItemId: string;
}

/** What `prune` would delete. Nothing else is ever deleted. */
export interface PrunePlan {
  readonly items: readonly PruneItem[];
  /** Task mappings checked against Odoo. */
  readonly checked: number;
}

/** What a prune did with each item of its plan. */
export interface PruneReport {
  readonly deleted: readonly PruneItem[];
  /** Left alone: the Odoo task exists again (restored from the recycle bin, or the plan was stale). */
  readonly kept: readonly PruneItem[];
  readonly failed: readonly (PruneItem & { readonly reason: string })[];
}

/** A read or write the prune needed failed. */
export interface PruneError {
  readonly kind: 'upstream';
  readonly system: 'odoo';
  readonly message: string;
}

const idsPerOdooSearch = 200;

/** Which of `ids` Odoo still has, archived or not. */
async function existingTaskIds(
  odoo: Pick<OdooClient, 'search'>,
  ids: readonly number[],
): Promise<Result<Set<number>, PruneError>> {
  const existing = new Set<number>();
  for (let start = 0; start < ids.length; start += idsPerOdooSearch) {
    const chunk = ids.slice(start, start + idsPerOdooSearch);
    const found = await odoo.search('project.task', [['id', 'in', chunk]], {
      context: { active_test: false },
    });
    if (found.isErr())
      return err({ kind: 'upstream', system: 'odoo', message: describeOdooError(found.error) });
    for (const id of found.value) existing.add(id);
  }
  return ok(existing);
}

const isPrunable = (mapping: Mapping, planeProjectIds?: readonly string[]): boolean =>
  mapping.status === 'active' &&
  mapping.planeId !== null &&
  mapping.planeProjectId !== null &&
  mapping.shadow.prunedAt === undefined &&
  (planeProjectIds === undefined || planeProjectIds.includes(mapping.planeProjectId));

/**
 * Plans a prune: the mapped work items whose Odoo task is deleted (not merely archived: an archived task
 * keeps its work item, marked). Reads the store and Odoo only; writes nothing.
 *
 * @example
 * const plan = await planPrune({ odoo, mappings: stores.mappings });
 * if (plan.isOk()) console.table(plan.value.items);
 */
export async function planPrune(
  parts: {
    readonly odoo: Pick<OdooClient, 'search'>;
    readonly mappings: Pick<MappingStore, 'list'>;
  },
  options: { readonly planeProjectIds?: readonly string[] } = {},
): Promise<Result<PrunePlan, PruneError>> {
  const mappings = (await parts.mappings.list({ model: 'project.task' })).filter((mapping) =>
    isPrunable(mapping, options.planeProjectIds),
  );
  const existing = await existingTaskIds(
    parts.odoo,
    mappings.map((mapping) => mapping.key.odooId),
  );
  if (existing.isErr()) return err(existing.error);
  return ok({
    checked: mappings.length,
    items: mappings
      .filter((mapping) => !existing.value.has(mapping.key.odooId))
      .map((mapping) => ({
        odooTaskId: mapping.key.odooId,
        planeProjectId: mapping.planeProjectId!,
        planeWorkItemId: mapping.planeId!,
      })),
  });
}

/** What {@link executePrune} uses. */
export interface PruneParts {
  readonly odoo: Pick<OdooClient, 'search'>;
  readonly plane: Pick<PlaneClient, 'deleteWorkItem'>;
  readonly mappings: Pick<MappingStore, 'get' | 'put'>;
  readonly ledger: Pick<EventLedger, 'append'>;
  readonly clock: Pick<Clock, 'now'>;
  readonly randomId: () => string;
}

/**
 * Deletes in Plane exactly the work items of `plan`, each only if its Odoo task is still deleted and its
 * mapping still points at it; records each deletion in the mapping (so reconciliation does not report
 * the item missing) and in the ledger. A failed item never stops the others.
 *
 * @example
 * const report = await executePrune({ odoo, plane, mappings, ledger, clock, randomId }, plan);
 */
export async function executePrune(
  parts: PruneParts,
  plan: PrunePlan,
): Promise<Result<PruneReport, PruneError>> {
  const existing = await existingTaskIds(
    parts.odoo,
    plan.items.map((item) => item.odooTaskId),
  );
  if (existing.isErr()) return err(existing.error);
  const correlationId = parts.randomId();
  const deleted: PruneItem[] = [];
  const kept: PruneItem[] = [];
  const failed: (PruneItem & { reason: string })[] = [];
  for (const item of plan.items) {
    const mapping = await parts.mappings.get({ model: 'project.task', odooId: item.odooTaskId });
    if (
      existing.value.has(item.odooTaskId) ||
      mapping === null ||
      mapping.planeId !== item.planeWorkItemId ||
      !isPrunable(mapping)
    ) {
      kept.push(item);
      continue;
    }
    const removed = await parts.plane.deleteWorkItem(item.planeProjectId, item.planeWorkItemId);
    // Already gone in Plane is what the prune wanted.
    if (removed.isErr() && !(removed.error.kind === 'http' && removed.error.status === 404)) {
      failed.push({ ...item, reason: describePlaneError(removed.error) });
      continue;
    }
    const at = parts.clock.now();
    await parts.mappings.put(
      {
        ...mapping,
        shadow: { ...mapping.shadow, goneInOdoo: 'deleted', missingInPlane: true, prunedAt: at },
        updatedAt: at,
      },
      mapping.version,
    );
    await parts.ledger.append({
      correlationId,
      at,
      cause: 'prune --confirm',
      entity: { model: 'project.task', odooId: item.odooTaskId, planeId: item.planeWorkItemId },
      decision: 'task deleted in Odoo: work item deleted in Plane by an operator’s prune',
      writes: [{ system: 'plane', operation: 'delete work item', target: item.planeWorkItemId }],
      outcome: 'applied',
    });
    deleted.push(item);
  }
  return ok({ deleted, kept, failed });
}
