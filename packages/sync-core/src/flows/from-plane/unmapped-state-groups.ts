import type { FlowContext } from '../flow-context.js';

/** Sync-state name of the list of Plane state groups that found no Odoo stage (for `/status`). */
export const unmappedStateGroupsStateName = 'state-groups:unmapped';

/** One Plane state group that found no Odoo stage in one project. */
export interface UnmappedStateGroup {
  readonly odooProjectId: number;
  readonly planeProjectId: string;
  readonly group: string;
  /** The Plane state that was entered, e.g. "Cancelled". */
  readonly planeState: string;
  readonly reason: string;
  /** When it was first seen (epoch ms). */
  readonly since: number;
}

/**
 * Records that a Plane state group has no Odoo stage in a project, and warns (log + notification) the first
 * time only: the list lives in the sync state, so the warning is not repeated per work item or per restart.
 */
export async function noteUnmappedStateGroup(
  context: FlowContext<unknown, unknown>,
  entry: Omit<UnmappedStateGroup, 'since'>,
): Promise<void> {
  const known = await listUnmappedStateGroups(context);
  if (known.some((item) => sameGroup(item, entry))) return;
  await context.syncState.put(unmappedStateGroupsStateName, [
    ...known,
    { ...entry, since: context.clock.now() },
  ]);
  context.logger.warn('Plane state group has no Odoo stage', { ...entry });
  await context.notifier.notify({
    severity: 'warning',
    title: `Plane "${entry.group}" states have no Odoo stage`,
    text: `Plane state "${entry.planeState}" in Odoo project #${entry.odooProjectId}: ${entry.reason}. The Odoo stage is left as it is; set stages.byGroup (or stages.byGroupPerProject) to a stage name, or to null to leave the stage on purpose.`,
    dedupeKey: `unmapped-state-group:${entry.odooProjectId}:${entry.group}`,
  });
}

/** Forgets a group once it maps again (a stage was added or configured). */
export async function clearUnmappedStateGroup(
  context: FlowContext<unknown, unknown>,
  key: { readonly odooProjectId: number; readonly group: string },
): Promise<void> {
  const known = await listUnmappedStateGroups(context);
  const kept = known.filter((item) => !sameGroup(item, key));
  if (kept.length !== known.length) await context.syncState.put(unmappedStateGroupsStateName, kept);
}

async function listUnmappedStateGroups(
  context: FlowContext<unknown, unknown>,
): Promise<readonly UnmappedStateGroup[]> {
  const stored = await context.syncState.get(unmappedStateGroupsStateName);
  return Array.isArray(stored) ? (stored as UnmappedStateGroup[]) : [];
}

function sameGroup(
  a: { readonly odooProjectId: number; readonly group: string },
  b: { readonly odooProjectId: number; readonly group: string },
): boolean {
  return a.odooProjectId === b.odooProjectId && a.group === b.group;
}
