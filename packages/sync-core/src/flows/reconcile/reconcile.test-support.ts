import type { OdooProject, OdooTask } from '../../domain.js';
import type { Mapping, MappingKey } from '../../ports.js';
import type { FlowTestContext } from '../../testing/flow-test-context.js';
import { websiteProject, websiteTask } from '../../testing/odoo-record-fixtures.js';
import { syncProjectRecord } from '../project/sync-project.js';
import { syncTaskRecord } from '../task/sync-task.js';

/** Test support for the reconciliation's tests: the records they start from. */
export { websiteProject };

/** An open task of the Website project, in a stage that maps to a Plane state, with no neighbours. */
export const copyTask: OdooTask = websiteTask();

/** An active mapping as one sync leaves it (version 1), with the Plane side and shadow given. */
export function activeMappingOf(
  key: MappingKey,
  plane: Pick<Mapping, 'planeId' | 'planeProjectId' | 'shadow'>,
): Mapping {
  return { key, status: 'active', ...plane, version: 1, updatedAt: 0 };
}

/**
 * Maps each project and its tasks through the flows, as a sync would, then forgets the calls Plane and
 * Odoo answered; returns the project mappings in the order given.
 */
export async function mapProjects(
  context: FlowTestContext,
  projects: readonly { readonly project: OdooProject; readonly tasks: readonly OdooTask[] }[],
  options: { readonly hasMilestones: boolean },
): Promise<Mapping[]> {
  const mappings: Mapping[] = [];
  for (const { project, tasks } of projects) {
    const projectMapping = (await syncProjectRecord(context, project, options))._unsafeUnwrap();
    for (const task of tasks)
      (
        await syncTaskRecord(context, task, { project: projectMapping, parent: null, cycle: null })
      )._unsafeUnwrap();
    mappings.push(projectMapping);
  }
  context.plane.calls.length = 0;
  context.odoo.calls.length = 0;
  return mappings;
}
