import { randomUUID } from 'node:crypto';
import { entityKeyOf, type WorkQueue } from '@odoo-plane-sync/sync-core';
import { signAwsRequest, type AwsCredentials } from './sign-aws-request.js';

/** Options of {@link createSqsWorkQueue}. */
export interface SqsWorkQueueOptions {
  /** A FIFO queue (`….fifo`): messages of one group are delivered in order, one at a time. */
  readonly queueUrl: string;
  readonly region: string;
  /** Read at every send: Lambda rotates its temporary credentials. */
  readonly credentials: () => AwsCredentials;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
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
 * const queue = createSqsWorkQueue({ queueUrl, region: 'eu-west-1', credentials: () => fromEnvironment() });
 * await queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 42 });
 */
export function createSqsWorkQueue(options: SqsWorkQueueOptions): WorkQueue {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const endpoint = `https://sqs.${options.region}.amazonaws.com/`;
  return {
    enqueue: async (job) => {
      const body = JSON.stringify({
        QueueUrl: options.queueUrl,
        MessageBody: JSON.stringify(job),
        MessageGroupId: entityKeyOf(job),
        MessageDeduplicationId: randomUUID(),
      });
      const headers = signAwsRequest(
        {
          method: 'POST',
          url: endpoint,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.SendMessage',
          },
          body,
        },
        options.credentials(),
        { region: options.region, service: 'sqs', now: options.now?.() ?? new Date() },
      );
      try {
        const response = await send(endpoint, { method: 'POST', headers, body });
        if (response.ok) return { status: 'done' };
        // The body names the AWS error (e.g. AccessDenied); it holds no secret.
        const detail = (await response.text()).slice(0, 200);
        return {
          status: 'failed',
          reason: `SQS SendMessage answered ${response.status}: ${detail}`,
        };
      } catch (error) {
        return {
          status: 'failed',
          reason: `SQS SendMessage failed: ${error instanceof Error ? error.message : 'network error'}`,
        };
      }
    },
    // The queue lives in SQS: nothing waits in this process once a send resolved.
    size: () => 0,
    onIdle: () => Promise.resolve(),
  };
}
