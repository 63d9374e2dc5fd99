import { err, ok, type Result } from 'neverthrow';
import type { OdooMilestone } from '../domain.js';
import type { OdooGateway, OdooModel, UpstreamFailure } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { callUpstream } from './call-upstream.js';

/** Odoo ids per read call: large enough to batch, small enough for Odoo's request limits. */
export const readChunkSize = 200;

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

/** Odoo records by id, `readChunkSize` per call. */
export async function readChunked<T>(
  model: OdooModel,
  ids: readonly number[],
  read: ReadByIds<T>,
): Promise<Result<T[], SyncError>> {
  const all: T[] = [];
  for (let index = 0; index < ids.length; index += readChunkSize) {
    const chunk = await callUpstream(
      'odoo',
      `read ${model}`,
      read(ids.slice(index, index + readChunkSize)),
    );
    if (chunk.isErr()) return err(chunk.error);
    all.push(...chunk.value);
  }
  return ok(all);
}

/** A project's milestones in Odoo's order: deadline, then id, milestones without a deadline last. */
export async function milestonesOfProject(
  odoo: Pick<OdooGateway, 'search' | 'readMilestones'>,
  odooProjectId: number,
): Promise<Result<OdooMilestone[], SyncError>> {
  const ids = await callUpstream(
    'odoo',
    'search project.milestone',
    odoo.search('project.milestone', [['project_id', '=', odooProjectId]], {
      order: 'deadline asc, id asc',
    }),
  );
  if (ids.isErr()) return err(ids.error);
  const milestones = await readChunked('project.milestone', ids.value, (chunk) =>
    odoo.readMilestones(chunk),
  );
  // Same order as Odoo would give (deadline, then id; milestones without a deadline last).
  return milestones.map((list) =>
    [...list].sort(
      (a, b) =>
        (a.deadline ?? '9999-12-31').localeCompare(b.deadline ?? '9999-12-31') || a.id - b.id,
    ),
  );
}
