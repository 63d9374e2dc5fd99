import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  createInProcessWorkQueue,
  describeSyncError,
  type NotificationOutbox,
  type SyncEngine,
  type SyncJob,
  type WorkOutcome,
} from '@odoo-plane-sync/sync-core';

/** Options of {@link createSqsHandler}. */
export interface SqsHandlerOptions {
  readonly engine: Pick<SyncEngine, 'run'>;
  /** Jobs of different entities run at once within one batch. Default 4. */
  readonly concurrency?: number;
  /**
   * Awaited before the invocation returns, also when it fails: Lambda freezes the environment once the
   * handler's promise settles, so alerts still queued (a Slack post beside the sync) would wait, or be
   * lost, until a later invocation thaws it. Pass `engine.notifications`, or `{ settled:
   * agent.notificationsSettled }`; the outbox bounds the wait by its timeout and retries, then gives up
   * (logged).
   */
  readonly notifications?: Pick<NotificationOutbox, 'settled'>;
}

/**
 * A Lambda handler for an SQS queue of sync jobs; each message body is one `SyncJob` as JSON. Jobs of one
 * entity in a batch coalesce into one run (latest wins) and run serially; every failed job (and every body
 * that is not a job) is returned in `batchItemFailures`, so SQS redelivers only those and a redrive policy
 * moves poison messages to a dead-letter queue. Enable "report batch item failures" on the trigger.
 *
 * @example
 * export const handler = createSqsHandler({ engine });
 */
export function createSqsHandler(
  options: SqsHandlerOptions,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const queue = createInProcessWorkQueue({
      concurrency: options.concurrency ?? 4,
      run: async (job): Promise<WorkOutcome> => {
        const result = await options.engine.run(job, `queue: ${job.kind}`);
        return result.isOk()
          ? { status: 'done' }
          : { status: 'failed', reason: describeSyncError(result.error) };
      },
    });
    const outcomes = await Promise.all(
      event.Records.map(async (record) => {
        const job = parseJob(record.body);
        const outcome: WorkOutcome =
          job === undefined
            ? { status: 'failed', reason: 'not a sync job' }
            : await queue.enqueue(job);
        return { messageId: record.messageId, outcome };
      }),
    ).finally(() => options.notifications?.settled());
    return {
      batchItemFailures: outcomes
        .filter(({ outcome }) => outcome.status === 'failed')
        .map(({ messageId }) => ({ itemIdentifier: messageId })),
    };
  };
}

const jobKinds = new Set<string>([
  'odoo-record',
  'project-tree',
  'plane-work-item',
  'github-signal',
]);

function parseJob(body: string): SyncJob | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const kind = (parsed as { kind?: unknown }).kind;
    return typeof kind === 'string' && jobKinds.has(kind) ? (parsed as SyncJob) : undefined;
  } catch {
    return undefined;
  }
}
