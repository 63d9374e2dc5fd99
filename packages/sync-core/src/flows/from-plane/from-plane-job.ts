import { ok, type Result } from 'neverthrow';
import type { LedgerEntry, Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { syncTaskWithParents } from '../task/task-job.js';
import { syncStateToOdoo } from './sync-from-plane.js';

/** A Plane work item change, as the engine hands it over: the mapping found for it when the job began. */
export interface PlaneChange {
  readonly planeProjectId: string;
  readonly planeWorkItemId: string;
  readonly mapping: Mapping | null;
  readonly entity: LedgerEntry['entity'];
  readonly actorId?: string;
}

/**
 * Plane → Odoo for one work item, from its current state (re-read): the bot's own changes are dropped
 * before any call, an orphan (no Odoo origin) is logged and never created in Odoo, a task gone from Odoo
 * leaves the work item as it is; otherwise the task is synced first (Odoo-owned fields edited in Plane are
 * reverted) and the workflow state moves the Odoo stage.
 */
export async function syncFromPlaneChange(
  context: FlowContext,
  change: PlaneChange,
): Promise<Result<unknown, SyncError>> {
  const { entity } = change;
  if (change.actorId !== undefined && change.actorId === context.planeCapabilities.botUserId) {
    // Cheap pre-filter only: our own writes also match the shadow, which is the real guard.
    await record(context, {
      entity,
      decision: 'change made by the sync itself (bot actor)',
      writes: [],
      outcome: 'unchanged',
    });
    return ok(undefined);
  }
  const current = change.mapping === null ? null : await context.store.get(change.mapping.key);
  if (current === null || current.status !== 'active' || current.key.model !== 'project.task') {
    await record(context, {
      entity,
      decision:
        'orphan: the work item has no Odoo origin; tasks are never created in Odoo from Plane',
      writes: [],
      outcome: 'skipped',
    });
    return ok(undefined);
  }
  const workItem = await callUpstream(
    'plane',
    'get work item',
    context.plane.getWorkItem(change.planeProjectId, change.planeWorkItemId),
  );
  if (workItem.isErr()) return workItem;
  const tasks = await callUpstream(
    'odoo',
    'read project.task',
    context.odoo.readTasks([current.key.odooId]),
  );
  if (tasks.isErr()) return tasks;
  const task = tasks.value[0];
  if (task === undefined) {
    await record(context, {
      entity,
      decision:
        'Odoo task no longer exists; the Plane work item is left as it is (nothing is deleted without a command)',
      writes: [],
      outcome: 'skipped',
    });
    return ok(undefined);
  }
  const synced = await syncTaskWithParents(context, task, 0, workItem.value);
  if (synced.isErr()) return synced;
  return syncStateToOdoo(context, task, workItem.value, synced.value);
}
