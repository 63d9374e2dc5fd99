import {
  createInboxProcessor,
  createInProcessWorkQueue,
  createWebhookIngestor,
  defaultInboxRetention,
  describeSyncError,
  type InboxRetention,
  type SyncEngine,
  type WebhookIngestor,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { createInboxDrainer, type InboxDrainer } from './inbox-drainer.js';
import { nodeHmacSha256 } from './node-hmac-sha256.js';
import { isSharedWorkQueue, type JobRunner, type SharedWorkQueue } from './shared-work-queue.js';
import type { SyncAgentDeps } from './sync-agent-deps.js';
import { recordingLastDeliveries } from './webhook-deliveries.js';

/** How the agent's jobs run: the job runner, the queue it feeds and the inbox drainer in front. */
export interface SyncAgentWork {
  /** Runs one job through the engine; what every queue (in-process or shared) is given. */
  readonly runJob: JobRunner;
  readonly queue: WorkQueue;
  /** `queue` when it is shared by several workers (pg-boss), else null. */
  readonly sharedQueue: SharedWorkQueue | null;
  /** The inbox retention, the options' over the defaults. */
  readonly retention: InboxRetention;
  readonly processor: InboxDrainer;
}

/**
 * The queue (`options.queue`, or in-process with `options.concurrency`) and the inbox drainer that
 * hands it the inbox's events, retried by `options.inboxRetry`.
 */
export function createAgentWork(deps: SyncAgentDeps, engine: SyncEngine): SyncAgentWork {
  const { options, stores, logger, clock } = deps;
  const runJob: JobRunner = async (job) => {
    const result = await engine.run(job, `queued ${job.kind}`);
    return result.isOk()
      ? { status: 'done' }
      : { status: 'failed', reason: describeSyncError(result.error) };
  };
  const queue =
    options.queue ??
    createInProcessWorkQueue({ run: runJob, concurrency: options.concurrency ?? 4 });
  const sharedQueue = isSharedWorkQueue(queue) ? queue : null;
  const retention = { ...defaultInboxRetention, ...options.inboxRetention };
  const processor = createInboxDrainer({
    processor: createInboxProcessor({
      inbox: stores.inbox,
      queue,
      engine,
      logger,
      clock,
      ...(options.inboxRetry === undefined ? {} : { retry: options.inboxRetry }),
      // The prune is a schedule of its own (claimed once per fleet), not a side effect of every drain.
      retention: { ...retention, pruneEveryMs: Number.MAX_SAFE_INTEGER },
    }),
    queue,
    inbox: stores.inbox,
    logger,
  });
  return { runJob, queue, sharedQueue, retention, processor };
}

/**
 * Webhook intake: verifies each delivery, stores it in the inbox and records when its source last
 * delivered.
 */
export function createAgentIngestor(deps: SyncAgentDeps): WebhookIngestor {
  const { options, stores, clock } = deps;
  return recordingLastDeliveries(
    createWebhookIngestor({
      inbox: stores.inbox,
      clock,
      secrets: options.secrets,
      hmacSha256: nodeHmacSha256,
    }),
    stores.syncState,
    clock,
  );
}
