import { err, ok, type Result } from 'neverthrow';
import type { OdooMilestone, OdooProject, OdooTask } from '../../domain.js';
import type { OdooGateway } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import { groupBy, milestonesOfProjects } from '../read-odoo.js';

/** Odoo's side of some projects' trees, read across them in three calls. */
export interface TreesInOdoo {
  readonly projects: ReadonlyMap<number, OdooProject>;
  readonly milestones: ReadonlyMap<number, readonly OdooMilestone[]>;
  readonly tasks: ReadonlyMap<number, readonly OdooTask[]>;
}

/** Reads the projects, milestones and tasks of these projects' trees: three calls however many projects. */
export async function readTreesInOdoo(
  odoo: Pick<OdooGateway, 'readProjects' | 'readMilestones' | 'readTasks'>,
  odooProjectIds: readonly number[],
): Promise<Result<TreesInOdoo, SyncError>> {
  const projects = await callUpstream(
    'odoo',
    'read project.project',
    odoo.readProjects(odooProjectIds),
  );
  if (projects.isErr()) return err(projects.error);
  const milestones = await milestonesOfProjects(odoo, odooProjectIds);
  if (milestones.isErr()) return err(milestones.error);
  const tasks = await callUpstream(
    'odoo',
    'read project.task',
    odoo.readTasks({ domain: [['project_id', 'in', odooProjectIds]], order: 'id asc' }),
  );
  if (tasks.isErr()) return err(tasks.error);
  return ok({
    projects: new Map(projects.value.map((project) => [project.id, project])),
    milestones: milestones.value,
    tasks: groupBy(tasks.value, (task) => task.projectId?.id),
  });
}
