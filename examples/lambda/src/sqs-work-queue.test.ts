import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedHandlers } from '@odoo-plane-sync/testkit';
import { createSqsFifoSimulator } from './sqs-fifo-simulator.js';
import { createSqsWorkQueue } from './sqs-work-queue.js';

const sqs = createSqsFifoSimulator({ queues: ['sync-jobs.fifo'] });
let served: ServedHandlers;
const clients: SQSClient[] = [];

beforeAll(async () => {
  served = await sqs.serve();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await served.close();
});

/** The SDK client as Lambda builds it, pointed at the local endpoint with static test credentials. */
function sqsClient(): SQSClient {
  const client = new SQSClient({
    region: sqs.region,
    endpoint: served.url,
    credentials: {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    },
    // A failed send is reported by the queue at once; the SDK's own retries are not under test here.
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

describe('createSqsWorkQueue', () => {
  it('sends each job as a FIFO message grouped by its entity key, signed by the SDK', async () => {
    let id = 0;
    const queue = createSqsWorkQueue({
      queueUrl: sqs.queueUrl('sync-jobs.fifo'),
      client: sqsClient(),
      randomId: () => `dedupe-${(id += 1)}`,
    });
    const before = sqs.messages('sync-jobs.fifo').length;

    const outcomes = await Promise.all([
      queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 42 }),
      queue.enqueue({ kind: 'plane-work-item', planeProjectId: 'p-1', workItemId: 'wi-9' }),
      queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 42 }),
    ]);

    // `done` also means the SDK found the MD5 of each body it sent in SQS's answer.
    expect(outcomes).toEqual([{ status: 'done' }, { status: 'done' }, { status: 'done' }]);
    const messages = sqs.messages('sync-jobs.fifo').slice(before);
    expect(messages.map((message) => message.groupId).sort()).toEqual([
      'plane:wi-9',
      'project.task:42',
      'project.task:42',
    ]);
    expect(new Set(messages.map((message) => message.deduplicationId)).size).toBe(3);
    expect(JSON.parse(messages.find((message) => message.groupId === 'plane:wi-9')!.body)).toEqual({
      kind: 'plane-work-item',
      planeProjectId: 'p-1',
      workItemId: 'wi-9',
    });
    const request = sqs.requests.at(-1)!;
    expect(request.target).toBe('AmazonSQS.SendMessage');
    expect(request.contentType).toBe('application/x-amz-json-1.0');
    expect(request.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, /,
    );
  });

  it('reports a queue that does not exist as a failed enqueue naming the AWS error', async () => {
    const queue = createSqsWorkQueue({
      queueUrl: sqs.queueUrl('missing.fifo'),
      client: sqsClient(),
    });

    const outcome = await queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 7 });

    expect(outcome).toEqual({
      status: 'failed',
      reason: 'SQS SendMessage failed: QueueDoesNotExist: The specified queue does not exist.',
    });
  });

  it('reports an unreachable endpoint as a failed enqueue, never rejecting', async () => {
    const closed = createSqsFifoSimulator({ queues: ['sync-jobs.fifo'] });
    const endpoint = await closed.serve();
    const queueUrl = closed.queueUrl('sync-jobs.fifo');
    await endpoint.close();
    const client = new SQSClient({
      region: closed.region,
      endpoint: endpoint.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-that-never-shows' },
      maxAttempts: 1,
    });
    clients.push(client);
    const queue = createSqsWorkQueue({ queueUrl, client });

    const outcome = await queue.enqueue({ kind: 'odoo-record', model: 'project.task', odooId: 8 });

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^SQS SendMessage failed: /);
    expect(JSON.stringify(outcome)).not.toContain('secret-that-never-shows');
  });
});
