import type { Result } from 'neverthrow';
import type { FlowContext } from '../flows/flow-context.js';
import { syncFromPlaneChange } from '../flows/from-plane/from-plane-job.js';
import { syncTreesInEvents } from '../flows/project-tree/sync-project-trees.js';
import type { OdooModel } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import type { EngineRuntime } from './engine-runtime.js';
import type { SyncReport } from './run-event.js';

/** The part of the runtime an operation runs its event on. */
type EventRuntime = Pick<EngineRuntime, 'serial' | 'runEvent'>;

/**
 * Syncs one Odoo record as one event, serial under the record's key (`project.task:7`), which the event
 * holds, so its own steps that ensure that record do not wait on it.
 */
export function syncOdooRecord(
  runtime: EventRuntime,
  model: OdooModel,
  odooId: number,
  cause: string,
  flow: (context: FlowContext, odooId: number) => Promise<Result<unknown, SyncError>>,
): Promise<Result<SyncReport, SyncError>> {
  const key = `${model}:${odooId}`;
  return runtime.serial(key, () =>
    runtime.runEvent({ model, odooId }, cause, (context) => flow(context, odooId), key),
  );
}

/**
 * Syncs one Plane work item's change back to Odoo as one event, serial under its Odoo record's key when
 * it is mapped (so it never overlaps that record's Odoo → Plane sync), else under `plane:<id>`.
 */
export async function syncPlaneWorkItem(
  runtime: EventRuntime & Pick<EngineRuntime, 'deps'>,
  planeProjectId: string,
  planeWorkItemId: string,
  options: { readonly actorId?: string; readonly cause?: string },
): Promise<Result<SyncReport, SyncError>> {
  const cause = options.cause ?? 'Plane work item changed';
  const mapping = await runtime.deps.store.findByPlaneId(planeWorkItemId);
  const key =
    mapping === null ? `plane:${planeWorkItemId}` : `${mapping.key.model}:${mapping.key.odooId}`;
  const entity =
    mapping === null
      ? ({ model: 'plane', planeId: planeWorkItemId } as const)
      : ({
          model: mapping.key.model,
          odooId: mapping.key.odooId,
          planeId: planeWorkItemId,
        } as const);
  const change = {
    planeProjectId,
    planeWorkItemId,
    mapping,
    entity,
    ...(options.actorId === undefined ? {} : { actorId: options.actorId }),
  };
  return runtime.serial(key, () =>
    runtime.runEvent(entity, cause, (context) => syncFromPlaneChange(context, change), key),
  );
}

/**
 * Syncs several projects' trees, one event each in id order, holding every tree's key for the whole pass.
 */
export function syncProjectTreesHoldingKeys(
  runtime: EventRuntime & Pick<EngineRuntime, 'deps'>,
  odooProjectIds: readonly number[],
  cause: string,
): Promise<Result<SyncReport[], SyncError>> {
  const ids = [...new Set(odooProjectIds)].sort((a, b) => a - b);
  // Every tree's key is held for the whole pass, so what was read for a project is what its pass syncs;
  // keys are taken in id order, so two passes over overlapping projects never wait on each other.
  const holdingTrees = ids.reduceRight<() => Promise<Result<SyncReport[], SyncError>>>(
    (inner, id) => () => runtime.serial(`tree:${id}`, inner),
    () => syncTreesInEvents({ runEvent: runtime.runEvent, odoo: runtime.deps.odoo }, ids, cause),
  );
  return holdingTrees();
}
