import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import {
  defaultPollOverlapSeconds,
  type DrainReport,
  type Logger,
  type ReconcileReport,
  type SyncEngine,
  type SyncStores,
  type WebhookIngestor,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { createAgentOperations } from './agent-operations.js';
import { createReadinessCheck, type Readiness } from './agent-readiness.js';
import type { AgentScheduleName } from './agent-schedules.js';
import { createStatusReader, type SyncAgentStatus } from './agent-status.js';
import type { BackfillOptions, BackfillReport } from './backfill.js';
import type { InboxDrainer } from './inbox-drainer.js';
import type { NotificationLog } from './notification-log.js';
import type { PollReport } from './odoo-poller.js';
import type { SyncAgentOptions } from './sync-agent-options.js';
import { createSyncAgentDeps } from './sync-agent-deps.js';
import { createAgentEngine } from './sync-agent-engine.js';
import { createAgentLifecycle } from './sync-agent-lifecycle.js';
import { createSyncAgentSchedules } from './sync-agent-schedules.js';
import { createAgentIngestor, createAgentWork } from './sync-agent-work.js';

export type { SyncAgentOptions, SyncAgentSchedules } from './sync-agent-options.js';
export { SyncAgentConfigError } from './sync-agent-engine.js';

/**
 * The sync agent. Its `ingestor`, `processor`, `readiness`, `status` and `logger` are what
 * `createSyncRouter` (adapter-express) and the adapter-lambda handlers take, so `createSyncRouter(agent)`
 * mounts it. Every member is a plain property: destructuring keeps it working.
 */
export interface SyncAgent {
  readonly engine: SyncEngine;
  /** Verifies webhook deliveries and stores them in the inbox. */
  readonly ingestor: WebhookIngestor;
  /** Drains the inbox (one drain at a time; a drain asked for meanwhile runs right after). */
  readonly processor: InboxDrainer;
  readonly queue: WorkQueue;
  readonly stores: SyncStores;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  /** The notifier in use, keeping the last notifications for the status. */
  readonly notifications: NotificationLog;
  /**
   * Resolves once every notification so far has left the engine and the Slack outbox: delivered, or given
   * up after the outbox's timeout and retries (logged). What a host that freezes between requests (Lambda)
   * awaits before it answers.
   */
  readonly notificationsSettled: () => Promise<void>;
  readonly logger: Logger;
  /** Store, Odoo and Plane reachable (cached for `readinessCacheMs`). */
  readonly readiness: () => Promise<Readiness>;
  /** Queue, inbox, failures, conflicts, mappings, backfill and reconciliation figures. */
  readonly status: () => Promise<SyncAgentStatus>;
  /** Runs every pending inbox event (webhooks, polls, events left by an earlier run) and due retries. */
  readonly drain: () => Promise<DrainReport>;
  /** Resolves when no job runs or waits and no inbox event is pending. */
  readonly whenIdle: () => Promise<void>;
  /** One Odoo poll (what the schedule runs), then a drain of what it found. Polls never overlap. */
  readonly pollNow: () => Promise<PollReport>;
  /** One reconciliation (what the schedule runs); null when it failed (logged). */
  readonly reconcileNow: () => Promise<ReconcileReport | null>;
  /**
   * The resumable backfill of every Odoo project (skipped once completed on this store), or of the
   * projects in `options.odooProjectIds`, then a drain.
   */
  readonly backfill: (options?: BackfillOptions) => Promise<BackfillReport>;
  /**
   * Replays failed and dead-lettered inbox events (all, or those with `ids`) and, with a shared queue,
   * its dead letters too (their ids are the queue's); drains; returns the ids replayed.
   */
  readonly replayFailed: (ids?: readonly string[]) => Promise<string[]>;
  /**
   * One tick of a schedule now, as its timer runs it: claimed first, so across workers sharing the claims
   * each tick runs once. True when it ran on this agent. For hosts that drive the schedules themselves.
   */
  readonly runScheduled: (schedule: AgentScheduleName) => Promise<boolean>;
  /**
   * Starts the backfill, then the schedules (they never work beside the backfill). Resolves with the
   * backfill's report; webhooks are accepted meanwhile and run once it is over.
   */
  readonly start: () => Promise<BackfillReport>;
  /** Stops the schedules, lets the backfill, a poll and the queue finish. The store stays open. */
  readonly stop: () => Promise<void>;
}

/**
 * Creates the sync agent: both API clients, the engine, webhook intake into the inbox, the work queue,
 * inbox draining (automatic retries, dead letters), the Odoo poller, the backfill, the poll, retry, prune
 * and reconciliation schedules (each tick claimed in `scheduleClaims`, so a fleet runs it once), readiness
 * and status. Nothing runs until `start()`. Throws {@link SyncAgentConfigError} when the engine refuses
 * `sync`: a deployment mistake, not a runtime failure.
 *
 * @example
 * const agent = createSyncAgent({
 *   odoo: { baseUrl: 'https://odoo.example.com', db: 'prod', login: 'sync@example.com', apiKey },
 *   plane: { baseUrl: 'https://plane.example.com', apiKey: planeKey, workspaceSlug: 'acme' },
 *   store: createSqliteStores({ filename: './sync.db' }),
 *   secrets: { odooToken, planeWebhookSecret },
 * });
 * app.use(createSyncRouter(agent));
 * void agent.start();
 */
export function createSyncAgent(options: SyncAgentOptions): SyncAgent {
  const deps = createSyncAgentDeps(options);
  const { stores, odoo, plane, clock, logger, notifications } = deps;
  const engine = createAgentEngine(deps);
  const { runJob, queue, sharedQueue, retention, processor } = createAgentWork(deps, engine);
  const drain = (): Promise<DrainReport> => processor.drain();
  const operations = createAgentOperations({
    engine,
    odoo,
    stores,
    clock,
    logger,
    drain,
    sharedQueue,
    pollOverlapSeconds: options.pollOverlapSeconds ?? defaultPollOverlapSeconds,
  });
  const schedules = createSyncAgentSchedules(deps, { drain, operations, retention });
  const { start, stop } = createAgentLifecycle({
    runJob,
    sharedQueue,
    processor,
    drain,
    operations,
    schedules,
  });

  return {
    engine,
    ingestor: createAgentIngestor(deps),
    processor,
    queue,
    stores,
    odoo,
    plane,
    notifications: notifications.log,
    // The engine's outbox hands each notification to the Slack outbox, so the order matters.
    notificationsSettled: async () => {
      await engine.notifications.settled();
      await notifications.slackSettled();
    },
    logger,
    readiness: createReadinessCheck({
      inbox: stores.inbox,
      odoo,
      plane,
      clock,
      cacheMs: options.readinessCacheMs ?? 30_000,
    }),
    status: createStatusReader({ stores, queue, notifications: notifications.log }),
    drain,
    whenIdle: () => processor.whenIdle(),
    pollNow: operations.pollNow,
    reconcileNow: operations.reconcileNow,
    backfill: operations.backfill,
    replayFailed: operations.replayFailed,
    runScheduled: schedules.runTick,
    start,
    stop,
  };
}
