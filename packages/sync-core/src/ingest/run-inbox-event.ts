import type {
  Clock,
  Inbox,
  InboxEvent,
  InboxSource,
  Logger,
  WorkLane,
  WorkOutcome,
  WorkQueue,
} from '../ports.js';
import type { SyncJob } from '../sync-job.js';
import { retryAtAfterFailure, type InboxRetryPolicy } from './inbox-retry-policy.js';

/** What running one inbox event needs, resolved once by the inbox processor. */
export interface InboxEventRunDeps {
  readonly inbox: Pick<Inbox, 'complete' | 'fail'>;
  readonly queue: Pick<WorkQueue, 'enqueue'>;
  readonly logger: Logger;
  readonly clock: Pick<Clock, 'now'>;
  readonly retry: InboxRetryPolicy;
  readonly lane: WorkLane;
}

/**
 * Hands every job of an event to the queue and records how the event ended: completed when all its jobs
 * ended well, failed (with its next retry, or dead-lettered) otherwise, and failed at once when its stored
 * payload does not fit its source.
 */
export async function runInboxEvent(
  deps: InboxEventRunDeps,
  event: InboxEvent,
): Promise<'processed' | 'failed'> {
  const jobs = jobsOf(event);
  if (typeof jobs === 'string') {
    // Written by code that bypassed the types (or an older version): say so, or it fails silently.
    deps.logger.error('inbox event payload does not fit its source', {
      eventId: event.id,
      source: event.source,
      problem: jobs,
    });
    return failInboxEvent(deps, event, `the stored payload ${jobs}`);
  }
  const outcomes: WorkOutcome[] = await Promise.all(
    jobs.map((job) => deps.queue.enqueue(job, { lane: deps.lane })),
  );
  const reasons = outcomes.flatMap((outcome) =>
    outcome.status === 'failed' ? [outcome.reason] : [],
  );
  if (reasons.length === 0) {
    await deps.inbox.complete(event.id, deps.clock.now());
    return 'processed';
  }
  return failInboxEvent(deps, event, reasons.join('; '));
}

/** Records a failed run with the retry the policy gives it (none: dead-lettered, logged as an error). */
async function failInboxEvent(
  deps: InboxEventRunDeps,
  event: InboxEvent,
  reason: string,
): Promise<'failed'> {
  const now = deps.clock.now();
  const retryAt = retryAtAfterFailure(deps.retry, event.attempts + 1, now);
  await deps.inbox.fail(event.id, reason, retryAt);
  if (retryAt === null)
    deps.logger.error('inbox event dead-lettered', {
      eventId: event.id,
      source: event.source,
      entityKey: event.entityKey,
      attempts: event.attempts + 1,
      reason,
    });
  else
    deps.logger.warn('inbox event failed', {
      eventId: event.id,
      source: event.source,
      attempts: event.attempts + 1,
      retryInMs: retryAt - now,
      reason,
    });
  return 'failed';
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
