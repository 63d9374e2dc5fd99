import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { entityKeyOf, type WorkQueue } from '@odoo-plane-sync/sync-core';

/** Options of {@link createSqsWorkQueue}. */
export interface SqsWorkQueueOptions {
  /** A FIFO queue (`….fifo`): messages of one group are delivered in order, one at a time. */
  readonly queueUrl: string;
  /**
   * The AWS SDK v3 client: it signs each send with the role's current credentials (Lambda rotates them)
   * and retries throttling and 5xx answers by the SDK's standard policy.
   */
  readonly client: SQSClient;
  /** Deduplication ids; default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
}

/**
 * A `WorkQueue` on SQS FIFO: each job is one message whose `MessageGroupId` is the job's entity key, so
 * SQS delivers one entity's jobs in order and never two at once, while different entities run in
 * parallel. `enqueue` resolves `done` once SQS has the message (the SQS handler runs it later).
 *
 * Every message gets its own deduplication id: the inbox has already dropped repeated deliveries, and
 * SQS's 5-minute content deduplication would drop a second, legitimate change of the same record.
 *
 * @example
 * const queue = createSqsWorkQueue({ queueUrl, client: new SQSClient({ region: 'eu-west-1' }) });
 * await queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 42 });
 */
export function createSqsWorkQueue(options: SqsWorkQueueOptions): WorkQueue {
  const randomId = options.randomId ?? randomUUID;
  return {
    enqueue: async (job) => {
      try {
        await options.client.send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: JSON.stringify(job),
            MessageGroupId: entityKeyOf(job),
            MessageDeduplicationId: randomId(),
          }),
        );
        return { status: 'done' };
      } catch (error) {
        // The SDK names the AWS error (QueueDoesNotExist, AccessDenied…); neither holds a credential.
        const cause = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
        return { status: 'failed', reason: `SQS SendMessage failed: ${cause.slice(0, 300)}` };
      }
    },
    // The queue lives in SQS: nothing waits in this process once a send resolved.
    size: () => 0,
    onIdle: () => Promise.resolve(),
  };
}
