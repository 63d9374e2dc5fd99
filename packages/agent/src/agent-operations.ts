import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import {
  describeSyncError,
  entityKeyOf,
  type Clock,
  type DrainReport,
  type IngestedPayload,
  type Logger,
  type ReconcileReport,
  type SyncEngine,
  type SyncJob,
  type SyncStores,
} from '@odoo-plane-sync/sync-core';
import { runBackfill, type BackfillOptions, type BackfillReport } from './backfill.js';
import { createOdooPoller, type PollReport } from './odoo-poller.js';
import { replayFailedWork } from './replay-failed-work.js';
import type { SharedWorkQueue } from './shared-work-queue.js';

/** What the agent's schedules and operators run. */
export interface AgentOperations {
  /** One Odoo poll, then a drain of what it found. Polls never overlap. */
  readonly pollNow: () => Promise<PollReport>;
  /** One reconciliation; null when it failed (logged). */
  readonly reconcileNow: () => Promise<ReconcileReport | null>;
  /** The resumable backfill of every Odoo project (or of `options.odooProjectIds`), then a drain. */
  readonly backfill: (options?: BackfillOptions) => Promise<BackfillReport>;
  /** Replays the inbox's failed events and the shared queue's dead letters, then drains. */
  readonly replayFailed: (ids?: readonly string[]) => Promise<string[]>;
  /** Resolves once the poll in progress (if any) is over. */
  readonly settled: () => Promise<void>;
}

/** The agent's operations over its engine, Odoo client and stores. */
export function createAgentOperations(parts: {
  readonly engine: SyncEngine;
  readonly odoo: OdooClient;
  readonly stores: SyncStores;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly drain: () => Promise<DrainReport>;
  readonly sharedQueue: SharedWorkQueue | null;
  readonly pollOverlapSeconds: number;
}): AgentOperations {
  const { engine, odoo, stores, clock, logger, drain, sharedQueue } = parts;
  // Polled changes go through the inbox like webhooks: durable before the cursor moves, deduplicated.
  const submit = async (job: SyncJob, cause: string, dedupeKey: string): Promise<void> => {
    const payload: IngestedPayload = { source: 'poller', jobs: [job] };
    await stores.inbox.add({
      source: 'poller',
      dedupeKey,
      entityKey: entityKeyOf(job),
      payload,
      receivedAt: clock.now(),
    });
    logger.debug('queued', { cause, entity: entityKeyOf(job) });
  };
  const poller = createOdooPoller({
    odoo,
    syncState: stores.syncState,
    submit,
    logger,
    overlapSeconds: parts.pollOverlapSeconds,
  });

  let polling: Promise<unknown> = Promise.resolve();
  const pollNow = (): Promise<PollReport> => {
    const next = polling.then(async () => {
      const report = await poller.pollOnce();
      await drain();
      return report;
    });
    polling = next.catch(() => undefined);
    return next;
  };
  const reconcileNow = async (): Promise<ReconcileReport | null> => {
    const result = await engine.reconcile();
    if (result.isErr()) {
      logger.warn('reconciliation failed', { error: describeSyncError(result.error) });
      return null;
    }
    logger.info('reconciliation', {
      checked: result.value.checked,
      drift: result.value.drift.length,
      repaired: result.value.repaired,
      failed: result.value.failed.length,
    });
    // Each item that could not be repaired, by name; the others were repaired anyway.
    for (const failure of result.value.failed)
      logger.warn('reconciliation item failed', { ...failure });
    return result.value;
  };
  const backfill = async (backfillOptions?: BackfillOptions): Promise<BackfillReport> => {
    const report = await runBackfill(
      {
        engine,
        odoo,
        mappings: stores.mappings,
        syncState: stores.syncState,
        poller,
        clock,
        logger,
      },
      backfillOptions,
    );
    // Events accepted before a restart (or during the backfill) run now: nothing is lost.
    await drain();
    return report;
  };
  const replayFailed = async (ids?: readonly string[]): Promise<string[]> => {
    const replayed = await replayFailedWork({ inbox: stores.inbox, queue: sharedQueue }, ids);
    if (replayed.length > 0) logger.info('failed events replayed', { events: replayed.length });
    await drain();
    return replayed;
  };
  return {
    pollNow,
    reconcileNow,
    backfill,
    replayFailed,
    settled: async () => {
      await polling;
    },
  };
}
