import type {
  DrainReport,
  Inbox,
  InboxProcessor,
  Logger,
  WorkQueue,
} from '@odoo-plane-sync/sync-core';

/** An inbox processor that runs one drain at a time and can say when everything accepted has run. */
export interface InboxDrainer extends InboxProcessor {
  /** Resolves when no drain runs, the queue is empty and no inbox event is pending. */
  whenIdle(): Promise<void>;
}

/**
 * Serialises drains of `processor`: a drain asked for while one runs makes that one go round once more
 * (so an event accepted mid-drain never waits for the next trigger), and every caller gets the total.
 *
 * @example
 * const drainer = createInboxDrainer({ processor, queue, inbox: stores.inbox, logger });
 * app.use(createSyncRouter({ ingestor, processor: drainer, … }));
 */
export function createInboxDrainer(parts: {
  readonly processor: InboxProcessor;
  readonly queue: WorkQueue;
  readonly inbox: Inbox;
  readonly logger: Logger;
}): InboxDrainer {
  let draining: Promise<DrainReport> | null = null;
  let drainAgain = false;
  const drain = (): Promise<DrainReport> => {
    if (draining !== null) {
      drainAgain = true;
      return draining;
    }
    draining = (async () => {
      const total = { processed: 0, failed: 0 };
      do {
        drainAgain = false;
        const report = await parts.processor.drain();
        total.processed += report.processed;
        total.failed += report.failed;
        if (report.failed > 0) parts.logger.warn('inbox drain', { ...report });
      } while (drainAgain);
      return total;
    })().finally(() => {
      draining = null;
    });
    return draining;
  };
  return {
    drain,
    whenIdle: async () => {
      for (;;) {
        if (draining !== null) await draining;
        await parts.queue.onIdle();
        if (draining !== null) continue;
        if (parts.queue.size() === 0 && (await parts.inbox.count('pending')) === 0) return;
        await drain();
      }
    },
  };
}
