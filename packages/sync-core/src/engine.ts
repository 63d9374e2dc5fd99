import { err, ok, type Result } from 'neverthrow';
import {
  parseSyncConfig,
  type InvalidConfig,
  type SyncConfig,
  type SyncConfigInput,
} from './config.js';
import type { OdooMilestone, OdooProject, OdooTask } from './domain.js';
import { createPlaneDirectory, type PlaneDirectory } from './flows/plane-directory.js';
import type {
  Clock,
  EventLedger,
  FailureTracker,
  SyncStateStore,
  Logger,
  Mapping,
  MappingStore,
  Notifier,
  OdooGateway,
  PlaneGateway,
} from './ports.js';
import { callUpstream } from './flows/call-upstream.js';
import { record } from './flows/ledger-record.js';
import { describeSyncError, type SyncError } from './sync-error.js';
import { syncProjectRecord } from './flows/project/sync-project.js';
import { syncTaskRelations } from './flows/relations/sync-relations.js';
import { recordFailedAttempt, recordSuccess } from './engine/escalate-failure.js';
import { entityKeyOf, type SyncJob } from './sync-job.js';
import { syncCycleMemberships } from './flows/milestone/sync-cycle-membership.js';
import {
  readReconciledTasks,
  reconcileProject,
  type ReconcileCounters,
  type ReconcileFailure,
  type ReconcileReport,
} from './reconcile.js';
import { syncTaskRecord } from './flows/task/sync-task.js';
import {
  annotateWorkItem,
  type GitHubAnnotationOptions,
} from './flows/github/github-annotations.js';
import { readingShipSignalFields } from './flows/task/ship-signal.js';
import {
  createNotificationOutbox,
  type NotificationDeliveryOptions,
  type NotificationOutbox,
} from './notifiers/notification-outbox.js';
import { createSecretRedactor } from './redaction/secret-redactor.js';
import { redactOutboundPorts } from './redaction/redacting-ports.js';
import { createEngineStart } from './engine/engine-start.js';
import { createEventRunner, type SyncReport } from './engine/run-event.js';
import { runWithRetries } from './engine/run-with-retries.js';
import { createSerialQueue } from './engine/serial-queue.js';
import { createNotifyOnce } from './flows/notify-once.js';
import type { FlowContext } from './flows/flow-context.js';
import { syncFromPlaneChange } from './flows/from-plane/from-plane-job.js';
import { syncMilestoneById, syncMilestoneIn } from './flows/milestone/milestone-job.js';
import { syncProjectById } from './flows/project/project-job.js';
import { groupBy, milestonesOfProjects } from './flows/read-odoo.js';
import { syncTaskById } from './flows/task/task-job.js';

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
  const config = parsed.value;
  // One boundary for secrets, and notifications off the sync's path: every step below sees only these.
  const redact = createSecretRedactor(input.secrets ?? []);
  const redacted = redactOutboundPorts(input, redact);
  const notifications = createNotificationOutbox(redacted, input.notificationDelivery);
  // Every task read also reads the ship signal's fields, known once start() has detected them.
  const deps: SyncEngineDeps = {
    ...redacted,
    notifier: notifications,
    odoo: readingShipSignalFields(input.odoo, () => engineStart.detected()?.shipFields ?? []),
  };
  const engineStart = createEngineStart({ ...deps, config });
  const directory: PlaneDirectory = createPlaneDirectory({
    plane: deps.plane,
    odoo: deps.odoo,
    clock: deps.clock,
    config,
  });
  const serial = createSerialQueue();
  // Entities whose running attempt follows an Odoo webhook and would be re-read after a not-found.
  const awaitingCommit = new Set<string>();
  const runEvent = createEventRunner({
    scope: {
      ...deps,
      config,
      directory,
      notifyOnce: createNotifyOnce(deps.notifier),
      pendingRecordedHere: new Map<string, number>(),
    },
    start: engineStart.start,
    serial,
    redact,
    randomId: deps.randomId ?? (() => crypto.randomUUID()),
    awaitingCommit,
  });

  const runOnce = (job: SyncJob, cause: string): Promise<Result<SyncReport, SyncError>> => {
    switch (job.kind) {
      case 'odoo-record':
        switch (job.model) {
          case 'project.project':
            return engine.syncProject(job.odooId, cause);
          case 'project.milestone':
            return engine.syncMilestone(job.odooId, cause);
          case 'project.task':
            return engine.syncTask(job.odooId, cause);
        }
      // falls through: the inner switch is exhaustive
      case 'project-tree':
        return engine.syncProjectTree(job.odooProjectId, cause);
      case 'plane-work-item':
        return engine.syncFromPlane(job.planeProjectId, job.workItemId, {
          cause,
          ...(job.actorId === undefined ? {} : { actorId: job.actorId }),
        });
      case 'github-signal':
        return serial(entityKeyOf(job), () =>
          runEvent({ model: 'plane' }, cause, (context) =>
            annotateWorkItem(context, job.workItemKey, job.signal, deps.github),
          ),
        );
    }
  };
  const escalation = {
    failures: deps.failures,
    notifier: deps.notifier,
    ledger: deps.ledger,
    clock: deps.clock,
    plane: deps.plane,
    opsPlaneProjectId: config.ops.planeProjectId,
  };
  const random = deps.random ?? (() => 0.5);

  const engine: SyncEngine = {
    config,
    notifications,
    start: async () => (await engineStart.start()).map(() => undefined).mapErr(redact),

    run: (job, cause = job.kind) =>
      runWithRetries(job, cause, runOnce, {
        config,
        clock: deps.clock,
        logger: deps.logger,
        escalation,
        random,
        awaitingCommit,
      }),

    syncProject: (odooProjectId, cause = 'sync project') =>
      serial(`project.project:${odooProjectId}`, () =>
        runEvent(
          { model: 'project.project', odooId: odooProjectId },
          cause,
          (context) => syncProjectById(context, odooProjectId),
          `project.project:${odooProjectId}`,
        ),
      ),

    syncMilestone: (odooMilestoneId, cause = 'sync milestone') =>
      serial(`project.milestone:${odooMilestoneId}`, () =>
        runEvent(
          { model: 'project.milestone', odooId: odooMilestoneId },
          cause,
          (context) => syncMilestoneById(context, odooMilestoneId),
          `project.milestone:${odooMilestoneId}`,
        ),
      ),

    syncTask: (odooTaskId, cause = 'sync task') =>
      serial(`project.task:${odooTaskId}`, () =>
        runEvent(
          { model: 'project.task', odooId: odooTaskId },
          cause,
          (context) => syncTaskById(context, odooTaskId),
          `project.task:${odooTaskId}`,
        ),
      ),

    syncFromPlane: async (planeProjectId, planeWorkItemId, options = {}) => {
      const cause = options.cause ?? 'Plane work item changed';
      const mapping = await deps.store.findByPlaneId(planeWorkItemId);
      const key =
        mapping === null
          ? `plane:${planeWorkItemId}`
          : `${mapping.key.model}:${mapping.key.odooId}`;
      const entity =
        mapping === null
          ? ({ model: 'plane', planeId: planeWorkItemId } as const)
          : ({
              model: mapping.key.model,
              odooId: mapping.key.odooId,
              planeId: planeWorkItemId,
            } as const);
      const change = {
        planeProjectId,
        planeWorkItemId,
        mapping,
        entity,
        ...(options.actorId === undefined ? {} : { actorId: options.actorId }),
      };
      return serial(key, () =>
        runEvent(entity, cause, (context) => syncFromPlaneChange(context, change), key),
      );
    },

    reconcile: async (options = {}) => {
      const dryRun = options.dryRun ?? false;
      const startedAt = deps.clock.now();
      const counters: ReconcileCounters = {
        drift: [],
        checked: 0,
        repaired: 0,
        markedArchived: 0,
        markedDeleted: 0,
        createdInPlane: 0,
        missingInPlane: 0,
        failed: [],
        planeReads: 0,
        odooReads: 0,
      };
      let correlationId = '';
      let projectCount = 0;
      const outcome = await serial('reconciliation', () =>
        runEvent(
          { model: 'plane' },
          dryRun ? 'reconciliation (dry run)' : 'reconciliation',
          async (context) => {
            correlationId = context.correlationId;
            const scope = options.scope?.odooProjectIds;
            const projects = (await context.store.list({ model: 'project.project' })).filter(
              (mapping) =>
                mapping.status === 'active' &&
                (scope === undefined || scope.includes(mapping.key.odooId)),
            );
            projectCount = projects.length;
            // A failing task or project is recorded (ledger, failure streak, report) and the rest goes on.
            const onFailure = async (
              failure: ReconcileFailure,
              error: SyncError,
            ): Promise<void> => {
              await recordFailedAttempt(
                escalation,
                `${failure.model}:${failure.odooId}`,
                error,
                context.correlationId,
              );
            };
            const onRepaired = (odooTaskId: number): Promise<void> =>
              recordSuccess(escalation, `project.task:${odooTaskId}`, context.correlationId);
            // Odoo is read once across the projects; if that fails, each project fails with it.
            const inOdoo =
              projects.length === 0
                ? ok(new Map())
                : await readReconciledTasks(context, projects, counters);
            for (const project of projects) {
              const done = await reconcileProject(
                context,
                project,
                { dryRun, onFailure, onRepaired },
                counters,
                inOdoo,
              );
              if (done.isErr()) {
                const failure: ReconcileFailure = {
                  model: 'project.project',
                  odooId: project.key.odooId,
                  planeId: project.planeId,
                  reason: describeSyncError(done.error),
                };
                counters.failed.push(failure);
                await record(context, {
                  entity: { model: 'project.project', odooId: project.key.odooId },
                  decision: `reconciliation could not check project #${project.key.odooId}: ${failure.reason}; the other projects went on`,
                  writes: [],
                  outcome: 'failed',
                  detail: { error: done.error },
                });
                await onFailure(failure, done.error);
              }
            }
            await record(context, {
              entity: { model: 'plane' },
              decision: `reconciliation${dryRun ? ' (dry run)' : ''}: ${projects.length} projects, ${counters.checked} tasks checked, ${counters.drift.length} drifted fields, ${counters.failed.length} failed`,
              writes: [],
              outcome: counters.drift.length === 0 ? 'unchanged' : dryRun ? 'skipped' : 'applied',
              detail: {
                drift: counters.drift.length,
                repaired: counters.repaired,
                failed: counters.failed,
              },
            });
            return ok(projects.length);
          },
        ),
      );
      const finishedAt = deps.clock.now();
      const summary = {
        at: finishedAt,
        status: outcome.isErr() ? 'failed' : counters.failed.length > 0 ? 'partial' : 'ok',
        dryRun,
        checked: counters.checked,
        drift: counters.drift.length,
        repaired: counters.repaired,
        markedArchived: counters.markedArchived,
        markedDeleted: counters.markedDeleted,
        createdInPlane: counters.createdInPlane,
        missingInPlane: counters.missingInPlane,
        failed: counters.failed,
        ...(outcome.isErr() ? { error: describeSyncError(outcome.error) } : {}),
      };
      await deps.syncState.put('reconciliation:last', summary);
      if (outcome.isErr()) return err(outcome.error);
      return ok({
        correlationId,
        dryRun,
        startedAt,
        finishedAt,
        projects: projectCount,
        ...counters,
      });
    },

    syncProjectTree: async (odooProjectId, cause = 'sync project tree') =>
      (await engine.syncProjectTrees([odooProjectId], cause)).map((reports) => reports[0]!),

    syncProjectTrees: (odooProjectIds, cause = 'sync project tree') => {
      const ids = [...new Set(odooProjectIds)].sort((a, b) => a - b);
      // Every tree's key is held for the whole pass, so what was read for a project is what its pass syncs;
      // keys are taken in id order, so two passes over overlapping projects never wait on each other.
      const holdingTrees = ids.reduceRight<() => Promise<Result<SyncReport[], SyncError>>>(
        (inner, id) => () => serial(`tree:${id}`, inner),
        () => syncTrees(ids, cause),
      );
      return holdingTrees();
    },
  };

  /** Odoo's side of some projects' trees, read across them in three calls. */
  interface TreesInOdoo {
    readonly projects: ReadonlyMap<number, OdooProject>;
    readonly milestones: ReadonlyMap<number, readonly OdooMilestone[]>;
    readonly tasks: ReadonlyMap<number, readonly OdooTask[]>;
  }

  const readTreesInOdoo = async (
    odooProjectIds: readonly number[],
  ): Promise<Result<TreesInOdoo, SyncError>> => {
    const projects = await callUpstream(
      'odoo',
      'read project.project',
      deps.odoo.readProjects(odooProjectIds),
    );
    if (projects.isErr()) return err(projects.error);
    const milestones = await milestonesOfProjects(deps.odoo, odooProjectIds);
    if (milestones.isErr()) return err(milestones.error);
    const tasks = await callUpstream(
      'odoo',
      'read project.task',
      deps.odoo.readTasks({ domain: [['project_id', 'in', odooProjectIds]], order: 'id asc' }),
    );
    if (tasks.isErr()) return err(tasks.error);
    return ok({
      projects: new Map(projects.value.map((project) => [project.id, project])),
      milestones: milestones.value,
      tasks: groupBy(tasks.value, (task) => task.projectId?.id),
    });
  };

  // One ledger event per project; the first one reads Odoo for all of them (its failure is that event's).
  const syncTrees = async (
    odooProjectIds: readonly number[],
    cause: string,
  ): Promise<Result<SyncReport[], SyncError>> => {
    let inOdoo: Promise<Result<TreesInOdoo, SyncError>> | undefined;
    const reports: SyncReport[] = [];
    for (const odooProjectId of odooProjectIds) {
      const report = await runEvent(
        { model: 'project.project', odooId: odooProjectId },
        cause,
        async (context) => {
          inOdoo ??= readTreesInOdoo(odooProjectIds);
          const trees = await inOdoo;
          if (trees.isErr()) return trees;
          const project = trees.value.projects.get(odooProjectId);
          if (project === undefined)
            return err({ kind: 'not-found', model: 'project.project', odooId: odooProjectId });
          return syncTree(
            context,
            project,
            trees.value.milestones.get(odooProjectId) ?? [],
            trees.value.tasks.get(odooProjectId) ?? [],
          );
        },
      );
      if (report.isErr()) return err(report.error);
      reports.push(report.value);
    }
    return ok(reports);
  };

  /** One project's tree from what was read of it: project → cycles → tasks (parents first) → relations. */
  const syncTree = async (
    context: FlowContext,
    project: OdooProject,
    milestones: readonly OdooMilestone[],
    tasks: readonly OdooTask[],
  ): Promise<Result<unknown, SyncError>> => {
    const odooProjectId = project.id;
    const projectMapping = await syncProjectRecord(context, project, {
      hasMilestones: milestones.length > 0,
    });
    if (projectMapping.isErr()) return projectMapping;

    const cycles = new Map<number, Mapping>();
    for (const milestone of milestones) {
      const cycle = await syncMilestoneIn(
        context,
        milestone,
        milestones,
        project,
        projectMapping.value,
      );
      if (cycle.isErr()) return cycle;
      cycles.set(milestone.id, cycle.value);
    }

    const resolved = await context.directory.resolveUsers(tasks.flatMap((task) => task.userIds));
    if (resolved.isErr()) return resolved;

    const taskMappings = new Map<number, Mapping>();
    for (const task of parentsFirst(tasks)) {
      const parent = task.parentId === null ? null : (taskMappings.get(task.parentId.id) ?? null);
      const cycle = task.milestoneId === null ? null : (cycles.get(task.milestoneId.id) ?? null);
      const synced = await syncTaskRecord(
        context,
        task,
        { project: projectMapping.value, parent, cycle },
        null,
        {
          batchCycleMembership: true,
        },
      );
      if (synced.isErr()) return synced;
      taskMappings.set(task.id, synced.value);
    }
    const memberships = await syncCycleMemberships(
      context,
      tasks.flatMap((task) => {
        const mapping = taskMappings.get(task.id);
        const cycle = task.milestoneId === null ? null : (cycles.get(task.milestoneId.id) ?? null);
        return mapping === undefined ? [] : [{ task, mapping, cycle, current: null }];
      }),
    );
    if (memberships.isErr()) return memberships;
    for (const [taskId, mapping] of memberships.value) taskMappings.set(taskId, mapping);
    for (const task of tasks) {
      const mapping = taskMappings.get(task.id);
      if (mapping === undefined) continue;
      const related = await syncTaskRelations(context, task, mapping);
      if (related.isErr()) return related;
    }
    await record(context, {
      entity: {
        model: 'project.project',
        odooId: odooProjectId,
        planeId: projectMapping.value.planeId!,
      },
      decision: `project tree synced: ${milestones.length} milestones, ${tasks.length} tasks`,
      writes: [],
      outcome: 'unchanged',
    });
    return ok(undefined);
  };

  return ok(engine);
}

/** Orders tasks so that every parent comes before its subtasks (ties by id). */
function parentsFirst(tasks: readonly OdooTask[]): OdooTask[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const depthOf = (task: OdooTask, seen = new Set<number>()): number => {
    const parentId = task.parentId?.id;
    if (parentId === undefined || seen.has(parentId)) return 0;
    const parent = byId.get(parentId);
    if (parent === undefined) return 0;
    seen.add(parentId);
    return 1 + depthOf(parent, seen);
  };
  return [...tasks].sort((a, b) => depthOf(a) - depthOf(b) || a.id - b.id);
}
