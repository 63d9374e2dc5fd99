import { err, ok, type Result } from 'neverthrow';
import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { describePlaneError, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type { Mapping, MappingStore, OdooModel } from '@odoo-plane-sync/sync-core';

/** What a backfill would do with one kind of record of one project. */
export interface BackfillCounts {
  /** Not in Plane yet: created. */
  readonly create: number;
  /** In Plane already (found by external id) but not in the store: adopted, no second item. */
  readonly link: number;
  /** Mapped and changed in Odoo since it was last synced: written again. */
  readonly update: number;
  /** Mapped and not changed since: no Plane call. */
  readonly unchanged: number;
}

/** The plan of one Odoo project. */
export interface BackfillProjectPlan {
  readonly odooProjectId: number;
  readonly name: string;
  /** The Plane project it is (or will be) synced to; null when it is still to be created. */
  readonly planeProjectId: string | null;
  readonly project: 'create' | 'link' | 'update' | 'unchanged';
  readonly milestones: BackfillCounts;
  readonly tasks: BackfillCounts;
  /** Tasks with blockers whose relations are still to be added (one call per task). */
  readonly tasksWithNewBlockers: number;
  /** Plane calls this project's sync is expected to make. */
  readonly planeCalls: number;
}

/** What `backfill` would do, and what it costs at the key's rate limit. */
export interface BackfillPlan {
  readonly projects: readonly BackfillProjectPlan[];
  /** Plane calls of the whole backfill, the run's start-up reads included. */
  readonly planeCalls: number;
  /** `planeCalls` at `rateLimitPerMinute`; null when no limit applies. */
  readonly minutes: number | null;
  readonly rateLimitPerMinute: number | null;
  /** Plane calls this plan itself made (lists of projects and work items). */
  readonly planningPlaneCalls: number;
}

/** A read the plan needed failed; nothing was written. */
export interface BackfillPlanError {
  readonly kind: 'upstream';
  readonly system: 'odoo' | 'plane';
  /** One line, safe for logs. */
  readonly message: string;
}

/** What {@link planBackfill} reads. */
export interface BackfillPlanParts {
  readonly odoo: Pick<OdooClient, 'searchRead'>;
  readonly plane: Pick<PlaneClient, 'listProjects' | 'listWorkItems'>;
  readonly mappings: Pick<MappingStore, 'list'>;
  /** `odoo.sourceId` of the sync config: Plane's `external_source` is `odoo:<sourceId>:<model>`. */
  readonly sourceId: string;
}

/** Options of {@link planBackfill}. */
export interface BackfillPlanOptions {
  /** Only these Odoo projects; default every one. */
  readonly odooProjectIds?: readonly number[];
  /** Requests per minute of the Plane key; null or 0 when none applies. */
  readonly rateLimitPerMinute?: number | null;
}

/**
 * The cost model of one project tree's first sync, measured against the Plane simulator (see
 * `backfill-plan.test.ts`): one create per project, cycle and work item, one states read per project
 * that gets work items, one cycle-membership call per cycle with work items, one relations call per
 * task with blockers, one membership call per assignee who is not yet in the project (its lead is).
 */
const callsPerRun = 4;

/** Plane calls a project's plan costs; pure, so the estimate is tested with tables of counts. */
export function planeCallsOfProject(
  plan: Omit<BackfillProjectPlan, 'planeCalls' | 'name' | 'odooProjectId' | 'planeProjectId'> & {
    readonly newMembers: number;
    readonly cyclesWithNewTasks: number;
  },
): number {
  const { milestones, tasks } = plan;
  const projectCalls = plan.project === 'create' || plan.project === 'link' ? 1 : 0;
  const projectUpdate = plan.project === 'update' ? 1 : 0;
  const writesTasks = tasks.create + tasks.link > 0;
  return (
    projectCalls +
    projectUpdate +
    (writesTasks ? 1 : 0) +
    plan.newMembers +
    milestones.create +
    milestones.link +
    milestones.update +
    plan.cyclesWithNewTasks +
    tasks.create +
    tasks.link +
    tasks.update +
    plan.tasksWithNewBlockers
  );
}

type OdooRow = Readonly<Record<string, unknown>> & { readonly id: number };

const idOf = (value: unknown): number | null =>
  Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
const idsOf = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
const writeDateOf = (row: OdooRow): number =>
  typeof row.write_date === 'string' ? Date.parse(`${row.write_date.replace(' ', 'T')}Z`) : 0;

/**
 * Plans a backfill without writing anything: per Odoo project what would be created, linked (found in
 * Plane by external id) or updated, and the Plane calls and minutes it costs at the key's rate limit.
 * Reads Odoo (one search per model), the store, and Plane (its projects, and the work items of projects
 * that exist there, 100 per call).
 *
 * @example
 * const plan = await planBackfill({ odoo, plane, mappings: stores.mappings, sourceId: 'prod' });
 * if (plan.isOk()) console.log(plan.value.planeCalls, plan.value.minutes);
 */
export async function planBackfill(
  parts: BackfillPlanParts,
  options: BackfillPlanOptions = {},
): Promise<Result<BackfillPlan, BackfillPlanError>> {
  const { odoo, plane } = parts;
  const only = options.odooProjectIds;
  const projectDomain = only === undefined ? [] : [['id', 'in', [...only]] as const];
  const [projects, milestones, tasks] = await Promise.all([
    odoo.searchRead('project.project', projectDomain as never, {
      fields: ['name', 'user_id', 'write_date'],
      order: 'id asc',
    }),
    odoo.searchRead(
      'project.milestone',
      (only === undefined ? [] : [['project_id', 'in', [...only]]]) as never,
      { fields: ['project_id', 'write_date'], order: 'id asc' },
    ),
    odoo.searchRead(
      'project.task',
      (only === undefined ? [] : [['project_id', 'in', [...only]]]) as never,
      {
        fields: ['project_id', 'milestone_id', 'user_ids', 'depend_on_ids', 'write_date'],
        order: 'id asc',
      },
    ),
  ]);
  const failed = (system: 'odoo' | 'plane', message: string) =>
    err<never, BackfillPlanError>({ kind: 'upstream', system, message });
  if (projects.isErr()) return failed('odoo', describeOdooError(projects.error));
  // Odoo without milestones or dependencies enabled has no such model or field: plan without them.
  const milestoneRows: readonly OdooRow[] = milestones.isOk() ? milestones.value : [];
  if (tasks.isErr()) return failed('odoo', describeOdooError(tasks.error));

  const planeProjects = await plane.listProjects();
  if (planeProjects.isErr()) return failed('plane', describePlaneError(planeProjects.error));
  let planningPlaneCalls = 1;
  const source = (model: OdooModel): string => `odoo:${parts.sourceId}:${model}`;

  const mappingsOf = async (model: OdooModel): Promise<Map<number, Mapping>> =>
    new Map((await parts.mappings.list({ model })).map((mapping) => [mapping.key.odooId, mapping]));
  const [projectMappings, milestoneMappings, taskMappings] = await Promise.all([
    mappingsOf('project.project'),
    mappingsOf('project.milestone'),
    mappingsOf('project.task'),
  ]);

  const planned: BackfillProjectPlan[] = [];
  for (const project of projects.value) {
    const mapping = projectMappings.get(project.id);
    const inPlane =
      mapping?.planeId ??
      planeProjects.value.find(
        (item) =>
          item.externalSource === source('project.project') &&
          item.externalId === String(project.id),
      )?.id ??
      null;
    // Work items Plane already has for this Odoo source: adopted, never created twice.
    const linkedTaskIds = new Set<number>();
    if (inPlane !== null) {
      let cursor: string | undefined;
      do {
        const page = await plane.listWorkItems(inPlane, {
          perPage: 100,
          ...(cursor === undefined ? {} : { cursor }),
        });
        planningPlaneCalls += 1;
        if (page.isErr()) return failed('plane', describePlaneError(page.error));
        for (const item of page.value.results)
          if (item.externalSource === source('project.task') && item.externalId !== null)
            linkedTaskIds.add(Number(item.externalId));
        cursor = page.value.nextCursor ?? undefined;
      } while (cursor !== undefined);
    }

    const count = <Row extends OdooRow>(
      rows: readonly Row[],
      mappings: Map<number, Mapping>,
      linked: (row: Row) => boolean,
    ): BackfillCounts & { readonly created: Row[] } => {
      const created: Row[] = [];
      let link = 0;
      let update = 0;
      let unchanged = 0;
      for (const row of rows) {
        const known = mappings.get(row.id);
        if (known?.status === 'active') {
          if (writeDateOf(row) > known.updatedAt) update += 1;
          else unchanged += 1;
        } else if (linked(row)) link += 1;
        else created.push(row);
      }
      return { create: created.length, link, update, unchanged, created };
    };
    const ownMilestones = milestoneRows.filter((row) => idOf(row.project_id) === project.id);
    const ownTasks = tasks.value.filter((row) => idOf(row.project_id) === project.id);
    const milestoneCounts = count(ownMilestones, milestoneMappings, () => false);
    const taskCounts = count(ownTasks, taskMappings, (row) => linkedTaskIds.has(row.id));
    const newTasks = ownTasks.filter((row) => taskMappings.get(row.id)?.status !== 'active');
    const cyclesWithNewTasks = new Set(
      newTasks.map((row) => idOf(row.milestone_id)).filter((id) => id !== null),
    ).size;
    const tasksWithNewBlockers = newTasks.filter(
      (row) => idsOf(row.depend_on_ids).length > 0,
    ).length;
    const lead = idOf(project.user_id);
    const assignees = new Set(newTasks.flatMap((row) => idsOf(row.user_ids)));
    if (lead !== null) assignees.delete(lead);
    const projectAction: BackfillProjectPlan['project'] =
      mapping?.status === 'active'
        ? writeDateOf(project) > mapping.updatedAt
          ? 'update'
          : 'unchanged'
        : inPlane !== null
          ? 'link'
          : 'create';
    const { created: _m, ...milestonePlan } = milestoneCounts;
    const { created: _t, ...taskPlan } = taskCounts;
    const body = {
      project: projectAction,
      milestones: milestonePlan,
      tasks: taskPlan,
      tasksWithNewBlockers,
    };
    planned.push({
      odooProjectId: project.id,
      name: typeof project.name === 'string' ? project.name : `#${project.id}`,
      planeProjectId: inPlane,
      ...body,
      // A project already mapped adds its members at creation time only.
      planeCalls: planeCallsOfProject({
        ...body,
        newMembers: projectAction === 'create' ? assignees.size : 0,
        cyclesWithNewTasks,
      }),
    });
  }
  const projectCalls = planned.reduce((sum, project) => sum + project.planeCalls, 0);
  const planeCalls = projectCalls === 0 ? 0 : projectCalls + callsPerRun;
  const rate = options.rateLimitPerMinute ?? null;
  return ok({
    projects: planned,
    planeCalls,
    minutes: rate === null || rate <= 0 ? null : Math.ceil((planeCalls / rate) * 10) / 10,
    rateLimitPerMinute: rate === null || rate <= 0 ? null : rate,
    planningPlaneCalls,
  });
}
