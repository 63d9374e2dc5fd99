import type { Result } from 'neverthrow';
import type { SyncReport } from '../engine.js';
import type { Clock, Inbox, InboxMaintenance, Logger, WorkLane, WorkQueue } from '../ports.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import { createInProcessWorkQueue } from './in-process-work-queue.js';
import { defaultInboxRetention, type InboxRetention } from './inbox-retention.js';
import { defaultInboxRetryPolicy, type InboxRetryPolicy } from './inbox-retry-policy.js';
import { runInboxEvent, type InboxEventRunDeps } from './run-inbox-event.js';

export interface InboxProcessorOptions {
  readonly inbox: Inbox & InboxMaintenance;
  /** Runs the jobs; when absent, an in-process queue running `engine.run`. */
  readonly queue?: WorkQueue;
  readonly engine: {
    run(job: SyncJob, cause?: string): Promise<Result<SyncReport, SyncError>>;
  };
  readonly logger: Logger;
  /** Times retries, completions and pruning (no timers: a drain does what is due). */
  readonly clock: Pick<Clock, 'now'>;
  /** When failed events run again and when they are dead-lettered; default {@link defaultInboxRetryPolicy}. */
  readonly retry?: Partial<InboxRetryPolicy>;
  /** How long processed events are kept; default {@link defaultInboxRetention}. */
  readonly retention?: Partial<InboxRetention>;
  /** Pending events taken per drain. Default 500. */
  readonly batchSize?: number;
  /** The lane inbox events run in. Default `live`. */
  readonly lane?: WorkLane;
}

/**
 * What one drain did: events completed and events whose run failed (retried automatically, or
 * dead-lettered after the policy's last attempt; replayable with `replayFailedEvents`).
 */
export interface DrainReport {
  readonly processed: number;
  readonly failed: number;
}

/** Moves inbox events through the work queue into the engine. */
export interface InboxProcessor {
  /**
   * Makes failed events that are due for their retry pending again, prunes processed events past their
   * retention (at most once per `pruneEveryMs`), then runs every pending inbox event once; resolves when
   * all of them are completed or failed.
   */
  drain(): Promise<DrainReport>;
}

/**
 * Creates the inbox processor. A drain hands every pending event's jobs to the queue in one go, so that
 * the queue's latest-pending-wins rule coalesces a burst (Plane's one delivery per changed field, Odoo
 * 17's repeated POSTs) into one engine run, i.e. one re-read. An event is completed when all its jobs
 * ended well and failed otherwise: it stays in the inbox and runs again automatically once its retry is
 * due (1 min, 5 min, 30 min, then hourly by default), so a change made during an outage lands at the first
 * retry after the outage ends — without waiting for a reconciliation. After `maxAttempts` runs it becomes a
 * dead letter, listed by `listFailed` until replayed. Events still pending after a crash are simply drained
 * by the next processor. The host calls `drain` on a schedule (as well as per delivery) so due retries run.
 *
 * Drains may overlap (the Express adapter kicks one per delivery): an event already handed over by a
 * running drain is skipped, so no event is ever handed over twice.
 *
 * @example
 * const processor = createInboxProcessor({ inbox, engine, logger, clock, retry: { maxAttempts: 10 } });
 * const { processed, failed } = await processor.drain();
 */
export function createInboxProcessor(options: InboxProcessorOptions): InboxProcessor {
  const { inbox, logger, clock } = options;
  const retry: InboxRetryPolicy = { ...defaultInboxRetryPolicy, ...options.retry };
  const retention: InboxRetention = { ...defaultInboxRetention, ...options.retention };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
    throw new RangeError(`retry.maxAttempts must be a whole number ≥ 1, not ${retry.maxAttempts}.`);
  if (retry.delaysMs.length === 0 || retry.delaysMs.some((delay) => !(delay >= 0)))
    throw new RangeError('retry.delaysMs must hold at least one delay, none negative.');
  const queue = options.queue ?? engineWorkQueue(options.engine);

  const runDeps: InboxEventRunDeps = {
    inbox,
    queue,
    logger,
    clock,
    retry,
    lane: options.lane ?? 'live',
  };

  let lastPruneAt: number | null = null;
  const pruneIfDue = async (now: number): Promise<void> => {
    if (lastPruneAt !== null && now - lastPruneAt < retention.pruneEveryMs) return;
    lastPruneAt = now;
    const pruned = await inbox.pruneDone(now - retention.processedEventsMs);
    if (pruned > 0) logger.info('inbox pruned', { pruned });
  };

  // Events handed over by a drain still running; an overlapping drain skips them, so a long job never
  // holds back events that arrived after its drain started.
  const inFlight = new Set<string>();
  const drain = async (): Promise<DrainReport> => {
    const now = clock.now();
    const due = await inbox.requeueDue(now);
    if (due > 0) logger.info('inbox retries due', { events: due });
    await pruneIfDue(now);
    const pending = (await inbox.pending(options.batchSize ?? 500)).filter(
      (event) => !inFlight.has(event.id),
    );
    for (const event of pending) inFlight.add(event.id);
    // Handed over in one synchronous pass, so jobs of one entity coalesce in the queue.
    const results = await Promise.all(
      pending.map((event) =>
        runInboxEvent(runDeps, event).finally(() => {
          inFlight.delete(event.id);
        }),
      ),
    );
    const report = {
      processed: results.filter((result) => result === 'processed').length,
      failed: results.filter((result) => result === 'failed').length,
    };
    if (pending.length > 0) logger.debug('inbox drained', { ...report });
    return report;
  };
  return { drain };
}

/** The default queue: in-process, each job one `engine.run`, its error described as the failure reason. */
function engineWorkQueue(engine: InboxProcessorOptions['engine']): WorkQueue {
  return createInProcessWorkQueue({
    run: async (job) => {
      const result = await engine.run(job, `webhook: ${job.kind}`);
      return result.isOk()
        ? { status: 'done' }
        : { status: 'failed', reason: describeSyncError(result.error) };
    },
  });
}
