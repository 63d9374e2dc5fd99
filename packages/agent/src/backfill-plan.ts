import { err, ok, type Result } from 'neverthrow';
import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { describePlaneError, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type { Mapping, MappingStore, OdooModel } from '@odoo-plane-sync/sync-core';
import { estimateBackfill } from './backfill-estimate.js';
import {
  planProjectBackfill,
  type BackfillProjectPlan,
  type OdooRow,
} from './backfill-project-plan.js';

export { planeCallsOfProject } from './backfill-estimate.js';
export type { BackfillCounts, BackfillProjectPlan } from './backfill-project-plan.js';

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

const upstreamFailure = (system: 'odoo' | 'plane', message: string) =>
  err<never, BackfillPlanError>({ kind: 'upstream', system, message });

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
  const { plane } = parts;
  const records = await readOdooRecords(parts.odoo, options.odooProjectIds);
  if (records.isErr()) return err(records.error);
  const { projects, milestones, tasks } = records.value;

  const planeProjects = await plane.listProjects();
  if (planeProjects.isErr())
    return upstreamFailure('plane', describePlaneError(planeProjects.error));
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
  for (const project of projects) {
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
    const linked =
      inPlane === null
        ? ok({ taskIds: new Set<number>(), calls: 0 })
        : await listLinkedTaskIds(plane, inPlane, source('project.task'));
    if (linked.isErr()) return err(linked.error);
    planningPlaneCalls += linked.value.calls;
    planned.push(
      planProjectBackfill({
        project,
        mapping,
        planeProjectId: inPlane,
        linkedTaskIds: linked.value.taskIds,
        milestones,
        tasks,
        milestoneMappings,
        taskMappings,
      }),
    );
  }
  return ok({
    projects: planned,
    ...estimateBackfill(planned, options.rateLimitPerMinute ?? null),
    planningPlaneCalls,
  });
}

/** The projects (all, or `only`), their milestones and their tasks, one Odoo search per model. */
async function readOdooRecords(
  odoo: BackfillPlanParts['odoo'],
  only: readonly number[] | undefined,
): Promise<
  Result<
    {
      readonly projects: readonly OdooRow[];
      readonly milestones: readonly OdooRow[];
      readonly tasks: readonly OdooRow[];
    },
    BackfillPlanError
  >
> {
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
  if (projects.isErr()) return upstreamFailure('odoo', describeOdooError(projects.error));
  // Odoo without milestones or dependencies enabled has no such model or field: plan without them.
  const milestoneRows: readonly OdooRow[] = milestones.isOk() ? milestones.value : [];
  if (tasks.isErr()) return upstreamFailure('odoo', describeOdooError(tasks.error));
  return ok({ projects: projects.value, milestones: milestoneRows, tasks: tasks.value });
}

/**
 * Odoo ids of the tasks a Plane project already has work items for (external source `taskSource`),
 * paging 100 at a time, and the calls that took.
 */
async function listLinkedTaskIds(
  plane: BackfillPlanParts['plane'],
  planeProjectId: string,
  taskSource: string,
): Promise<Result<{ readonly taskIds: Set<number>; readonly calls: number }, BackfillPlanError>> {
  const taskIds = new Set<number>();
  let calls = 0;
  let cursor: string | undefined;
  do {
    const page = await plane.listWorkItems(planeProjectId, {
      perPage: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    calls += 1;
    if (page.isErr()) return upstreamFailure('plane', describePlaneError(page.error));
    for (const item of page.value.results)
      if (item.externalSource === taskSource && item.externalId !== null)
        taskIds.add(Number(item.externalId));
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ok({ taskIds, calls });
}
