import { err, ok, type Result } from 'neverthrow';
import {
  parseSyncConfig,
  type InvalidConfig,
  type SyncConfig,
  type SyncConfigInput,
} from './config.js';
import type {
  Clock,
  EventLedger,
  FailureTracker,
  SyncStateStore,
  Logger,
  MappingStore,
  Notifier,
  OdooGateway,
  PlaneGateway,
} from './ports.js';
import type { SyncError } from './sync-error.js';
import type { SyncJob } from './sync-job.js';
import type { ReconcileReport } from './flows/reconcile/reconcile-project.js';
import type { GitHubAnnotationOptions } from './flows/github/github-annotations.js';
import type {
  NotificationDeliveryOptions,
  NotificationOutbox,
} from './notifiers/notification-outbox.js';
import { runJobOnce } from './engine/dispatch-job.js';
import { createEngineRuntime } from './engine/engine-runtime.js';
import {
  syncOdooRecord,
  syncPlaneWorkItem,
  syncProjectTreesHoldingKeys,
} from './engine/engine-operations.js';
import type { SyncReport } from './engine/run-event.js';
import { runWithRetries } from './engine/run-with-retries.js';
import { syncMilestoneById } from './flows/milestone/milestone-job.js';
import { syncProjectById } from './flows/project/project-job.js';
import { syncTaskById } from './flows/task/task-job.js';
import { reconcileAll } from './flows/reconcile/reconcile-all.js';

export type { SyncReport } from './engine/run-event.js';

/** Everything the engine talks through; see `ports.ts`. */
export interface SyncEngineDeps {
  readonly store: MappingStore;
  readonly ledger: EventLedger;
  readonly odoo: OdooGateway;
  readonly plane: PlaneGateway;
  readonly notifier: Notifier;
  /** Consecutive failures per entity, for the three-in-a-row alert. */
  readonly failures: FailureTracker;
  /** Where the last reconciliation's summary is kept (`reconciliation:last`). */
  readonly syncState: SyncStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SyncConfigInput;
  /** Jitter source for retry backoff, in [0, 1). Default 0.5 (no jitter); hosts pass `Math.random`. */
  readonly random?: () => number;
  /** Correlation ids; default: `crypto.randomUUID()` (Web Crypto, available on Node 20, Lambda and edge). */
  readonly randomId?: () => string;
  /** GitHub PR and CI annotations on Plane work items; without it `github-signal` jobs are skipped. */
  readonly github?: GitHubAnnotationOptions;
  /**
   * Every configured secret value (API keys, webhook secrets and token, the Slack URL): replaced by
   * `<redacted>` in whatever leaves the engine — ledger entries, log lines, failure causes, notifications,
   * sync state and returned errors.
   */
  readonly secrets?: readonly string[];
  /** Timeout, retries and queue size of notification delivery, which runs beside the sync. */
  readonly notificationDelivery?: NotificationDeliveryOptions;
}
/** The engine's public operations. Each is serial per Odoo record: two calls for one record never overlap. */
export interface SyncEngine {
  /**
   * Runs a job with the retry policy (retryable failures only, backoff with jitter on the injected clock,
   * `Retry-After` honoured), records every failed attempt, alerts ops once after three in a row, and
   * reports a recovery. The result is the last attempt's.
   */
  run(job: SyncJob, cause?: string): Promise<Result<SyncReport, SyncError>>;
  /**
   * Checks every mapping against both systems in batches and repairs drift by ownership (unless `dryRun`);
   * archived or deleted Odoo tasks are marked in Plane, never deleted. `scope.odooProjectIds` limits it to
   * some projects. The summary is stored as the sync state `reconciliation:last`.
   */
  reconcile(options?: {
    readonly dryRun?: boolean;
    readonly scope?: { readonly odooProjectIds?: readonly number[] };
  }): Promise<Result<ReconcileReport, SyncError>>;
  /**
   * Detects both servers' capabilities (bot user, relation removal, Odoo version and fields) and the ship
   * signal, logs which one is active (or that ship events are off) and keeps it as the sync state
   * `ship-signal`. Idempotent.
   */
  start(): Promise<Result<void, SyncError>>;
  /** One project's own fields (not its milestones or tasks). */
  syncProject(odooProjectId: number, cause?: string): Promise<Result<SyncReport, SyncError>>;
  /** One milestone as a cycle; its project is synced first when it is not mapped yet. */
  syncMilestone(odooMilestoneId: number, cause?: string): Promise<Result<SyncReport, SyncError>>;
  /** One task as a work item with its cycle, relations and ship event; unmapped parents are synced first. */
  syncTask(odooTaskId: number, cause?: string): Promise<Result<SyncReport, SyncError>>;
  /**
   * Plane → Odoo for one work item, from its current state (re-read): Odoo-owned fields edited in Plane are
   * reverted (conflict logged and notified), the workflow state moves the Odoo stage, completion asks for a
   * ship review. A work item with no Odoo origin is an orphan: logged, never created in Odoo. `actorId`
   * (from the webhook) equal to the bot's is our own echo and is dropped before any call.
   */
  syncFromPlane(
    planeProjectId: string,
    planeWorkItemId: string,
    options?: { readonly actorId?: string; readonly cause?: string },
  ): Promise<Result<SyncReport, SyncError>>;
  /** A whole project, parents first: project → cycles → tasks (parents before subtasks) → relations. */
  syncProjectTree(odooProjectId: number, cause?: string): Promise<Result<SyncReport, SyncError>>;
  /**
   * Several projects' trees, each as `syncProjectTree` syncs it (one ledger event and report per project, in
   * id order), with Odoo read across them: their projects, milestones and tasks in three calls however many
   * projects there are. Stops at the first project that fails, as a loop over `syncProjectTree` would.
   */
  syncProjectTrees(
    odooProjectIds: readonly number[],
    cause?: string,
  ): Promise<Result<readonly SyncReport[], SyncError>>;
  readonly config: SyncConfig;
  /** Notifications on their way to the notifier (queued by the sync, delivered beside it). */
  readonly notifications: Pick<NotificationOutbox, 'pending' | 'settled'>;
}

/**
 * Creates a sync engine. A bad configuration is refused with every problem listed; nothing is called until
 * the first sync (or `start()`).
 *
 * @example
 * const engine = createSyncEngine({
 *   store, ledger, notifier, clock, logger,
 *   odoo: createOdooClient({ ... }),
 *   plane: createPlaneClient({ ... }),
 *   config: { plane: { workspaceSlug: 'acme' }, odoo: { sourceId: 'prod' } },
 * })._unsafeUnwrap();
 * await engine.syncProjectTree(42);
 */
export function createSyncEngine(input: SyncEngineDeps): Result<SyncEngine, InvalidConfig> {
  const parsed = parseSyncConfig(input.config);
  if (parsed.isErr()) return err(parsed.error);
  const runtime = createEngineRuntime(input, parsed.value);
  const { config, deps, redact, serial, runEvent } = runtime;
  const runOnce = (job: SyncJob, cause: string): Promise<Result<SyncReport, SyncError>> =>
    runJobOnce(runtime, engine, job, cause);

  const engine: SyncEngine = {
    config,
    notifications: runtime.notifications,
    start: async () => (await runtime.engineStart.start()).map(() => undefined).mapErr(redact),

    run: (job, cause = job.kind) => runWithRetries(job, cause, runOnce, runtime.retry),

    syncProject: (odooProjectId, cause = 'sync project') =>
      syncOdooRecord(runtime, 'project.project', odooProjectId, cause, syncProjectById),

    syncMilestone: (odooMilestoneId, cause = 'sync milestone') =>
      syncOdooRecord(runtime, 'project.milestone', odooMilestoneId, cause, syncMilestoneById),

    syncTask: (odooTaskId, cause = 'sync task') =>
      syncOdooRecord(runtime, 'project.task', odooTaskId, cause, syncTaskById),

    syncFromPlane: (planeProjectId, planeWorkItemId, options = {}) =>
      syncPlaneWorkItem(runtime, planeProjectId, planeWorkItemId, options),

    reconcile: (options = {}) =>
      reconcileAll(
        {
          runEvent,
          serial,
          escalation: runtime.escalation,
          syncState: deps.syncState,
          clock: deps.clock,
        },
        options,
      ),

    syncProjectTree: async (odooProjectId, cause = 'sync project tree') =>
      (await engine.syncProjectTrees([odooProjectId], cause)).map((reports) => reports[0]!),

    syncProjectTrees: (odooProjectIds, cause = 'sync project tree') =>
      syncProjectTreesHoldingKeys(runtime, odooProjectIds, cause),
  };

  return ok(engine);
}
