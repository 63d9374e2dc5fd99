import type { Result } from 'neverthrow';
import type { SyncEngine } from '../engine.js';
import { annotateWorkItem } from '../flows/github/github-annotations.js';
import type { SyncError } from '../sync-error.js';
import { entityKeyOf, type SyncJob } from '../sync-job.js';
import type { EngineRuntime } from './engine-runtime.js';
import type { SyncReport } from './run-event.js';

/** The engine operations a job names. */
export type JobOperations = Pick<
  SyncEngine,
  'syncProject' | 'syncMilestone' | 'syncTask' | 'syncProjectTree' | 'syncFromPlane'
>;

/**
 * Runs one attempt of a job through the engine operation it names; a GitHub signal, which has no public
 * operation, runs as its own event, serial under the work item's key.
 */
export function runJobOnce(
  runtime: Pick<EngineRuntime, 'serial' | 'runEvent' | 'deps'>,
  operations: JobOperations,
  job: SyncJob,
  cause: string,
): Promise<Result<SyncReport, SyncError>> {
  switch (job.kind) {
    case 'odoo-record':
      switch (job.model) {
        case 'project.project':
          return operations.syncProject(job.odooId, cause);
        case 'project.milestone':
          return operations.syncMilestone(job.odooId, cause);
        case 'project.task':
          return operations.syncTask(job.odooId, cause);
      }
    // falls through: the inner switch is exhaustive
    case 'project-tree':
      return operations.syncProjectTree(job.odooProjectId, cause);
    case 'plane-work-item':
      return operations.syncFromPlane(job.planeProjectId, job.workItemId, {
        cause,
        ...(job.actorId === undefined ? {} : { actorId: job.actorId }),
      });
    case 'github-signal':
      return runtime.serial(entityKeyOf(job), () =>
        runtime.runEvent({ model: 'plane' }, cause, (context) =>
          annotateWorkItem(context, job.workItemKey, job.signal, runtime.deps.github),
        ),
      );
  }
}
