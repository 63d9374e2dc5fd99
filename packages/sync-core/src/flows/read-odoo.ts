import { err, ok, type Result } from 'neverthrow';
import type { OdooMilestone } from '../domain.js';
import type { OdooGateway, OdooModel, UpstreamFailure } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { callUpstream } from './call-upstream.js';

type ReadByIds<T> = (ids: readonly number[]) => PromiseLike<Result<readonly T[], UpstreamFailure>>;

/** One Odoo record by id; a deleted (or never existing) one is `not-found`. */
export async function readOne<T>(
  model: OdooModel,
  id: number,
  read: ReadByIds<T>,
): Promise<Result<T, SyncError>> {
  const records = await callUpstream('odoo', `read ${model}`, read([id]));
  if (records.isErr()) return err(records.error);
  const [found] = records.value;
  return found === undefined ? err({ kind: 'not-found', model, odooId: id }) : ok(found);
}

/** The milestones of these projects, in one `search_read`, each project's in deadline order. */
export async function milestonesOfProjects(
  odoo: Pick<OdooGateway, 'readMilestones'>,
  odooProjectIds: readonly number[],
): Promise<Result<ReadonlyMap<number, readonly OdooMilestone[]>, SyncError>> {
  const milestones = await callUpstream(
    'odoo',
    'read project.milestone',
    odoo.readMilestones({
      domain: [['project_id', 'in', odooProjectIds]],
      order: 'deadline asc, id asc',
    }),
  );
  if (milestones.isErr()) return err(milestones.error);
  // Same order as Odoo would give (deadline, then id; milestones without a deadline last).
  const sorted = [...milestones.value].sort(
    (a, b) => (a.deadline ?? '9999-12-31').localeCompare(b.deadline ?? '9999-12-31') || a.id - b.id,
  );
  return ok(groupBy(sorted, (milestone) => milestone.projectId?.id));
}

/** One project's milestones in Odoo's order: deadline, then id, milestones without a deadline last. */
export async function milestonesOfProject(
  odoo: Pick<OdooGateway, 'readMilestones'>,
  odooProjectId: number,
): Promise<Result<readonly OdooMilestone[], SyncError>> {
  return (await milestonesOfProjects(odoo, [odooProjectId])).map(
    (byProject) => byProject.get(odooProjectId) ?? [],
  );
}

/** Groups items by a key, keeping their order; items without a key are left out. */
export function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => number | undefined,
): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
