import { err, ok, type Result } from 'neverthrow';
import {
  parseSyncConfig,
  type InvalidConfig,
  type SyncConfig,
  type SyncConfigInput,
} from './config.js';
import type {
  OdooCapabilities,
  OdooMilestone,
  OdooProject,
  OdooTask,
  PlaneWorkItem,
} from './domain.js';
import { syncStateToOdoo } from './flows/from-plane/sync-from-plane.js';
import { markGoneInOdoo } from './flows/task/mark-gone-in-odoo.js';
import { desiredCycleOf } from './flows/milestone/plan-cycle.js';
import { createPlaneDirectory, type PlaneDirectory } from './flows/plane-directory.js';
import { knownRelationRemoval, rememberRelationRemoval } from './engine/plane-edition.js';
import type {
  Clock,
  EventLedger,
  FailureTracker,
  LedgerEntry,
  SyncStateStore,
  Logger,
  Mapping,
  MappingKey,
  MappingStore,
  Notification,
  Notifier,
  OdooGateway,
  OdooModel,
  PlaneGateway,
  UpstreamFailure,
} from './ports.js';
import { callUpstream } from './flows/call-upstream.js';
import { type FlowContext } from './flows/flow-context.js';
import { record } from './flows/ledger-record.js';
import { keyOf, serialKeyOf } from './flows/mapping-keys.js';
import { describeSyncError, type SyncError } from './sync-error.js';
import { syncMilestoneRecord } from './flows/milestone/sync-milestone.js';
import { syncProjectRecord } from './flows/project/sync-project.js';
import { syncTaskRelations } from './flows/relations/sync-relations.js';
import { isRetryable, mayBeUncommitted, retryDelayMs } from './engine/classify-failure.js';
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
import {
  announceShipSignals,
  detectShipSignals,
  readingShipSignalFields,
  shipSignalFields,
  type ShipSignals,
} from './flows/task/ship-signal.js';
import {
  createNotificationOutbox,
  type NotificationDeliveryOptions,
  type NotificationOutbox,
} from './notifiers/notification-outbox.js';
import { createSecretRedactor } from './redaction/secret-redactor.js';
import { redactOutboundPorts } from './redaction/redacting-ports.js';

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

/** What one sync call did, counted from its ledger entries. */
export interface SyncReport {
  readonly correlationId: string;
  readonly applied: number;
  readonly unchanged: number;
  readonly deferred: number;
  readonly conflicts: number;
  readonly skipped: number;
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
  let shipFields: readonly string[] = [];
  const deps: SyncEngineDeps = {
    ...redacted,
    notifier: notifications,
    odoo: readingShipSignalFields(input.odoo, () => shipFields),
  };
  const randomId = deps.randomId ?? (() => crypto.randomUUID());
  const directory: PlaneDirectory = createPlaneDirectory({
    plane: deps.plane,
    odoo: deps.odoo,
    clock: deps.clock,
    config,
  });
  const notified = new Set<string>();
  const notifyOnce = async (notification: Notification): Promise<void> => {
    if (notified.has(notification.dedupeKey)) return;
    notified.add(notification.dedupeKey);
    await deps.notifier.notify(notification);
  };
  let capabilities:
    | {
        readonly odoo: OdooCapabilities;
        readonly plane: { readonly relationRemoval: boolean; readonly botUserId: string };
        readonly shipSignals: ShipSignals;
      }
    | undefined;

  const start = async (): Promise<Result<void, SyncError>> => {
    if (capabilities !== undefined) return ok(undefined);
    const knownRemoval = await knownRelationRemoval(config, deps.syncState);
    // The slug in the operation: a wrong one is reported as such here, not at the first sync.
    const plane = await callUpstream(
      'plane',
      `detect capabilities of workspace "${config.plane.workspaceSlug}"`,
      deps.plane.detectCapabilities(
        knownRemoval === undefined ? {} : { relationRemoval: knownRemoval },
      ),
    );
    if (plane.isErr()) return err(plane.error);
    if (knownRemoval === undefined) {
      await rememberRelationRemoval(
        config,
        deps.syncState,
        plane.value.relationRemoval,
        deps.clock.now(),
      );
    }
    const odoo = await callUpstream('odoo', 'detect capabilities', deps.odoo.capabilities());
    if (odoo.isErr()) return err(odoo.error);
    const shipSignals = await detectShipSignals(config.ship, odoo.value, deps.odoo);
    if (shipSignals.isErr()) return err(shipSignals.error);
    shipFields = shipSignalFields(shipSignals.value);
    capabilities = { odoo: odoo.value, plane: plane.value, shipSignals: shipSignals.value };
    deps.logger.info('sync engine started', {
      odooVersion: odoo.value.version,
      planeRelationRemoval: plane.value.relationRemoval,
    });
    await announceShipSignals(deps, shipSignals.value);
    return ok(undefined);
  };

  // Entities whose running attempt follows an Odoo webhook and would be re-read after a not-found.
  const awaitingCommit = new Set<string>();

  // Serial per key: a later call for the same record waits for the earlier one (decision 5).
  const running = new Map<string, Promise<unknown>>();
  const pendingRecordedHere = new Map<string, number>();
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = running.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    running.set(key, next);
    void next.finally(() => {
      if (running.get(key) === next) running.delete(key);
    });
    return next;
  };

  /**
   * Runs one event: a fresh correlation id, and every failure ends in the ledger. `heldKey`: the serial key
   * the caller holds, so steps that ensure that same record do not wait on the event itself.
   */
  const runEvent = async (
    entity: LedgerEntry['entity'],
    cause: string,
    body: (context: FlowContext) => Promise<Result<unknown, SyncError>>,
    heldKey?: string,
  ): Promise<Result<SyncReport, SyncError>> => {
    const correlationId = randomId();
    const started = await start();
    const failed = async (raw: SyncError): Promise<Result<SyncReport, SyncError>> => {
      const error = redact(raw);
      const waiting =
        error.kind === 'not-found' && awaitingCommit.has(`${entity.model}:${entity.odooId}`);
      await deps.ledger.append({
        correlationId,
        at: deps.clock.now(),
        cause,
        entity,
        decision: waiting
          ? `${describeSyncError(error)} yet: re-read after a wait (Odoo 17/18 send webhooks before commit)`
          : describeSyncError(error),
        writes: [],
        outcome: waiting ? 'deferred' : 'failed',
        detail: { error },
      });
      if (waiting) return err(error);
      // A lost compare-and-set is retried by `run`, which warns only if it keeps failing (issue 10.8).
      const level = error.kind === 'mapping-conflict' ? 'debug' : 'warn';
      deps.logger[level]('sync failed', {
        correlationId,
        ...entity,
        error: describeSyncError(error),
      });
      return err(error);
    };
    if (started.isErr() || capabilities === undefined)
      return failed(started.isErr() ? started.error : unreachable());
    // Keys are taken in one order (tree → task → parent task → milestone → project), so no two events wait
    // on each other; the set makes a key this event already holds re-entrant.
    const held = new Set(heldKey === undefined ? [] : [heldKey]);
    const runSerially = <T>(key: MappingKey, work: () => Promise<T>): Promise<T> => {
      const name = serialKeyOf(key);
      if (held.has(name)) return work();
      return serial(name, async () => {
        held.add(name);
        try {
          return await work();
        } finally {
          held.delete(name);
        }
      });
    };
    const context: FlowContext = {
      ...deps,
      config,
      directory,
      notifyOnce,
      odooCapabilities: capabilities.odoo,
      planeCapabilities: capabilities.plane,
      shipSignals: capabilities.shipSignals,
      correlationId,
      cause,
      runSerially,
      pendingRecordedHere,
    };
    const result = await body(context);
    if (result.isErr()) return failed(result.error);
    const entries = await deps.ledger.list({ correlationId });
    const count = (outcome: string): number =>
      entries.filter((entry) => entry.outcome === outcome).length;
    return ok({
      correlationId,
      applied: count('applied'),
      unchanged: count('unchanged'),
      deferred: count('deferred'),
      conflicts: count('conflict'),
      skipped: count('skipped'),
    });
  };

  const readOne = async <T>(
    model: OdooModel,
    id: number,
    read: (ids: readonly number[]) => PromiseLike<Result<readonly T[], UpstreamFailure>>,
  ): Promise<Result<T, SyncError>> => {
    const records = await callUpstream('odoo', `read ${model}`, read([id]));
    if (records.isErr()) return err(records.error);
    const [found] = records.value;
    return found === undefined ? err({ kind: 'not-found', model, odooId: id }) : ok(found);
  };

  /** The milestones of these projects, in one `search_read`, each project's in deadline order. */
  const milestonesOfProjects = async (
    odooProjectIds: readonly number[],
  ): Promise<Result<ReadonlyMap<number, readonly OdooMilestone[]>, SyncError>> => {
    const milestones = await callUpstream(
      'odoo',
      'read project.milestone',
      deps.odoo.readMilestones({
        domain: [['project_id', 'in', odooProjectIds]],
        order: 'deadline asc, id asc',
      }),
    );
    if (milestones.isErr()) return err(milestones.error);
    // Same order as Odoo would give (deadline, then id; milestones without a deadline last).
    const sorted = [...milestones.value].sort(
      (a, b) =>
        (a.deadline ?? '9999-12-31').localeCompare(b.deadline ?? '9999-12-31') || a.id - b.id,
    );
    return ok(groupBy(sorted, (milestone) => milestone.projectId?.id));
  };

  const milestonesOfProject = async (
    odooProjectId: number,
  ): Promise<Result<readonly OdooMilestone[], SyncError>> =>
    (await milestonesOfProjects([odooProjectId])).map(
      (byProject) => byProject.get(odooProjectId) ?? [],
    );

  /**
   * The active mapping of a parent a job needs; when there is none, `sync` runs under the parent's own
   * serial key, so jobs racing on one new parent create it once and the later ones re-read it.
   */
  const ensureMapped = async <M extends Mapping | null>(
    context: FlowContext,
    key: MappingKey,
    sync: (settled: Mapping | null) => Promise<Result<M, SyncError>>,
  ): Promise<Result<Mapping | M, SyncError>> => {
    const existing = await context.store.get(key);
    if (existing?.status === 'active') return ok(existing);
    return context.runSerially(key, async () => {
      const settled = await context.store.get(key);
      return settled?.status === 'active' ? ok(settled) : sync(settled);
    });
  };

  const ensureProject = (
    context: FlowContext,
    odooProjectId: number,
  ): Promise<Result<Mapping, SyncError>> =>
    ensureMapped(context, keyOf('project.project', odooProjectId), async () => {
      const project = await readOne('project.project', odooProjectId, (ids) =>
        deps.odoo.readProjects(ids),
      );
      if (project.isErr()) return err(project.error);
      const milestones = await callUpstream(
        'odoo',
        'search project.milestone',
        deps.odoo.search('project.milestone', [['project_id', '=', odooProjectId]]),
      );
      if (milestones.isErr()) return err(milestones.error);
      return syncProjectRecord(context, project.value, {
        hasMilestones: milestones.value.length > 0,
      });
    });

  const syncMilestoneIn = async (
    context: FlowContext,
    milestone: OdooMilestone,
    siblings: readonly OdooMilestone[],
    project: OdooProject | null,
    projectMapping: Mapping,
  ): Promise<Result<Mapping, SyncError>> => {
    const index = siblings.findIndex((item) => item.id === milestone.id);
    const previous = siblings
      .slice(0, Math.max(index, 0))
      .reverse()
      .find(
        (item) =>
          item.deadline !== null &&
          milestone.deadline !== null &&
          item.deadline <= milestone.deadline,
      );
    const desired = desiredCycleOf(milestone, {
      previousDeadline: previous?.deadline ?? null,
      projectStart: project?.dateStart ?? null,
      defaultLengthDays: config.cycles.defaultLengthDays,
    });
    return syncMilestoneRecord(context, milestone, desired, projectMapping);
  };

  const ensureMilestone = (
    context: FlowContext,
    odooMilestoneId: number,
    projectMapping: Mapping,
  ): Promise<Result<Mapping, SyncError>> =>
    ensureMapped(context, keyOf('project.milestone', odooMilestoneId), async () => {
      const milestone = await readOne('project.milestone', odooMilestoneId, (ids) =>
        deps.odoo.readMilestones(ids),
      );
      if (milestone.isErr()) return err(milestone.error);
      const projectId = milestone.value.projectId?.id ?? projectMapping.key.odooId;
      const siblings = await milestonesOfProject(projectId);
      if (siblings.isErr()) return err(siblings.error);
      const project = await readOne('project.project', projectId, (ids) =>
        deps.odoo.readProjects(ids),
      );
      if (project.isErr()) return err(project.error);
      return syncMilestoneIn(
        context,
        milestone.value,
        siblings.value,
        project.value,
        projectMapping,
      );
    });

  /** Finds (and if needed syncs) the project, parent and cycle a task needs, then the task itself. */
  const syncTaskIn = async (
    context: FlowContext,
    task: OdooTask,
    depth = 0,
    current: PlaneWorkItem | null = null,
  ): Promise<Result<Mapping, SyncError>> => {
    if (task.projectId === null) {
      // Private tasks (no project) have no Plane home.
      return err({
        kind: 'invalid-record',
        model: 'project.task',
        odooId: task.id,
        reason: 'task has no project',
      });
    }
    const project = await ensureProject(context, task.projectId.id);
    if (project.isErr()) return project;
    let parent: Mapping | null = null;
    if (task.parentId !== null) {
      const parentId = task.parentId.id;
      const ensured = await ensureMapped(
        context,
        keyOf('project.task', parentId),
        async (settled) => {
          if (depth >= 10) return ok(settled);
          const parentTask = await readOne('project.task', parentId, (ids) =>
            deps.odoo.readTasks(ids),
          );
          if (parentTask.isErr() || parentTask.value.projectId?.id !== task.projectId?.id)
            return ok(settled);
          return syncTaskIn(context, parentTask.value, depth + 1);
        },
      );
      if (ensured.isErr()) return err(ensured.error);
      parent = ensured.value;
      if (
        parent !== null &&
        (parent.status !== 'active' || parent.planeProjectId !== project.value.planeId)
      )
        parent = null;
    }
    let cycle: Mapping | null = null;
    if (task.milestoneId !== null) {
      const ensured = await ensureMilestone(context, task.milestoneId.id, project.value);
      if (ensured.isErr()) return ensured;
      cycle = ensured.value;
    }
    return syncTaskRecord(context, task, { project: project.value, parent, cycle }, current);
  };

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
    start: async () => (await start()).mapErr(redact),

    run: async (job, cause = job.kind) => {
      const entityKey = entityKeyOf(job);
      // While a not-found would still be re-read, the attempt's ledger entry says so (`deferred`).
      const attemptOnce = async (attempt: number, attemptCause: string) => {
        const mayWait =
          job.kind === 'odoo-record' &&
          job.origin === 'odoo-webhook' &&
          attempt < config.retry.notCommittedYet.attempts;
        if (mayWait) awaitingCommit.add(entityKey);
        try {
          return await runOnce(job, attemptCause);
        } finally {
          if (mayWait) awaitingCommit.delete(entityKey);
        }
      };
      let result: Result<SyncReport, SyncError> = await attemptOnce(1, cause);
      for (let attempt = 1; ; attempt += 1) {
        if (result.isOk()) {
          await recordSuccess(escalation, entityKey, result.value.correlationId);
          return result;
        }
        if (
          mayBeUncommitted(job, result.error) &&
          attempt < config.retry.notCommittedYet.attempts
        ) {
          // Not a failure yet: Odoo 17/18 announce records before committing them.
          await deps.clock.sleep(
            retryDelayMs(result.error, attempt, config.retry.notCommittedYet, () => 1),
          );
          result = await attemptOnce(
            attempt + 1,
            `${cause} (not committed yet? re-read ${attempt})`,
          );
          continue;
        }
        await recordFailedAttempt(escalation, entityKey, result.error, cause);
        if (!isRetryable(result.error) || attempt >= config.retry.attempts) {
          if (result.error.kind === 'mapping-conflict')
            deps.logger.warn('sync failed', { entityKey, error: describeSyncError(result.error) });
          return result;
        }
        await deps.clock.sleep(retryDelayMs(result.error, attempt, config.retry, random));
        result = await attemptOnce(attempt + 1, `${cause} (retry ${attempt})`);
      }
    },

    syncProject: (odooProjectId, cause = 'sync project') =>
      serial(`project.project:${odooProjectId}`, () =>
        runEvent(
          { model: 'project.project', odooId: odooProjectId },
          cause,
          async (context) => {
            const project = await readOne('project.project', odooProjectId, (ids) =>
              deps.odoo.readProjects(ids),
            );
            if (project.isErr()) return project;
            const milestones = await callUpstream(
              'odoo',
              'search project.milestone',
              deps.odoo.search('project.milestone', [['project_id', '=', odooProjectId]]),
            );
            if (milestones.isErr()) return milestones;
            return syncProjectRecord(context, project.value, {
              hasMilestones: milestones.value.length > 0,
            });
          },
          `project.project:${odooProjectId}`,
        ),
      ),

    syncMilestone: (odooMilestoneId, cause = 'sync milestone') =>
      serial(`project.milestone:${odooMilestoneId}`, () =>
        runEvent(
          { model: 'project.milestone', odooId: odooMilestoneId },
          cause,
          async (context) => {
            const milestone = await readOne('project.milestone', odooMilestoneId, (ids) =>
              deps.odoo.readMilestones(ids),
            );
            if (milestone.isErr()) return milestone;
            const projectId = milestone.value.projectId?.id;
            if (projectId === undefined) {
              return err({
                kind: 'invalid-record',
                model: 'project.milestone',
                odooId: odooMilestoneId,
                reason: 'milestone has no project',
              });
            }
            const projectMapping = await ensureProject(context, projectId);
            if (projectMapping.isErr()) return projectMapping;
            const siblings = await milestonesOfProject(projectId);
            if (siblings.isErr()) return siblings;
            const project = await readOne('project.project', projectId, (ids) =>
              deps.odoo.readProjects(ids),
            );
            if (project.isErr()) return project;
            return syncMilestoneIn(
              context,
              milestone.value,
              siblings.value,
              project.value,
              projectMapping.value,
            );
          },
          `project.milestone:${odooMilestoneId}`,
        ),
      ),

    syncTask: (odooTaskId, cause = 'sync task') =>
      serial(`project.task:${odooTaskId}`, () =>
        runEvent(
          { model: 'project.task', odooId: odooTaskId },
          cause,
          async (context) => {
            const task = await readOne('project.task', odooTaskId, (ids) =>
              deps.odoo.readTasks(ids),
            );
            const mapping = await context.store.get(keyOf('project.task', odooTaskId));
            // Deleted or archived in Odoo (an unlink or archive webhook): mark the work item, never delete it.
            if (mapping?.status === 'active' && (task.isErr() || !task.value.active)) {
              if (task.isErr() && task.error.kind !== 'not-found') return task;
              return markGoneInOdoo(context, mapping, task.isErr() ? 'deleted' : 'archived');
            }
            if (task.isErr()) return task;
            if (task.value.projectId === null) {
              // A private task (Odoo 17+, no project; 19 gives each new user one) is not ours: no failure.
              deps.logger.debug('private task skipped', { odooTaskId });
              await record(context, {
                entity: { model: 'project.task', odooId: odooTaskId },
                decision: 'private task (no project): not synced',
                writes: [],
                outcome: 'skipped',
              });
              return ok(undefined);
            }
            const synced = await syncTaskIn(context, task.value);
            if (synced.isErr()) return synced;
            return syncTaskRelations(context, task.value, synced.value);
          },
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
      return serial(key, () =>
        runEvent(
          entity,
          cause,
          async (context) => {
            if (
              options.actorId !== undefined &&
              options.actorId === context.planeCapabilities.botUserId
            ) {
              // Cheap pre-filter only: our own writes also match the shadow, which is the real guard.
              await record(context, {
                entity,
                decision: 'change made by the sync itself (bot actor)',
                writes: [],
                outcome: 'unchanged',
              });
              return ok(undefined);
            }
            const current = mapping === null ? null : await context.store.get(mapping.key);
            if (
              current === null ||
              current.status !== 'active' ||
              current.key.model !== 'project.task'
            ) {
              await record(context, {
                entity,
                decision:
                  'orphan: the work item has no Odoo origin; tasks are never created in Odoo from Plane',
                writes: [],
                outcome: 'skipped',
              });
              return ok(undefined);
            }
            const workItem = await callUpstream(
              'plane',
              'get work item',
              deps.plane.getWorkItem(planeProjectId, planeWorkItemId),
            );
            if (workItem.isErr()) return workItem;
            const tasks = await callUpstream(
              'odoo',
              'read project.task',
              deps.odoo.readTasks([current.key.odooId]),
            );
            if (tasks.isErr()) return tasks;
            const task = tasks.value[0];
            if (task === undefined) {
              await record(context, {
                entity,
                decision:
                  'Odoo task no longer exists; the Plane work item is left as it is (nothing is deleted without a command)',
                writes: [],
                outcome: 'skipped',
              });
              return ok(undefined);
            }
            const synced = await syncTaskIn(context, task, 0, workItem.value);
            if (synced.isErr()) return synced;
            return syncStateToOdoo(context, task, workItem.value, synced.value);
          },
          key,
        ),
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
    const milestones = await milestonesOfProjects(odooProjectIds);
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
    context: RunContext,
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

/** Groups items by a key, keeping their order; items without a key are left out. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => number | undefined): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
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

function unreachable(): never {
  throw new Error('capabilities missing after a successful start');
}
