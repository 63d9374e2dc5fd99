import { err, ok, type Result } from 'neverthrow';
import type { OdooTask } from '../../domain.js';
import type { Mapping } from '../../ports.js';
import { planeStateForStage } from '../../rules/stage-state-map.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { desiredWorkItemOf } from './translate-task.js';
import type { DesiredWorkItem } from './plan-work-item.js';

/** The mappings a task's translation depends on, looked up by the caller (parents first). */
export interface TaskNeighbours {
  readonly project: Mapping;
  /** The parent's mapping when the task has a parent in the same project and it is mapped. */
  readonly parent: Mapping | null;
  /** The milestone's cycle mapping, when the task has a milestone and it is mapped. */
  readonly cycle: Mapping | null;
}

/**
 * The task in Plane terms, with the lookups it needs (users, states) and no writes — so reconciliation can
 * use it for a dry-run drift report.
 */
export async function desiredTaskOf(
  context: FlowContext<unknown, unknown>,
  task: OdooTask,
  neighbours: TaskNeighbours,
  /** false: the item exists in this project, and its state is written only at creation: no state lookup. */
  needsState = true,
): Promise<Result<DesiredWorkItem, SyncError>> {
  const resolved = await context.directory.resolveUsers(task.userIds);
  if (resolved.isErr()) return err(resolved.error);
  let state: { readonly id: string } | null | undefined;
  if (needsState) {
    const states = await context.directory.statesOf(neighbours.project.planeId!);
    if (states.isErr()) return err(states.error);
    state = planeStateForStage(
      task.stage?.name ?? null,
      states.value,
      context.config.stages.toPlaneState,
    );
  }
  return ok(
    desiredWorkItemOf(task, {
      timeZone: context.config.timeZone,
      priorityLevels: context.odooCapabilities.priorityLevels,
      priorityOverrides:
        context.odooCapabilities.priorityLevels === 2
          ? context.config.priorities.twoLevel
          : context.config.priorities.fourLevel,
      planeUserOf: (id) => context.directory.planeUserOf(id),
      parentWorkItemId: neighbours.parent?.planeId ?? undefined,
      stateId: state?.id,
    }),
  );
}

/** Warns once per Odoo user assigned to a task who has no Plane user (assignees left as they are). */
export async function reportUnmappedUsers(
  context: FlowContext<unknown, unknown>,
  task: OdooTask,
): Promise<void> {
  for (const userId of task.userIds) {
    if (context.directory.planeUserOf(userId) !== undefined) continue;
    await context.notifyOnce({
      severity: 'warning',
      title: 'Odoo user without a Plane user',
      text: `Odoo user #${userId} (assigned to task #${task.id}) has no Plane user: configure users.explicit or give both the same e-mail. Assignees of such tasks are left as they are in Plane.`,
      dedupeKey: `unmapped-user:${userId}`,
    });
  }
}
