import type { Result } from 'neverthrow';
import type { OdooTask } from '../../domain.js';
import type { Mapping, OdooGateway } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import type { FlowContext } from '../flow-context.js';
import type { ReconcileCounters } from './reconcile-report.js';

/** The Odoo tasks a reconciliation compares, by id: read across every project it checks. */
export type ReconciledTasks = ReadonlyMap<number, OdooTask>;

/** The Odoo gateway method the reconciliation's read calls. */
export type ReconcileOdooPort = Pick<OdooGateway, 'readTasks'>;

/**
 * Reads, in one `search_read`, the tasks of every project a reconciliation checks — archived ones
 * included — and every mapped task wherever it is now (a deleted one just does not come back).
 */
export async function readReconciledTasks(
  context: FlowContext<unknown, ReconcileOdooPort>,
  projectMappings: readonly Mapping[],
  counters: ReconcileCounters,
): Promise<Result<ReconciledTasks, SyncError>> {
  const planeProjectIds = new Set(projectMappings.map((mapping) => mapping.planeId));
  const mappedIds = (await context.store.list({ model: 'project.task' }))
    .filter((mapping) => planeProjectIds.has(mapping.planeProjectId))
    .map((mapping) => mapping.key.odooId);
  const tasks = await callUpstream(
    'odoo',
    'read project.task',
    context.odoo.readTasks({
      domain: [
        '|',
        ['project_id', 'in', projectMappings.map((mapping) => mapping.key.odooId)],
        ['id', 'in', mappedIds],
      ],
      order: 'id asc',
      context: { active_test: false },
    }),
  );
  counters.odooReads += 1;
  return tasks.map((read) => new Map(read.map((task) => [task.id, task])));
}
