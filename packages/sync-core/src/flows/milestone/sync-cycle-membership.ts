import { err, ok, type Result } from 'neverthrow';
import type { OdooTask, PlaneWorkItem } from '../../domain.js';
import type { Mapping, PlaneGateway } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { todayIn, type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import { putMapping } from '../mapping-writes.js';
import type { SyncError } from '../../sync-error.js';

/** The Plane calls that put work items into cycles and take them out. */
export type CycleMembershipPlanePort = Pick<
  PlaneGateway,
  'addCycleWorkItems' | 'removeCycleWorkItem'
>;

/** One task whose work item should sit in the cycle of its milestone. */
export interface CycleMembershipEntry {
  readonly task: OdooTask;
  readonly mapping: Mapping;
  /** The milestone's cycle mapping, or null when the task has no milestone or it is not mapped. */
  readonly cycle: Mapping | null;
  /** The work item as re-read, when it was. */
  readonly current: PlaneWorkItem | null;
}

/** The work items to add to one cycle. */
interface CycleAdds {
  readonly projectId: string;
  readonly cycleId: string;
  readonly entries: CycleMembershipEntry[];
}

/** A membership that changed in Plane: the cycle the item is in now (null: none) and where it was. */
interface MembershipChange {
  readonly entry: CycleMembershipEntry;
  readonly wanted: string | null;
  readonly previous: string | null;
}

/** Plane's cycle-issues POST takes a list; this many ids per call keeps bodies small. */
const idsPerCall = 100;

/**
 * Puts work items into the cycles of their milestones — one `cycle-issues` POST per cycle for all of them,
 * not one per item (a work item sits in at most one cycle, so adding it to another moves it) — and takes
 * items out whose milestone was cleared. Completed cycles refuse new items, so that case is recorded
 * instead of tried. Shadows are written after the calls: a crash in between repeats only idempotent adds.
 * Returns the updated mappings by Odoo task id.
 */
export async function syncCycleMemberships(
  context: FlowContext<CycleMembershipPlanePort, unknown>,
  entries: readonly CycleMembershipEntry[],
): Promise<Result<Map<number, Mapping>, SyncError>> {
  if (context.config.ownership.cycle !== 'odoo') return ok(new Map());
  const today = todayIn(context);
  const adds = new Map<string, CycleAdds>();
  const changes: MembershipChange[] = [];

  for (const entry of entries) {
    const { task, mapping, cycle, current } = entry;
    const entity = { model: 'project.task', odooId: task.id, planeId: mapping.planeId! } as const;
    // A re-read work item that carries its cycle is the truth; otherwise the shadow.
    const synced =
      current?.cycleId !== undefined
        ? current.cycleId
        : typeof mapping.shadow.cycle === 'string'
          ? mapping.shadow.cycle
          : null;
    const wanted = task.milestoneId === null ? null : (cycle?.planeId ?? undefined);
    if (wanted === undefined) {
      await record(context, {
        entity,
        decision: 'milestone not mapped yet; cycle membership deferred',
        writes: [],
        outcome: 'deferred',
      });
      continue;
    }
    if (wanted === synced) continue;
    if (wanted !== null) {
      const cycleEnd = typeof cycle?.shadow.endDate === 'string' ? cycle.shadow.endDate : null;
      if (cycleEnd !== null && cycleEnd < today) {
        await record(context, {
          entity,
          decision: 'cycle is completed in Plane, which refuses new items; membership not changed',
          writes: [],
          outcome: 'skipped',
          detail: { cycle: wanted },
        });
        continue;
      }
      const groupKey = `${mapping.planeProjectId}:${wanted}`;
      const group = adds.get(groupKey) ?? {
        projectId: mapping.planeProjectId!,
        cycleId: wanted,
        entries: [],
      };
      group.entries.push(entry);
      adds.set(groupKey, group);
    } else if (synced !== null) {
      const removed = await callUpstream(
        'plane',
        'remove work item from cycle',
        context.plane.removeCycleWorkItem(mapping.planeProjectId!, synced, mapping.planeId!),
      );
      if (removed.isErr()) return err(removed.error);
    }
    changes.push({ entry, wanted, previous: synced });
  }

  const added = await addToCycles(context, adds.values());
  if (added.isErr()) return err(added.error);
  return keepMemberships(context, changes);
}

/** One `cycle-issues` POST per cycle (and per `idsPerCall` items). */
async function addToCycles(
  context: FlowContext<CycleMembershipPlanePort, unknown>,
  groups: Iterable<CycleAdds>,
): Promise<Result<void, SyncError>> {
  for (const group of groups) {
    for (let index = 0; index < group.entries.length; index += idsPerCall) {
      const ids = group.entries
        .slice(index, index + idsPerCall)
        .map((entry) => entry.mapping.planeId!);
      const added = await callUpstream(
        'plane',
        'add work items to cycle',
        context.plane.addCycleWorkItems(group.projectId, group.cycleId, ids),
      );
      if (added.isErr()) return err(added.error);
    }
  }
  return ok(undefined);
}

/** Writes each changed membership into its shadow (after the calls) and the ledger. */
async function keepMemberships(
  context: FlowContext<CycleMembershipPlanePort, unknown>,
  changes: readonly MembershipChange[],
): Promise<Result<Map<number, Mapping>, SyncError>> {
  const updated = new Map<number, Mapping>();
  for (const { entry, wanted, previous } of changes) {
    const { task, mapping } = entry;
    const stored = await putMapping(
      context,
      { ...mapping, shadow: { ...mapping.shadow, cycle: wanted } },
      mapping.version,
    );
    if (stored.isErr()) return err(stored.error);
    updated.set(task.id, stored.value);
    await record(context, {
      entity: { model: 'project.task', odooId: task.id, planeId: mapping.planeId! },
      decision:
        wanted === null
          ? 'removed from cycle (milestone cleared in Odoo)'
          : 'cycle follows the Odoo milestone',
      writes: [
        {
          system: 'plane',
          operation: wanted === null ? 'remove from cycle' : 'add to cycle',
          target: wanted ?? previous!,
        },
      ],
      outcome: 'applied',
    });
  }
  return ok(updated);
}
