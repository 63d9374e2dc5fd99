import { err, ok, type Result } from 'neverthrow';
import { addDays } from '../../rules/dates.js';
import type { OdooTask, PlaneState, PlaneWorkItem } from '../../domain.js';
import { escapeHtml } from '../../rules/normalise-html.js';
import type { Mapping, OdooGateway, OdooStageRef } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import { chooseOdooStage, type OdooStageChoice } from '../../rules/stage-state-map.js';
import type { SyncError } from '../../sync-error.js';
import { clearUnmappedStateGroup, noteUnmappedStateGroup } from './unmapped-state-groups.js';

/** The Odoo calls of the Plane → Odoo flow (its Plane reads go through `context.directory`). */
export type FromPlaneOdooPort = Pick<
  OdooGateway,
  'listStages' | 'write' | 'readProjects' | 'postMessage' | 'scheduleActivity'
>;

/** Odoo 17+ `state` values that close a task; a stage move keeps them, so reopening must reset them. */
const closedTaskStates: ReadonlySet<string> = new Set(['1_done', '1_canceled']);

/**
 * Plane → Odoo for a mapped work item, decided from the work item as just re-read (never from a webhook's
 * field values). Plane owns the workflow state: a state that differs from the shadow moves the Odoo task
 * to the stage its state group maps to (`chooseOdooStage`); on Odoo 17+ `state` follows too (`1_done`,
 * `1_canceled`, back to `01_in_progress` when reopened), never on 16 (its `kanban_state` means something
 * else). A group with no stage is warned once, recorded and kept in the sync state. Entering a `completed`
 * state asks Odoo for a ship review (chatter message + to-do activity for the project manager) — once per
 * completion, and never by writing the ship signal: the ship stage is never a target.
 * A state equal to the shadow is our own echo (or a stale, duplicated delivery) and costs no write.
 */
export async function syncStateToOdoo(
  context: FlowContext<unknown, FromPlaneOdooPort>,
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

  const moved = await moveOdooTask(context, task, task.projectId.id, state);
  if (moved.isErr()) return err(moved.error);
  const { choice, taskState, writes } = moved.value;
  const groupKey = { odooProjectId: task.projectId.id, group: state.group };
  if (choice.kind === 'unmapped') {
    await noteUnmappedStateGroup(context, {
      ...groupKey,
      planeProjectId: workItem.projectId,
      planeState: state.name,
      reason: choice.reason,
    });
  } else await clearUnmappedStateGroup(context, groupKey);

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
    decision: describeStateMove(choice, state, taskState, completed && !alreadyAsked),
    writes,
    outcome: writes.length === 0 ? (choice.kind === 'stage' ? 'unchanged' : 'skipped') : 'applied',
    ...(choice.kind === 'unmapped'
      ? {
          detail: {
            unmappedStateGroup: { ...groupKey, planeState: state.name, reason: choice.reason },
          },
        }
      : {}),
  });
  return stored;
}

/**
 * The stage for a Plane state in one project: group settings for the project win over global ones, and
 * the ship signal's stage is never chosen (Plane "Done" asks for a review; it never ships).
 */
function stageChoiceFor(
  context: FlowContext<unknown, FromPlaneOdooPort>,
  state: PlaneState,
  odooProjectId: number,
  stages: readonly OdooStageRef[],
): OdooStageChoice<OdooStageRef> {
  const settings = context.config.stages;
  const signal = context.shipSignals.shipped;
  const candidates =
    signal.kind === 'stage'
      ? stages.filter((stage) => stage.name.toLowerCase() !== signal.stageName.toLowerCase())
      : stages;
  return chooseOdooStage(state, candidates, {
    explicit: settings.toOdooStage,
    byGroup: { ...settings.byGroup, ...settings.byGroupPerProject[String(odooProjectId)] },
  });
}

/**
 * The Odoo 17+ `state` a Plane group asks for, or null for no write: completed → `1_done`, cancelled →
 * `1_canceled`, any other group reopens a closed task (`01_in_progress`; Odoo recomputes waiting). Odoo 16
 * has `kanban_state` (ready/blocked for the next stage), which the workflow state never writes.
 */
function taskStateFor(
  context: FlowContext<unknown, FromPlaneOdooPort>,
  group: string,
  current: string | null,
): string | null {
  const capabilities = context.odooCapabilities;
  const hasState =
    capabilities.taskStateField === undefined
      ? capabilities.version >= 17
      : capabilities.taskStateField === 'state';
  if (!hasState) return null;
  const wanted =
    group === 'completed'
      ? '1_done'
      : group === 'cancelled'
        ? '1_canceled'
        : current !== null && closedTaskStates.has(current)
          ? '01_in_progress'
          : null;
  return wanted === current ? null : wanted;
}

async function askForShipReview(
  context: FlowContext<unknown, FromPlaneOdooPort>,
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
  context: FlowContext<unknown, FromPlaneOdooPort>,
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

/** The ledger's decision for a Plane state that reached Odoo (or could not). */
function describeStateMove(
  choice: OdooStageChoice<OdooStageRef>,
  state: PlaneState,
  taskState: string | null,
  reviewRequested: boolean,
): string {
  const notes = `${taskState === null ? '' : `; state ${taskState}`}${reviewRequested ? '; ship review requested' : ''}`;
  switch (choice.kind) {
    case 'stage':
      return `Plane state "${state.name}" (${state.group}) → Odoo stage "${choice.stage.name}" (${choice.rule})${notes}`;
    case 'left':
      return `Plane state "${state.name}" (${state.group}): stage left as configured${notes}`;
    case 'unmapped':
      return `Plane state "${state.name}" (${state.group}) has no Odoo stage: ${choice.reason}; stage left as it is${notes}`;
  }
}

/** An Odoo write the Plane → Odoo flow made, for the ledger. */
interface OdooWrite {
  readonly system: 'odoo';
  readonly operation: string;
  readonly target: string;
  readonly fields?: string[];
}

/**
 * Moves the Odoo task to the stage the Plane state maps to, and (Odoo 17+) its `state` with it; writes
 * nothing when both are already there. Returns the stage choice and what was written.
 */
async function moveOdooTask(
  context: FlowContext<unknown, FromPlaneOdooPort>,
  task: OdooTask,
  odooProjectId: number,
  state: PlaneState,
): Promise<
  Result<
    { choice: OdooStageChoice<OdooStageRef>; taskState: string | null; writes: OdooWrite[] },
    SyncError
  >
> {
  const writes: OdooWrite[] = [];
  const stages = await callUpstream('odoo', 'list stages', context.odoo.listStages(odooProjectId));
  if (stages.isErr()) return err(stages.error);
  const choice = stageChoiceFor(context, state, odooProjectId, stages.value);
  const stage = choice.kind === 'stage' ? choice.stage : null;
  const taskState = taskStateFor(context, state.group, task.stateRaw ?? null);
  const values = {
    ...(stage !== null && stage.id !== task.stage?.id ? { stage_id: stage.id } : {}),
    ...(taskState === null ? {} : { state: taskState }),
  };
  if (Object.keys(values).length > 0) {
    const moved = await callUpstream(
      'odoo',
      'move task stage',
      context.odoo.write('project.task', [task.id], values),
    );
    if (moved.isErr()) return err(moved.error);
    writes.push({
      system: 'odoo',
      operation: 'stage_id' in values ? 'write stage' : 'write state',
      target: `project.task:${task.id}`,
      fields: Object.keys(values),
    });
  }
  return ok({ choice, taskState, writes });
}
