import { err, type Result } from 'neverthrow';
import type { OdooMilestone, OdooProject } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { ensureMapped } from '../ensure-mapped.js';
import type { FlowContext } from '../flow-context.js';
import { keyOf } from '../mapping-keys.js';
import { ensureProject } from '../project/project-job.js';
import { milestonesOfProject, readOne } from '../read-odoo.js';
import { desiredCycleOf } from './plan-cycle.js';
import { syncMilestoneRecord, type MilestoneFlowContext } from './sync-milestone.js';

/**
 * One milestone as a cycle of its mapped project. Its dates depend on its siblings: the cycle starts after
 * the latest earlier deadline (or at the project's start).
 */
export function syncMilestoneIn(
  context: MilestoneFlowContext,
  milestone: OdooMilestone,
  siblings: readonly OdooMilestone[],
  project: OdooProject | null,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const index = siblings.findIndex((item) => item.id === milestone.id);
  const previous = siblings
    .slice(0, Math.max(index, 0))
    .reverse()
    .find(
      (item) =>
        item.deadline !== null &&
        milestone.deadline !== null &&
        item.deadline <= milestone.deadline,
    );
  const desired = desiredCycleOf(milestone, {
    previousDeadline: previous?.deadline ?? null,
    projectStart: project?.dateStart ?? null,
    defaultLengthDays: context.config.cycles.defaultLengthDays,
  });
  return syncMilestoneRecord(context, milestone, desired, projectMapping);
}

/** Reads a milestone's siblings and project, then syncs it in that project. */
async function syncReadMilestone(
  context: FlowContext,
  milestone: OdooMilestone,
  projectId: number,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const siblings = await milestonesOfProject(context.odoo, projectId);
  if (siblings.isErr()) return err(siblings.error);
  const project = await readOne('project.project', projectId, (ids) =>
    context.odoo.readProjects(ids),
  );
  if (project.isErr()) return err(project.error);
  return syncMilestoneIn(context, milestone, siblings.value, project.value, projectMapping);
}

/** The milestone job: its project is synced first when it is not mapped yet. */
export async function syncMilestoneById(
  context: FlowContext,
  odooMilestoneId: number,
): Promise<Result<Mapping, SyncError>> {
  const milestone = await readOne('project.milestone', odooMilestoneId, (ids) =>
    context.odoo.readMilestones(ids),
  );
  if (milestone.isErr()) return err(milestone.error);
  const projectId = milestone.value.projectId?.id;
  if (projectId === undefined) {
    return err({
      kind: 'invalid-record',
      model: 'project.milestone',
      odooId: odooMilestoneId,
      reason: 'milestone has no project',
    });
  }
  const projectMapping = await ensureProject(context, projectId);
  if (projectMapping.isErr()) return err(projectMapping.error);
  return syncReadMilestone(context, milestone.value, projectId, projectMapping.value);
}

/** The cycle a task needs, synced first (once, under its key) when it is not mapped yet. */
export function ensureMilestone(
  context: FlowContext,
  odooMilestoneId: number,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  return ensureMapped(context, keyOf('project.milestone', odooMilestoneId), async () => {
    const milestone = await readOne('project.milestone', odooMilestoneId, (ids) =>
      context.odoo.readMilestones(ids),
    );
    if (milestone.isErr()) return err(milestone.error);
    const projectId = milestone.value.projectId?.id ?? projectMapping.key.odooId;
    return syncReadMilestone(context, milestone.value, projectId, projectMapping);
  });
}
