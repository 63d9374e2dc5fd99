/**
 * Plans the `blocked_by` relations of one work item from Odoo's `depend_on_ids` (pure). Blockers whose task
 * is not mapped yet are deferred (kept for the next run), never dropped; a relation that Odoo no longer has
 * is removed where Plane can remove relations, and reported where it cannot (CE has no public endpoint).
 */
export function planRelations(input: {
  /** Each Odoo blocker with its Plane work item, or undefined when unmapped. */
  readonly blockers: readonly { readonly odooId: number; readonly planeId: string | undefined }[];
  /** Plane ids last synced as blockers (the shadow). */
  readonly synced: readonly string[];
}): {
  readonly add: readonly string[];
  readonly remove: readonly string[];
  readonly deferredOdooIds: readonly number[];
  /** The shadow once `add` (and `remove`, when done) are applied. */
  readonly desired: readonly string[];
} {
  const mapped = input.blockers.flatMap((blocker) =>
    blocker.planeId === undefined ? [] : [blocker.planeId],
  );
  const deferredOdooIds = input.blockers
    .filter((blocker) => blocker.planeId === undefined)
    .map((blocker) => blocker.odooId);
  const desired = [...new Set(mapped)].sort();
  const synced = new Set(input.synced);
  return {
    add: desired.filter((id) => !synced.has(id)),
    remove: [...synced].filter((id) => !desired.includes(id)).sort(),
    deferredOdooIds,
    desired,
  };
}
