import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type {
  Clock,
  DrainReport,
  Logger,
  ReconcileReport,
  SyncEngine,
  SyncStores,
} from '@odoo-plane-sync/sync-core';
import { runBackfill, type BackfillOptions, type BackfillReport } from './backfill.js';
import { reconcileAndLog } from './logged-reconciliation.js';
import { createOdooPoller, type PollReport } from './odoo-poller.js';
import { createPollerInboxSubmission } from './poller-inbox-submission.js';
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
  const poller = createOdooPoller({
    odoo,
    syncState: stores.syncState,
    submit: createPollerInboxSubmission({ inbox: stores.inbox, clock, logger }),
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
  const reconcileNow = (): Promise<ReconcileReport | null> => reconcileAndLog({ engine, logger });
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
