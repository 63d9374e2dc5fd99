import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import { callUpstream } from '../call-upstream.js';
import type { FlowContext } from '../flow-context.js';
import type { ReconciledTasks } from './read-reconciled-tasks.js';
import type { ReconcileCounters } from './reconcile-report.js';

/** The Plane gateway methods the reconciliation's reads call. */
export type ReconcileReadPlanePort = Pick<PlaneGateway, 'listCycleWorkItems' | 'listWorkItems'>;

type ReadContext = FlowContext<ReconcileReadPlanePort, unknown>;

/** What the store, Odoo and Plane say about one project, read before any of it is compared. */
export interface ProjectSides {
  /** The task mappings of the project, in the store's order. */
  readonly taskMappings: readonly Mapping[];
  /**
   * Odoo: the project's tasks, archived ones included, and every task mapped into it (deleted ones are
   * missing), by id.
   */
  readonly tasks: ReadonlyMap<number, OdooTask>;
  /** Plane: the work items listed, by id. */
  readonly items: ReadonlyMap<string, PlaneWorkItem>;
  /** Plane: the cycle of each work item listed in a mapped cycle (work items do not carry it). */
  readonly cycleOfItem: ReadonlyMap<string, string>;
}

/**
 * Work items per Plane list call: the largest page Plane accepts. CE 1.3.1's paginator allows up to 1000
 * (`max_per_page`, reference/plane-api.md §3); Plane's docs, the only word on Cloud, say 100.
 */
function planePageSizeOf(context: ReadContext): number {
  const community =
    context.config.plane.edition === 'community' ||
    (context.config.plane.edition === 'detect' && !context.planeCapabilities.relationRemoval);
  return community ? 1000 : 100;
}

/**
 * Reads one project's side of a reconciliation: its task mappings, its tasks out of the Odoo read, and the
 * work items Plane lists for them. Plane is read as little as it can be: one list per mapped cycle (work
 * items do not carry their cycle); those lists hold the work items themselves (the same serializer as the
 * project's list), so the project's own list is read only when a work item to compare is in none of them.
 */
export async function readProjectSides(
  context: ReadContext,
  projectMapping: Mapping,
  inOdoo: ReconciledTasks,
  counters: ReconcileCounters,
): Promise<Result<ProjectSides, SyncError>> {
  const planeProjectId = projectMapping.planeId!;
  const odooProjectId = projectMapping.key.odooId;
  const taskMappings = await context.store.list({ model: 'project.task', planeProjectId });
  const mappedHere = new Set(taskMappings.map((mapping) => mapping.key.odooId));
  const tasks = new Map(
    [...inOdoo].filter(([id, task]) => task.projectId?.id === odooProjectId || mappedHere.has(id)),
  );
  const inCycles = await readCycleMembers(context, planeProjectId, counters);
  if (inCycles.isErr()) return err(inCycles.error);
  const { items, cycleOfItem } = inCycles.value;
  const compared = taskMappings.filter((mapping) => {
    const task = tasks.get(mapping.key.odooId);
    return (
      mapping.status === 'active' &&
      mapping.planeId !== null &&
      task?.active === true &&
      task.projectId?.id === odooProjectId
    );
  });
  if (compared.some((mapping) => !items.has(mapping.planeId!))) {
    const listed = await readProjectWorkItems(context, planeProjectId, counters);
    if (listed.isErr()) return err(listed.error);
    for (const item of listed.value) items.set(item.id, item);
  }
  return ok({ taskMappings, tasks, items, cycleOfItem });
}

/** The work items of every active mapped cycle of the project, and the cycle each is in. */
async function readCycleMembers(
  context: ReadContext,
  planeProjectId: string,
  counters: ReconcileCounters,
): Promise<
  Result<{ items: Map<string, PlaneWorkItem>; cycleOfItem: Map<string, string> }, SyncError>
> {
  const items = new Map<string, PlaneWorkItem>();
  const cycleOfItem = new Map<string, string>();
  const cycleMappings = (
    await context.store.list({ model: 'project.milestone', planeProjectId })
  ).filter((mapping) => mapping.status === 'active');
  for (const cycle of cycleMappings) {
    const members = await callUpstream(
      'plane',
      'list cycle work items',
      context.plane.listCycleWorkItems(planeProjectId, cycle.planeId!),
    );
    counters.planeReads += 1;
    if (members.isErr()) return err(members.error);
    for (const item of members.value) {
      items.set(item.id, item);
      cycleOfItem.set(item.id, cycle.planeId!);
    }
  }
  return ok({ items, cycleOfItem });
}

/** Every work item of the project, a page as large as Plane accepts per call. */
async function readProjectWorkItems(
  context: ReadContext,
  planeProjectId: string,
  counters: ReconcileCounters,
): Promise<Result<PlaneWorkItem[], SyncError>> {
  const listed: PlaneWorkItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await callUpstream(
      'plane',
      'list work items',
      context.plane.listWorkItems(planeProjectId, {
        perPage: planePageSizeOf(context),
        ...(cursor === undefined ? {} : { cursor }),
      }),
    );
    counters.planeReads += 1;
    if (page.isErr()) return err(page.error);
    listed.push(...page.value.results);
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ok(listed);
}
