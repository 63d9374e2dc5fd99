import { err, ok, type Result } from 'neverthrow';
import type { OdooProject } from './domain.js';
import {
  desiredProjectOf,
  planProjectUpdate,
  projectShadowOf,
  type DesiredProject,
} from './plan-project.js';
import type { Mapping } from './ports.js';
import { baseProjectIdentifier, projectIdentifierVariant } from './project-naming.js';
import {
  activateMapping,
  callUpstream,
  externalSourceOf,
  keyOf,
  putMapping,
  record,
  type RunContext,
} from './run-context.js';
import type { SyncError } from './sync-error.js';
import { claimCreation } from './claim-creation.js';

const model = 'project.project';

/**
 * Brings one Odoo project into Plane: creates it (idempotently, decision 4) or patches what changed since
 * the shadow. Returns the active mapping. Runs holding the project's serial key.
 */
export function syncProjectRecord(
  context: RunContext,
  project: OdooProject,
  options: { readonly hasMilestones: boolean },
): Promise<Result<Mapping, SyncError>> {
  return context.runSerially(keyOf(model, project.id), () =>
    syncHeldProject(context, project, options),
  );
}

async function syncHeldProject(
  context: RunContext,
  project: OdooProject,
  options: { readonly hasMilestones: boolean },
): Promise<Result<Mapping, SyncError>> {
  const key = keyOf(model, project.id);
  const managerId = project.userId?.id;
  if (managerId !== undefined) {
    const resolved = await context.directory.resolveUsers([managerId]);
    if (resolved.isErr()) return err(resolved.error);
  }
  const leadPlaneUserId = managerId === undefined ? null : context.directory.planeUserOf(managerId);
  const desired = desiredProjectOf(project, {
    leadPlaneUserId,
    hasMilestones: options.hasMilestones,
  });

  let mapping = await context.store.get(key);
  if (mapping?.status !== 'active') {
    const claim = await claimCreation(context, key, null);
    if (claim.kind === 'create') return createProject(context, project, desired, claim.pending);
    mapping = claim.mapping;
  }

  const plan = planProjectUpdate(desired, mapping.shadow);
  if (Object.keys(plan.patch).length === 0) {
    await record(context, {
      entity: { model, odooId: project.id, planeId: mapping.planeId! },
      decision: 'no change',
      writes: [],
      outcome: 'unchanged',
    });
    return ok(mapping);
  }
  const updated = await callUpstream(
    'plane',
    'update project',
    context.plane.updateProject(mapping.planeId!, plan.patch),
  );
  if (updated.isErr()) return err(updated.error);
  const stored = await putMapping(context, { ...mapping, shadow: plan.shadow }, mapping.version);
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model, odooId: project.id, planeId: mapping.planeId! },
    decision: 'update project from Odoo',
    writes: [
      {
        system: 'plane',
        operation: 'update project',
        target: mapping.planeId!,
        fields: Object.keys(plan.patch),
      },
    ],
    outcome: 'applied',
  });
  return stored;
}

async function createProject(
  context: RunContext,
  project: OdooProject,
  desired: DesiredProject,
  pending: Mapping,
): Promise<Result<Mapping, SyncError>> {
  const externalSource = externalSourceOf(context, model);
  const externalId = String(project.id);
  const isOurs = (item: {
    readonly externalId?: string | null;
    readonly externalSource?: string | null;
  }) => item.externalId === externalId && item.externalSource === externalSource;
  // Plane has no external-id lookup or 409 for projects, so the project list is the only way to find one
  // this Odoo project already has: after a crash between create and mapping, or with a lost or new store.
  // The list is read once per engine (projects are few and a stale list is caught by Plane's 409 below).
  const listed = await context.directory.projectsForAdoption();
  if (listed.isErr()) return err(listed.error);
  const adopted = listed.value.find(isOurs);
  if (adopted !== undefined) {
    return activate(context, pending, adopted.id, desired, adopted.identifier, 'adopted existing');
  }

  const base = baseProjectIdentifier({
    name: project.name,
    wbsCode: project.wbsCode ?? null,
    odooId: project.id,
  });
  let identifier = base;
  let name = desired.name;
  for (let attempt = 0; ; attempt += 1) {
    const created = await context.plane.createProject({
      name,
      identifier,
      description: desired.description,
      ...(desired.projectLeadId ? { projectLeadId: desired.projectLeadId } : {}),
      cycleView: desired.cycleView,
      externalId,
      externalSource,
    });
    if (created.isOk()) {
      context.directory.rememberProject({ ...created.value, externalId, externalSource });
      // Plane makes the creator (the bot) and the lead members: no member list needed for this project.
      context.directory.knowNewProjectMembers(created.value.id, [
        context.planeCapabilities.botUserId,
        ...(desired.projectLeadId ? [desired.projectLeadId] : []),
      ]);
      return activate(
        context,
        pending,
        created.value.id,
        { ...desired, name },
        created.value.identifier,
        'created',
      );
    }
    const refused = err({
      kind: 'upstream',
      system: 'plane',
      operation: 'create project',
      failure: created.error,
    } as const);
    if (created.error.failureKind !== 'conflict') return refused;
    // Plane answers 409 {"name": "...already taken"} for a taken name *or* identifier, so look at what
    // exists. Taken by our own project (another job or worker created it since our list): adopt it, never
    // make a second. Taken by another project: pick a free identifier (and, if needed, a distinguishable
    // name) in one go.
    context.directory.forgetProjects();
    const listed = await context.directory.projectsForAdoption();
    if (listed.isErr()) return err(listed.error);
    const ours = listed.value.find(isOurs);
    if (ours !== undefined)
      return activate(context, pending, ours.id, desired, ours.identifier, 'adopted existing');
    if (attempt > 0) return refused;
    const takenIdentifiers = new Set(listed.value.map((item) => item.identifier.toUpperCase()));
    const takenNames = new Set(listed.value.map((item) => item.name.toLowerCase()));
    let variant = 0;
    while (takenIdentifiers.has(projectIdentifierVariant(base, variant))) variant += 1;
    identifier = projectIdentifierVariant(base, variant);
    if (takenNames.has(name.toLowerCase())) name = `${desired.name} ${project.id}`;
  }
}

async function activate(
  context: RunContext,
  pending: Mapping,
  planeId: string,
  desired: DesiredProject,
  identifier: string,
  how: 'created' | 'adopted existing',
): Promise<Result<Mapping, SyncError>> {
  const stored = await activateMapping(
    context,
    {
      ...pending,
      status: 'active',
      planeId,
      planeProjectId: planeId,
      shadow: { ...projectShadowOf(desired), identifier },
      updatedAt: context.clock.now(),
    },
    pending.version,
  );
  if (stored.isErr()) return stored;
  await record(context, {
    entity: { model, odooId: pending.key.odooId, planeId },
    decision: `${how} Plane project ${identifier}`,
    writes:
      how === 'created' ? [{ system: 'plane', operation: 'create project', target: planeId }] : [],
    outcome: 'applied',
  });
  return stored;
}
