import type { Result } from 'neverthrow';
import type { SyncReport } from '../engine.js';
import type {
  Clock,
  Inbox,
  InboxEvent,
  InboxMaintenance,
  InboxSource,
  Logger,
  WorkLane,
  WorkOutcome,
  WorkQueue,
} from '../ports.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import { createInProcessWorkQueue } from './in-process-work-queue.js';
import { defaultInboxRetention, type InboxRetention } from './inbox-retention.js';
import {
  defaultInboxRetryPolicy,
  retryAtAfterFailure,
  type InboxRetryPolicy,
} from './inbox-retry-policy.js';

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

  const fail = async (event: InboxEvent, reason: string): Promise<'failed'> => {
    const now = clock.now();
    const retryAt = retryAtAfterFailure(retry, event.attempts + 1, now);
    await inbox.fail(event.id, reason, retryAt);
    if (retryAt === null)
      logger.error('inbox event dead-lettered', {
        eventId: event.id,
        source: event.source,
        entityKey: event.entityKey,
        attempts: event.attempts + 1,
        reason,
      });
    else
      logger.warn('inbox event failed', {
        eventId: event.id,
        source: event.source,
        attempts: event.attempts + 1,
        retryInMs: retryAt - now,
        reason,
      });
    return 'failed';
  };

  const handle = async (event: InboxEvent): Promise<'processed' | 'failed'> => {
    const jobs = jobsOf(event);
    if (typeof jobs === 'string') {
      // Written by code that bypassed the types (or an older version): say so, or it fails silently.
      logger.error('inbox event payload does not fit its source', {
        eventId: event.id,
        source: event.source,
        problem: jobs,
      });
      return fail(event, `the stored payload ${jobs}`);
    }
    const outcomes: WorkOutcome[] = await Promise.all(
      jobs.map((job) => queue.enqueue(job, { lane: options.lane ?? 'live' })),
    );
    const reasons = outcomes.flatMap((outcome) =>
      outcome.status === 'failed' ? [outcome.reason] : [],
    );
    if (reasons.length === 0) {
      await inbox.complete(event.id, clock.now());
      return 'processed';
    }
    return fail(event, reasons.join('; '));
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

/** The job kinds each source's payload may hold (`InboxPayload`); the poller's may hold any. */
const jobKindsOf: Record<InboxSource, readonly SyncJob['kind'][] | 'any'> = {
  odoo: ['odoo-record'],
  plane: ['plane-work-item'],
  github: ['github-signal'],
  poller: 'any',
};
const knownJobKinds: Record<SyncJob['kind'], true> = {
  'odoo-record': true,
  'project-tree': true,
  'plane-work-item': true,
  'github-signal': true,
};

/**
 * The jobs of an inbox event, or what is wrong with its payload. A payload is read back from a store, so
 * its type is a promise this checks: a job list, of the kinds its source yields, and a `source` (when
 * present: payloads stored before it was added have none) equal to the event's.
 */
function jobsOf(event: InboxEvent): readonly SyncJob[] | string {
  const payload: unknown = event.payload;
  if (typeof payload !== 'object' || payload === null) return 'is not an object';
  const { jobs, source } = payload as { jobs?: unknown; source?: unknown };
  if (source !== undefined && source !== event.source)
    return `says source ${JSON.stringify(source)}, not ${event.source}`;
  if (!Array.isArray(jobs)) return 'holds no job list';
  const allowed = jobKindsOf[event.source];
  for (const job of jobs as unknown[]) {
    const kind = typeof job === 'object' && job !== null ? (job as { kind?: unknown }).kind : job;
    const fits =
      typeof kind === 'string' &&
      (allowed === 'any'
        ? Object.hasOwn(knownJobKinds, kind)
        : (allowed as string[]).includes(kind));
    if (!fits)
      return `holds a job of kind ${JSON.stringify(kind) ?? 'none'}, which ${event.source} does not yield`;
  }
  return jobs as SyncJob[];
}
