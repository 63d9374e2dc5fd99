import { err, ok, type Result } from 'neverthrow';
import type { OdooProject } from '../../domain.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import { baseProjectIdentifier, projectIdentifierVariant } from '../../rules/project-naming.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import {
  createOrAdopt,
  type CreationSteps,
  type ExternalRef,
  type PlaneTwin,
} from '../create-or-adopt.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { keyOf } from '../mapping-keys.js';
import { putMapping } from '../mapping-writes.js';
import {
  desiredProjectOf,
  planProjectUpdate,
  projectShadowOf,
  type DesiredProject,
} from './plan-project.js';

/** The Plane calls the project flow makes (its directory reads go through `context.directory`). */
export type ProjectPlanePort = Pick<PlaneGateway, 'createProject' | 'updateProject'>;
/** The context the project flow runs in: no Odoo calls of its own (the caller reads the project). */
export type ProjectFlowContext = FlowContext<ProjectPlanePort, unknown>;

const model = 'project.project';

/**
 * Brings one Odoo project into Plane: creates it (idempotently, decision 4) or patches what changed since
 * the shadow. Returns the active mapping. Runs holding the project's serial key.
 */
export function syncProjectRecord(
  context: ProjectFlowContext,
  project: OdooProject,
  options: { readonly hasMilestones: boolean },
): Promise<Result<Mapping, SyncError>> {
  return context.runSerially(keyOf(model, project.id), () =>
    syncHeldProject(context, project, options),
  );
}

async function syncHeldProject(
  context: ProjectFlowContext,
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
    const outcome = await createOrAdopt(
      context,
      key,
      null,
      projectCreation(context, project, desired),
    );
    if (outcome.isErr()) return err(outcome.error);
    if (outcome.value.kind === 'twin') return ok(outcome.value.mapping);
    mapping = outcome.value.mapping;
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

/** A Plane project as the creation rule needs it; `name`: the one it was created with (a free variant). */
interface CreatedProject {
  readonly id: string;
  readonly identifier: string;
  readonly name: string;
}

/** How a project is found and created: by the project list (Plane has no external-id lookup for them). */
function projectCreation(
  context: ProjectFlowContext,
  project: OdooProject,
  desired: DesiredProject,
): CreationSteps<CreatedProject> {
  return {
    // Plane has no external-id lookup or 409 for projects, so the project list is the only way to find one
    // this Odoo project already has: after a crash between create and mapping, or with a lost or new store.
    // The list is read once per engine (projects are few and a stale list is caught by Plane's 409 below).
    find: async (external) => {
      const listed = await context.directory.projectsForAdoption();
      if (listed.isErr()) return err(listed.error);
      const adopted = listed.value.find((item) => isOurs(item, external));
      return ok(adopted === undefined ? null : { ...adopted, name: desired.name });
    },
    create: (external) => createProject(context, project, desired, external),
    mappingOf: ({ entity }) => ({
      planeId: entity.id,
      planeProjectId: entity.id,
      shadow: {
        ...projectShadowOf({ ...desired, name: entity.name }),
        identifier: entity.identifier,
      },
    }),
    describe: ({ entity, created }) => ({
      decision: `${created ? 'created' : 'adopted existing'} Plane project ${entity.identifier}`,
      writes: created ? [{ system: 'plane', operation: 'create project', target: entity.id }] : [],
    }),
  };
}

function isOurs(
  item: { readonly externalId?: string | null; readonly externalSource?: string | null },
  external: ExternalRef,
): boolean {
  return item.externalId === external.externalId && item.externalSource === external.externalSource;
}

async function createProject(
  context: ProjectFlowContext,
  project: OdooProject,
  desired: DesiredProject,
  external: ExternalRef,
): Promise<Result<PlaneTwin<CreatedProject>, SyncError>> {
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
      ...external,
    });
    if (created.isOk()) {
      context.directory.rememberProject({ ...created.value, ...external });
      // Plane makes the creator (the bot) and the lead members: no member list needed for this project.
      context.directory.knowNewProjectMembers(created.value.id, [
        context.planeCapabilities.botUserId,
        ...(desired.projectLeadId ? [desired.projectLeadId] : []),
      ]);
      return ok({ entity: { ...created.value, name }, created: true });
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
    const ours = listed.value.find((item) => isOurs(item, external));
    if (ours !== undefined) return ok({ entity: { ...ours, name: desired.name }, created: false });
    if (attempt > 0) return refused;
    const takenIdentifiers = new Set(listed.value.map((item) => item.identifier.toUpperCase()));
    const takenNames = new Set(listed.value.map((item) => item.name.toLowerCase()));
    let variant = 0;
    while (takenIdentifiers.has(projectIdentifierVariant(base, variant))) variant += 1;
    identifier = projectIdentifierVariant(base, variant);
    if (takenNames.has(name.toLowerCase())) name = `${desired.name} ${project.id}`;
  }
}
