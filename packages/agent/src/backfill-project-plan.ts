import type { Mapping } from '@odoo-plane-sync/sync-core';
import { planeCallsOfProject } from './backfill-estimate.js';

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

/** A record as `search_read` returns it. */
export type OdooRow = Readonly<Record<string, unknown>> & { readonly id: number };

const idOf = (value: unknown): number | null =>
  Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
const idsOf = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
const writeDateOf = (row: OdooRow): number =>
  typeof row.write_date === 'string' ? Date.parse(`${row.write_date.replace(' ', 'T')}Z`) : 0;

/** What one Odoo project's plan is made from: what Odoo, the store and Plane hold. */
export interface BackfillProjectFacts {
  readonly project: OdooRow;
  /** The project's mapping in the store, if any. */
  readonly mapping: Mapping | undefined;
  /** The Plane project it is mapped to or found as by external id; null when Plane has none. */
  readonly planeProjectId: string | null;
  /** Odoo ids of the tasks Plane already has work items for (by external id). */
  readonly linkedTaskIds: ReadonlySet<number>;
  /** Every milestone and task read (of every project): the project's own are picked here. */
  readonly milestones: readonly OdooRow[];
  readonly tasks: readonly OdooRow[];
  readonly milestoneMappings: ReadonlyMap<number, Mapping>;
  readonly taskMappings: ReadonlyMap<number, Mapping>;
}

/** Counts rows by what the backfill does with them, keeping the ones it would create. */
function countRecords<Row extends OdooRow>(
  rows: readonly Row[],
  mappings: ReadonlyMap<number, Mapping>,
  linked: (row: Row) => boolean,
): BackfillCounts & { readonly created: Row[] } {
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
}

/**
 * The plan of one Odoo project: what its project, milestones and tasks need (create, link, update or
 * nothing) and the Plane calls that costs. Pure: the reads are the caller's.
 */
export function planProjectBackfill(facts: BackfillProjectFacts): BackfillProjectPlan {
  const { project, mapping, planeProjectId, linkedTaskIds, taskMappings } = facts;
  const ownMilestones = facts.milestones.filter((row) => idOf(row.project_id) === project.id);
  const ownTasks = facts.tasks.filter((row) => idOf(row.project_id) === project.id);
  const milestoneCounts = countRecords(ownMilestones, facts.milestoneMappings, () => false);
  const taskCounts = countRecords(ownTasks, taskMappings, (row) => linkedTaskIds.has(row.id));
  const newTasks = ownTasks.filter((row) => taskMappings.get(row.id)?.status !== 'active');
  const cyclesWithNewTasks = new Set(
    newTasks.map((row) => idOf(row.milestone_id)).filter((id) => id !== null),
  ).size;
  const tasksWithNewBlockers = newTasks.filter((row) => idsOf(row.depend_on_ids).length > 0).length;
  const lead = idOf(project.user_id);
  const assignees = new Set(newTasks.flatMap((row) => idsOf(row.user_ids)));
  if (lead !== null) assignees.delete(lead);
  const projectAction: BackfillProjectPlan['project'] =
    mapping?.status === 'active'
      ? writeDateOf(project) > mapping.updatedAt
        ? 'update'
        : 'unchanged'
      : planeProjectId !== null
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
  return {
    odooProjectId: project.id,
    name: typeof project.name === 'string' ? project.name : `#${project.id}`,
    planeProjectId,
    ...body,
    // A project already mapped adds its members at creation time only.
    planeCalls: planeCallsOfProject({
      ...body,
      newMembers: projectAction === 'create' ? assignees.size : 0,
      cyclesWithNewTasks,
    }),
  };
}
