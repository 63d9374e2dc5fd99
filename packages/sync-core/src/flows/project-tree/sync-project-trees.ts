import { err, ok, type Result } from 'neverthrow';
import type { RunEvent, SyncReport } from '../../engine/run-event.js';
import type { OdooGateway } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { readTreesInOdoo, type TreesInOdoo } from './read-trees.js';
import { syncTree } from './sync-tree.js';

type TreePlaneOdoo = Pick<OdooGateway, 'readProjects' | 'readMilestones' | 'readTasks'>;

/**
 * Syncs several projects' trees, one ledger event per project; the first event reads Odoo for all of them
 * (its failure is that event's). Stops at the first project that fails.
 */
export async function syncTreesInEvents(
  deps: { readonly runEvent: RunEvent; readonly odoo: TreePlaneOdoo },
  odooProjectIds: readonly number[],
  cause: string,
): Promise<Result<SyncReport[], SyncError>> {
  let inOdoo: Promise<Result<TreesInOdoo, SyncError>> | undefined;
  const reports: SyncReport[] = [];
  for (const odooProjectId of odooProjectIds) {
    const report = await deps.runEvent(
      { model: 'project.project', odooId: odooProjectId },
      cause,
      async (context) => {
        inOdoo ??= readTreesInOdoo(deps.odoo, odooProjectIds);
        const trees = await inOdoo;
        if (trees.isErr()) return trees;
        const project = trees.value.projects.get(odooProjectId);
        if (project === undefined)
          return err({ kind: 'not-found', model: 'project.project', odooId: odooProjectId });
        return syncTree(
          context,
          project,
          trees.value.milestones.get(odooProjectId) ?? [],
          trees.value.tasks.get(odooProjectId) ?? [],
        );
      },
    );
    if (report.isErr()) return err(report.error);
    reports.push(report.value);
  }
  return ok(reports);
}
