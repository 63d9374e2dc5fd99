import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import {
  describeSyncError,
  type Clock,
  type Logger,
  type MappingStore,
  type OdooModel,
  type SyncEngine,
  type SyncStateStore,
} from '@odoo-plane-sync/sync-core';
import type { OdooPoller } from './odoo-poller.js';

/** What a backfill did. */
export interface BackfillReport {
  /** `skipped` when an earlier run on this store already completed it. */
  readonly status: 'completed' | 'skipped' | 'failed';
  /** Projects this run synced or tried to (a resumed run counts only what was left). */
  readonly projects: number;
  readonly failedProjects: readonly { readonly odooProjectId: number; readonly error: string }[];
  /** Active mappings: the Plane entity exists. */
  readonly mapped: Readonly<Record<OdooModel, number>>;
  /** Pending mappings: recorded before a Plane create that has not been confirmed yet (decision 4). */
  readonly pending: Readonly<Record<OdooModel, number>>;
}

/** What the backfill needs. */
export interface BackfillParts {
  readonly engine: Pick<SyncEngine, 'run'>;
  readonly odoo: Pick<OdooClient, 'search'>;
  readonly mappings: Pick<MappingStore, 'count'>;
  readonly syncState: SyncStateStore;
  readonly poller: Pick<OdooPoller, 'primeCursors'>;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}

/** Options of one backfill run. */
export interface BackfillOptions {
  /**
   * Only these Odoo projects, whether or not a backfill was completed on this store; such a run leaves
   * the store's backfill records alone (a re-run of the same projects adopts what exists, never duplicates).
   */
  readonly odooProjectIds?: readonly number[];
  /** Called after each project tree, for progress displays. */
  readonly onProject?: (progress: {
    readonly odooProjectId: number;
    readonly done: number;
    readonly total: number;
    readonly failed: boolean;
  }) => void;
}

/** Sync-state record of a finished backfill (`/status` shows it). */
const doneStateName = 'backfill';
/** Sync-state record of a backfill under way, so a restart resumes where it stopped. */
export const backfillProgressStateName = 'backfill:progress';
const progressStateName = backfillProgressStateName;

/**
 * What `/status` says of the backfill: the finished record, or — while none exists — how far an unfinished
 * or failed run got and why its projects failed (so a failed first sync is visible, not `null`).
 */
export function backfillStatusOf(done: unknown, progress: unknown): unknown {
  if (done !== undefined && done !== null) return done;
  if (!isProgress(progress)) return null;
  return {
    status: progress.failedOdooProjectIds.length > 0 ? 'failed' : 'in-progress',
    throughOdooProjectId: progress.throughOdooProjectId,
    failedProjects:
      progress.failedProjects ??
      progress.failedOdooProjectIds.map((odooProjectId) => ({ odooProjectId, error: 'unknown' })),
    updatedAt: progress.updatedAt ?? null,
  };
}

interface BackfillProgress {
  /** Every project up to this id was tried. */
  readonly throughOdooProjectId: number;
  /** Of those, the ones that failed: tried again first. */
  readonly failedOdooProjectIds: readonly number[];
  /** Why each of them failed, and when this record was written: `/status` shows an unfinished backfill. */
  readonly failedProjects?: readonly { readonly odooProjectId: number; readonly error: string }[];
  readonly updatedAt?: string;
}

function isProgress(value: unknown): value is BackfillProgress {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { throughOdooProjectId?: unknown }).throughOdooProjectId === 'number' &&
    Array.isArray((value as { failedOdooProjectIds?: unknown }).failedOdooProjectIds)
  );
}

/**
 * Syncs every Odoo project (each a project tree: project, cycles, tasks, links, parents first), once per
 * store: a completed backfill is skipped, and one cut short (crash, deploy, failed projects) resumes with
 * the projects it had not tried and those that failed. Poll cursors are primed first, so what changes
 * while it runs is polled again afterwards and the first poll does not submit every record again.
 *
 * @example
 * const report = await runBackfill({ engine, odoo, mappings, syncState, poller, clock, logger });
 */
export async function runBackfill(
  parts: BackfillParts,
  options: BackfillOptions = {},
): Promise<BackfillReport> {
  const { odoo, syncState, logger } = parts;
  // Pending placeholders (recorded before a Plane create) are counted apart, never as mapped.
  const counts = async (): Promise<Pick<BackfillReport, 'mapped' | 'pending'>> => ({
    mapped: await parts.mappings.count({ status: 'active' }),
    pending: await parts.mappings.count({ status: 'pending' }),
  });
  if (options.odooProjectIds !== undefined) return backfillProjects(parts, options, counts);
  const done = await syncState.get(doneStateName);
  if (typeof done === 'object' && done !== null && 'completedAt' in done) {
    logger.info('backfill already done for this store; the poller catches up');
    return { status: 'skipped', projects: 0, failedProjects: [], ...(await counts()) };
  }
  await parts.poller.primeCursors();
  const projectIds = await odoo.search('project.project', [], { order: 'id asc' });
  if (projectIds.isErr()) {
    logger.error('backfill could not list Odoo projects', { error: projectIds.error.kind });
    return { status: 'failed', projects: 0, failedProjects: [], ...(await counts()) };
  }
  const progress = await syncState.get(progressStateName);
  const resumed = isProgress(progress) ? progress : null;
  const toTry =
    resumed === null
      ? projectIds.value
      : projectIds.value.filter(
          (id) => id > resumed.throughOdooProjectId || resumed.failedOdooProjectIds.includes(id),
        );
  if (resumed !== null) logger.info('backfill resumed', { projectsLeft: toTry.length });
  let through = resumed?.throughOdooProjectId ?? 0;
  const failedProjects = await syncProjectTrees(
    parts,
    toTry,
    'initial backfill',
    options,
    async (odooProjectId, failedSoFar) => {
      through = Math.max(through, odooProjectId);
      const next: BackfillProgress = {
        throughOdooProjectId: through,
        failedOdooProjectIds: failedSoFar.map((failure) => failure.odooProjectId),
        failedProjects: failedSoFar,
        updatedAt: new Date(parts.clock.now()).toISOString(),
      };
      await syncState.put(progressStateName, next);
    },
  );
  if (failedProjects.length === 0)
    await syncState.put(doneStateName, {
      completedAt: new Date(parts.clock.now()).toISOString(),
      projects: projectIds.value.length,
    });
  return {
    status: failedProjects.length === 0 ? 'completed' : 'failed',
    projects: toTry.length,
    failedProjects,
    ...(await counts()),
  };
}

/** A backfill of named projects only: no skip, no progress records. */
async function backfillProjects(
  parts: BackfillParts,
  options: BackfillOptions,
  counts: () => Promise<Pick<BackfillReport, 'mapped' | 'pending'>>,
): Promise<BackfillReport> {
  const toTry = [...new Set(options.odooProjectIds ?? [])].sort((a, b) => a - b);
  const failedProjects = await syncProjectTrees(parts, toTry, 'backfill', options);
  return {
    status: failedProjects.length === 0 ? 'completed' : 'failed',
    projects: toTry.length,
    failedProjects,
    ...(await counts()),
  };
}

/** Syncs each project tree in turn; a failed project never stops the others. */
async function syncProjectTrees(
  parts: BackfillParts,
  toTry: readonly number[],
  cause: string,
  options: BackfillOptions,
  afterEach?: (
    odooProjectId: number,
    failedSoFar: readonly { odooProjectId: number; error: string }[],
  ) => Promise<void>,
): Promise<{ odooProjectId: number; error: string }[]> {
  const failedProjects: { odooProjectId: number; error: string }[] = [];
  for (const [index, odooProjectId] of toTry.entries()) {
    const result = await parts.engine.run({ kind: 'project-tree', odooProjectId }, cause);
    if (result.isErr())
      failedProjects.push({ odooProjectId, error: describeSyncError(result.error) });
    await afterEach?.(odooProjectId, failedProjects);
    options.onProject?.({
      odooProjectId,
      done: index + 1,
      total: toTry.length,
      failed: result.isErr(),
    });
  }
  return failedProjects;
}
