import { err, ok, type Result } from 'neverthrow';
import { toDateOnly } from '../../rules/dates.js';
import type { OdooMilestone } from '../../domain.js';
import { cycleShadowOf, planCycleUpdate, type DesiredCycle } from './plan-cycle.js';
import type { Mapping } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { externalSourceOf } from '../create-or-adopt.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { activateMapping, putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';
import { claimCreation } from '../claim-creation.js';

const model = 'project.milestone';

/**
 * Brings one milestone into Plane as a cycle of its (already mapped) project: creates it idempotently
 * (409 on the external id adopts the existing cycle) or patches it; a cycle Plane considers completed is
 * left alone and the ledger says why. Runs holding the milestone's serial key.
 */
export function syncMilestoneRecord(
  context: FlowContext,
  milestone: OdooMilestone,
  desired: DesiredCycle,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  return context.runSerially(keyOf(model, milestone.id), () =>
    syncHeldMilestone(context, milestone, desired, projectMapping),
  );
}

async function syncHeldMilestone(
  context: FlowContext,
  milestone: OdooMilestone,
  desired: DesiredCycle,
  projectMapping: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const key = keyOf(model, milestone.id);
  const planeProjectId = projectMapping.planeId!;
  if (projectMapping.shadow.cycleView !== true) {
    // Cycles need `cycle_view` (400 "Cycles are not enabled" otherwise); the project sync normally sets it.
    // Under the project's key and from a fresh read, so milestones racing on one project turn it on once.
    const enabled = await context.runSerially(projectMapping.key, async () => {
      const project = await context.store.get(projectMapping.key);
      if (project === null || project.shadow.cycleView === true) return ok(project);
      const patched = await callUpstream(
        'plane',
        'enable cycles',
        context.plane.updateProject(planeProjectId, { cycleView: true }),
      );
      if (patched.isErr()) return err(patched.error);
      return putMapping(
        context,
        { ...project, shadow: { ...project.shadow, cycleView: true } },
        project.version,
      );
    });
    if (enabled.isErr()) return err(enabled.error);
  }

  let mapping = await context.store.get(key);
  if (mapping?.status !== 'active') {
    // A cycle create needs no lookup first: Plane answers a duplicate external id with 409 and its id.
    const claim = await claimCreation(context, key, planeProjectId);
    if (claim.kind === 'create')
      return createCycle(context, milestone, desired, planeProjectId, claim.pending);
    mapping = claim.mapping;
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

async function createCycle(
  context: FlowContext,
  milestone: OdooMilestone,
  desired: DesiredCycle,
  planeProjectId: string,
  pending: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const externalSource = externalSourceOf(context, model);
  const externalId = String(milestone.id);
  const created = await callUpstream(
    'plane',
    'create cycle',
    context.plane.createCycle(planeProjectId, {
      name: desired.name,
      startDate: desired.startDate,
      endDate: desired.endDate,
      externalId,
      externalSource,
    }),
  );
  if (created.isErr()) return err(created.error);
  const { cycle } = created.value;
  // Plane stores cycle dates as datetimes (start 00:00:01 or "now", end 23:59): the shadow keeps the
  // Odoo dates we asked for, so the next comparison is date against date.
  const shadow = created.value.created
    ? cycleShadowOf(desired)
    : {
        name: cycle.name,
        startDate: toDateOnly(cycle.startDate),
        endDate: toDateOnly(cycle.endDate),
      };
  const stored = await activateMapping(
    context,
    {
      ...pending,
      status: 'active',
      planeId: cycle.id,
      planeProjectId,
      shadow,
      updatedAt: context.clock.now(),
    },
    pending.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model, odooId: milestone.id, planeId: cycle.id },
    decision: created.value.created
      ? 'created cycle'
      : 'adopted existing cycle with the same external id',
    writes: created.value.created
      ? [{ system: 'plane', operation: 'create cycle', target: cycle.id }]
      : [],
    outcome: 'applied',
  });
  return ok(stored.value);
}
