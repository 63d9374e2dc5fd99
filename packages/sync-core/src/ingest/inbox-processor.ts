import type { Result } from 'neverthrow';
import type { SyncReport } from '../engine.js';
import type { Inbox, InboxEvent, Logger, WorkLane, WorkOutcome, WorkQueue } from '../ports.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import { createInProcessWorkQueue } from './in-process-work-queue.js';

export interface InboxProcessorOptions {
  readonly inbox: Inbox;
  /** Runs the jobs; when absent, an in-process queue running `engine.run`. */
  readonly queue?: WorkQueue;
  readonly engine: {
    run(job: SyncJob, cause?: string): Promise<Result<SyncReport, SyncError>>;
  };
  readonly logger: Logger;
  /** Pending events taken per drain. Default 500. */
  readonly batchSize?: number;
  /** The lane inbox events run in. Default `live`. */
  readonly lane?: WorkLane;
}

/** What one drain did: events completed and events marked failed (replayable with `inbox.requeue`). */
export interface DrainReport {
  readonly processed: number;
  readonly failed: number;
}

/** Moves inbox events through the work queue into the engine. */
export interface InboxProcessor {
  /** Runs every pending inbox event once; resolves when all of them are completed or failed. */
  drain(): Promise<DrainReport>;
}

/**
 * Creates the inbox processor. A drain hands every pending event's jobs to the queue in one go, so that
 * the queue's latest-pending-wins rule coalesces a burst (Plane's one delivery per changed field, Odoo
 * 17's repeated POSTs) into one engine run, i.e. one re-read. An event is completed when all its jobs
 * ended well and failed otherwise (it stays in the inbox, replayable with `inbox.requeue`). Events still
 * pending after a crash are simply drained by the next processor.
 *
 * Drains may overlap (the Express adapter kicks one per delivery): an event already handed over by a
 * running drain is skipped, so no event is ever handed over twice.
 *
 * @example
 * const processor = createInboxProcessor({ inbox, engine, logger });
 * const { processed, failed } = await processor.drain();
 */
export function createInboxProcessor(options: InboxProcessorOptions): InboxProcessor {
  const { inbox, logger } = options;
  const queue =
    options.queue ??
    createInProcessWorkQueue({
      run: async (job) => {
        const result = await options.engine.run(job, `webhook: ${job.kind}`);
        return result.isOk()
          ? { status: 'done' }
          : { status: 'failed', reason: describeSyncError(result.error) };
      },
    });

  const handle = async (event: InboxEvent): Promise<'processed' | 'failed'> => {
    const jobs = jobsOf(event.payload);
    if (jobs === undefined) {
      await inbox.fail(event.id, 'the stored payload holds no job list');
      return 'failed';
    }
    const outcomes: WorkOutcome[] = await Promise.all(
      jobs.map((job) => queue.enqueue(job, { lane: options.lane ?? 'live' })),
    );
    const reasons = outcomes.flatMap((outcome) =>
      outcome.status === 'failed' ? [outcome.reason] : [],
    );
    if (reasons.length === 0) {
      await inbox.complete(event.id);
      return 'processed';
    }
    await inbox.fail(event.id, reasons.join('; '));
    logger.warn('inbox event failed', { eventId: event.id, source: event.source, reasons });
    return 'failed';
  };

  // Events handed over by a drain still running; an overlapping drain skips them, so a long job never
  // holds back events that arrived after its drain started.
  const inFlight = new Set<string>();
  const drain = async (): Promise<DrainReport> => {
    const pending = (await inbox.pending(options.batchSize ?? 500)).filter(
      (event) => !inFlight.has(event.id),
    );
    for (const event of pending) inFlight.add(event.id);
    // Handed over in one synchronous pass, so jobs of one entity coalesce in the queue.
    const results = await Promise.all(
      pending.map((event) =>
        handle(event).finally(() => {
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

/** The jobs an inbox payload holds, or undefined when it is not one the ingestor wrote. */
function jobsOf(payload: unknown): readonly SyncJob[] | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const jobs = (payload as { jobs?: unknown }).jobs;
  return Array.isArray(jobs) ? (jobs as SyncJob[]) : undefined;
}
