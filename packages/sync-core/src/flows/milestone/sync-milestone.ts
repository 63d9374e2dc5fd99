import { err, ok, type Result } from 'neverthrow';
import type { OdooMilestone, PlaneCycle } from '../../domain.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import { toDateOnly } from '../../rules/dates.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import { createOrAdopt, type CreationSteps } from '../create-or-adopt.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { putMapping } from '../mapping-writes.js';
import { cycleShadowOf, planCycleUpdate, type DesiredCycle } from './plan-cycle.js';

/** The Plane calls the milestone flow makes. */
export type MilestonePlanePort = Pick<
  PlaneGateway,
  'createCycle' | 'updateCycle' | 'updateProject'
>;
/** The context the milestone flow runs in: no Odoo calls of its own (the caller reads the milestone). */
export type MilestoneFlowContext = FlowContext<MilestonePlanePort, unknown>;

const model = 'project.milestone';

/**
 * Brings one milestone into Plane as a cycle of its (already mapped) project: creates it idempotently
 * (409 on the external id adopts the existing cycle) or patches it; a cycle Plane considers completed is
 * left alone and the ledger says why. Runs holding the milestone's serial key.
 */
export function syncMilestoneRecord(
  context: MilestoneFlowContext,
  milestone: OdooMilestone,
  desired: DesiredCycle,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  return context.runSerially(keyOf(model, milestone.id), () =>
    syncHeldMilestone(context, milestone, desired, projectMapping),
  );
}

async function syncHeldMilestone(
  context: MilestoneFlowContext,
  milestone: OdooMilestone,
  desired: DesiredCycle,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const key = keyOf(model, milestone.id);
  const planeProjectId = projectMapping.planeId!;
  if (projectMapping.shadow.cycleView !== true) {
    const enabled = await enableCycles(context, projectMapping);
    if (enabled.isErr()) return err(enabled.error);
  }

  let mapping = await context.store.get(key);
  if (mapping?.status !== 'active') {
    const outcome = await createOrAdopt(
      context,
      key,
      planeProjectId,
      cycleCreation(context, desired, planeProjectId),
    );
    if (outcome.isErr()) return err(outcome.error);
    if (outcome.value.kind === 'twin') return ok(outcome.value.mapping);
    mapping = outcome.value.mapping;
  }

  const plan = planCycleUpdate(desired, mapping.shadow, todayIn(context));
  const entity = { model, odooId: milestone.id, planeId: mapping.planeId! } as const;
  switch (plan.kind) {
    case 'unchanged':
      await record(context, { entity, decision: 'no change', writes: [], outcome: 'unchanged' });
      return ok(mapping);
    case 'completed':
      await record(context, {
        entity,
        decision:
          'cycle is completed in Plane, which refuses edits to completed cycles; Odoo change not applied',
        writes: [],
        outcome: 'skipped',
        detail: { wanted: plan.wanted },
      });
      return ok(mapping);
    case 'update': {
      const updated = await callUpstream(
        'plane',
        'update cycle',
        context.plane.updateCycle(planeProjectId, mapping.planeId!, plan.patch),
      );
      if (updated.isErr()) return err(updated.error);
      const stored = await putMapping(
        context,
        { ...mapping, shadow: plan.shadow },
        mapping.version,
      );
      if (stored.isErr()) return stored;
      await record(context, {
        entity,
        decision: 'update cycle from Odoo',
        writes: [
          {
            system: 'plane',
            operation: 'update cycle',
            target: mapping.planeId!,
            fields: Object.keys(plan.patch),
          },
        ],
        outcome: 'applied',
      });
      return stored;
    }
  }
}

/**
 * Turns `cycle_view` on: cycles need it (400 "Cycles are not enabled" otherwise); the project sync normally
 * sets it. Under the project's key and from a fresh read, so milestones racing on one project turn it on once.
 */
function enableCycles(
  context: MilestoneFlowContext,
  projectMapping: Mapping,
): Promise<Result<Mapping | null, SyncError>> {
  return context.runSerially(projectMapping.key, async () => {
    const project = await context.store.get(projectMapping.key);
    if (project === null || project.shadow.cycleView === true) return ok(project);
    const patched = await callUpstream(
      'plane',
      'enable cycles',
      context.plane.updateProject(projectMapping.planeId!, { cycleView: true }),
    );
    if (patched.isErr()) return err(patched.error);
    return putMapping(
      context,
      { ...project, shadow: { ...project.shadow, cycleView: true } },
      project.version,
    );
  });
}

/**
 * How a cycle is created: no lookup first, because Plane answers a duplicate external id with 409 and the
 * existing cycle's id, which the client returns as `created: false`.
 */
function cycleCreation(
  context: MilestoneFlowContext,
  desired: DesiredCycle,
  planeProjectId: string,
): CreationSteps<PlaneCycle> {
  return {
    create: (external) =>
      callUpstream(
        'plane',
        'create cycle',
        context.plane.createCycle(planeProjectId, {
          name: desired.name,
          startDate: desired.startDate,
          endDate: desired.endDate,
          ...external,
        }),
      ).then((created) =>
        created.map(({ cycle, created: made }) => ({ entity: cycle, created: made })),
      ),
    // Plane stores cycle dates as datetimes (start 00:00:01 or "now", end 23:59): the shadow keeps the
    // Odoo dates we asked for, so the next comparison is date against date.
    mappingOf: ({ entity: cycle, created }) => ({
      planeId: cycle.id,
      planeProjectId,
      shadow: created
        ? cycleShadowOf(desired)
        : {
            name: cycle.name,
            startDate: toDateOnly(cycle.startDate),
            endDate: toDateOnly(cycle.endDate),
          },
    }),
    describe: ({ entity: cycle, created }) => ({
      decision: created ? 'created cycle' : 'adopted existing cycle with the same external id',
      writes: created ? [{ system: 'plane', operation: 'create cycle', target: cycle.id }] : [],
    }),
  };
}
