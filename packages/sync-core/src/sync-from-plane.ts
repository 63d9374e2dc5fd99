import { err, ok, type Result } from 'neverthrow';
import { addDays } from './dates.js';
import type { OdooTask, PlaneState, PlaneWorkItem } from './domain.js';
import { escapeHtml } from './normalise-html.js';
import type { Mapping } from './ports.js';
import { callUpstream, putMapping, record, todayIn, type RunContext } from './run-context.js';
import { odooStageForState } from './stage-state-map.js';
import type { SyncError } from './sync-error.js';

/**
 * Plane → Odoo for a mapped work item, decided from the work item as just re-read (never from a webhook's
 * field values). Plane owns the workflow state: a state that differs from the shadow moves the Odoo task
 * to the matching stage, and entering a `completed` state asks Odoo for a ship review (chatter message +
 * to-do activity for the project manager) — once per completion, and never by writing the ship fields.
 * A state equal to the shadow is our own echo (or a stale, duplicated delivery) and costs no write.
 */
export async function syncStateToOdoo(
  context: RunContext,
  task: OdooTask,
  workItem: PlaneWorkItem,
  mapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  if (context.config.ownership.state !== 'plane' || workItem.stateId === null) return ok(mapping);
  const entity = { model: 'project.task', odooId: task.id, planeId: workItem.id } as const;
  if (workItem.stateId === mapping.shadow.state) {
    await record(context, {
      entity,
      decision: 'state equals the shadow: own echo or stale delivery',
      writes: [],
      outcome: 'unchanged',
    });
    return ok(mapping);
  }
  const states = await context.directory.statesOf(workItem.projectId);
  if (states.isErr()) return err(states.error);
  const state = states.value.find((candidate) => candidate.id === workItem.stateId);
  if (state === undefined || task.projectId === null) return ok(mapping);

  const writes: { system: 'odoo'; operation: string; target: string; fields?: string[] }[] = [];
  const stages = await callUpstream(
    'odoo',
    'list stages',
    context.odoo.listStages(task.projectId.id),
  );
  if (stages.isErr()) return err(stages.error);
  const stage = odooStageForState(state, stages.value, context.config.stages.toOdooStage);
  if (stage !== null && stage.id !== task.stage?.id) {
    const moved = await callUpstream(
      'odoo',
      'move task stage',
      context.odoo.write('project.task', [task.id], { stage_id: stage.id }),
    );
    if (moved.isErr()) return err(moved.error);
    writes.push({
      system: 'odoo',
      operation: 'write stage',
      target: `project.task:${task.id}`,
      fields: ['stage_id'],
    });
  }

  const completed = state.group === 'completed';
  const alreadyAsked = mapping.shadow.shipReviewRequested === true;
  if (completed && !alreadyAsked) {
    const asked = await askForShipReview(context, task, state);
    if (asked.isErr()) return err(asked.error);
    writes.push(
      { system: 'odoo', operation: 'post message', target: `project.task:${task.id}` },
      { system: 'odoo', operation: 'schedule activity', target: `project.task:${task.id}` },
    );
  }
  const stored = await putMapping(
    context,
    {
      ...mapping,
      shadow: { ...mapping.shadow, state: workItem.stateId, shipReviewRequested: completed },
    },
    mapping.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity,
    decision:
      stage === null
        ? `Plane state "${state.name}" has no matching Odoo stage; stage left as it is`
        : `Plane state "${state.name}" → Odoo stage "${stage.name}"${completed && !alreadyAsked ? '; ship review requested' : ''}`,
    writes,
    outcome: stage === null && writes.length === 0 ? 'skipped' : 'applied',
  });
  return stored;
}

async function askForShipReview(
  context: RunContext,
  task: OdooTask,
  state: PlaneState,
): Promise<Result<void, SyncError>> {
  const reviewer = await reviewerOf(context, task);
  if (reviewer.isErr()) return err(reviewer.error);
  const message = `<p>Plane marked this task <b>${escapeHtml(state.name)}</b>. Please review it and mark it shipped in Odoo when it is.</p>`;
  const posted = await callUpstream(
    'odoo',
    'post ship review message',
    context.odoo.postMessage(task.id, message),
  );
  if (posted.isErr()) return err(posted.error);
  if (reviewer.value === null) return ok(undefined);
  const scheduled = await callUpstream(
    'odoo',
    'schedule ship review',
    context.odoo.scheduleActivity({
      resId: task.id,
      summary: context.config.shipReview.summary,
      note: `<p>Work item done in Plane (${escapeHtml(state.name)}): review and ship.</p>`,
      userId: reviewer.value,
      dateDeadline: addDays(todayIn(context), context.config.shipReview.dueInDays),
    }),
  );
  return scheduled.isErr() ? err(scheduled.error) : ok(undefined);
}

/** The configured reviewer, else the project manager, else nobody (message only). */
async function reviewerOf(
  context: RunContext,
  task: OdooTask,
): Promise<Result<number | null, SyncError>> {
  if (context.config.shipReview.reviewerUserId !== undefined)
    return ok(context.config.shipReview.reviewerUserId);
  if (task.projectId === null) return ok(null);
  const projects = await callUpstream(
    'odoo',
    'read project.project',
    context.odoo.readProjects([task.projectId.id]),
  );
  if (projects.isErr()) return err(projects.error);
  return ok(projects.value[0]?.userId?.id ?? null);
}
