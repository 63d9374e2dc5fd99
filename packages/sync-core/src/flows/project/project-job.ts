import { err, type Result } from 'neverthrow';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import { ensureMapped } from '../ensure-mapped.js';
import type { FlowContext } from '../flow-context.js';
import { keyOf } from '../mapping-keys.js';
import { readOne } from '../read-odoo.js';
import { syncProjectRecord } from './sync-project.js';

/** One project's own fields from a fresh Odoo read (whether it has milestones decides `cycle_view`). */
export async function syncProjectById(
  context: FlowContext,
  odooProjectId: number,
): Promise<Result<Mapping, SyncError>> {
  const project = await readOne('project.project', odooProjectId, (ids) =>
    context.odoo.readProjects(ids),
  );
  if (project.isErr()) return err(project.error);
  const milestones = await callUpstream(
    'odoo',
    'search project.milestone',
    context.odoo.search('project.milestone', [['project_id', '=', odooProjectId]]),
  );
  if (milestones.isErr()) return err(milestones.error);
  return syncProjectRecord(context, project.value, {
    hasMilestones: milestones.value.length > 0,
  });
}

/** The project a milestone or task needs, synced first (once, under its key) when it is not mapped yet. */
export function ensureProject(
  context: FlowContext,
  odooProjectId: number,
): Promise<Result<Mapping, SyncError>> {
  return ensureMapped(context, keyOf('project.project', odooProjectId), () =>
    syncProjectById(context, odooProjectId),
  );
}
