import type { APIGatewayProxyEventV2, EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { err, ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  createInboxProcessor,
  createWebhookIngestor,
  type IngestErrorKind,
  type SyncEngine,
  type SyncJob,
  type WebhookSecrets,
} from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  webhookBehaviourCases,
  webhookCaseMaxBodyBytes,
  webhookCaseSecrets,
} from '@odoo-plane-sync/sync-core/testing';
import { createScheduledHandler } from './scheduled-handler.js';
import { createSqsHandler } from './sqs-handler.js';
import { createWebhookHandler } from './webhook-handler.js';

const expectedStatus: Record<'accepted' | IngestErrorKind, number> = {
  accepted: 202,
  'unknown-source': 400,
  'unconfigured-source': 404,
  'bad-signature': 401,
  malformed: 400,
  'too-large': 413,
};

/** An HTTP API (payload format 2.0) or Function URL event, shaped as AWS documents and sends it. */
function httpEvent(input: {
  readonly path: string;
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly base64: boolean;
  readonly functionUrl?: boolean;
  readonly method?: string;
}): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(
    Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    version: '2.0',
    routeKey: input.functionUrl === true ? '$default' : 'POST /webhooks/{proxy+}',
    rawPath: input.path,
    rawQueryString: '',
    headers: {
      'content-length': String(input.body.byteLength),
      host: input.functionUrl === true ? 'abc123.lambda-url.eu-west-1.on.aws' : 'api.example.com',
      'x-amzn-trace-id': 'Root=1-5e723db2-9b1b2e3c4d5e6f7a8b9c0d1e',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    requestContext: {
      accountId: input.functionUrl === true ? 'anonymous' : '123456789012',
      apiId: input.functionUrl === true ? 'abc123' : 'r3pmxmplak',
      domainName:
        input.functionUrl === true ? 'abc123.lambda-url.eu-west-1.on.aws' : 'api.example.com',
      domainPrefix: input.functionUrl === true ? 'abc123' : 'api',
      http: {
        method: input.method ?? 'POST',
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: headers['user-agent'] ?? 'Autopilot',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: input.functionUrl === true ? '$default' : 'POST /webhooks/{proxy+}',
      stage: '$default',
      time: '26/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_687_200_000,
    },
    body: input.base64
      ? Buffer.from(input.body).toString('base64')
      : new TextDecoder().decode(input.body),
    isBase64Encoded: input.base64,
  };
}

function setupWebhooks(secrets: WebhookSecrets = webhookCaseSecrets) {
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({
    inbox,
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    secrets,
    maxBodyBytes: webhookCaseMaxBodyBytes,
  });
  const runs: SyncJob[] = [];
  const processor = createInboxProcessor({
    inbox,
    clock: { now: () => 0 },
    logger: createMemoryLogger(),
    engine: {
      run: (job) => {
        runs.push(job);
        return Promise.resolve(ok(report));
      },
    },
  });
  return { inbox, runs, handler: createWebhookHandler({ ingestor, processor }) };
}

const report = {
  correlationId: 'c',
  applied: 1,
  unchanged: 0,
  deferred: 0,
  conflicts: 0,
  skipped: 0,
};

describe('createWebhookHandler', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'answers shared webhook case %i as specified (base64 body on even cases)',
    async (index) => {
      const testCase = (await webhookBehaviourCases())[index]!;
      const { inbox, handler } = setupWebhooks();

      const response = await handler(
        httpEvent({
          path: `/webhooks/${testCase.path}`,
          body: testCase.rawBody,
          headers: testCase.headers,
          base64: index % 2 === 0,
        }),
      );

      expect(response.statusCode).toBe(expectedStatus[testCase.expected]);
      const body = JSON.parse(response.body ?? '') as Record<string, unknown>;
      if (testCase.expected === 'accepted') {
        expect(body).toMatchObject({ duplicate: false, jobs: 1 });
        expect(await inbox.count('done')).toBe(1);
      } else {
        expect(body).toEqual({ error: testCase.expected, message: expect.any(String) as unknown });
        expect(await inbox.pending()).toEqual([]);
        expect(await inbox.count('done')).toBe(0);
      }
    },
  );

  it('reads the source and token after a stage prefix, from a Function URL event', async () => {
    const [, odooCase] = await webhookBehaviourCases();
    const { runs, handler } = setupWebhooks();

    const response = await handler(
      httpEvent({
        path: `/prod/webhooks/${odooCase!.path}`,
        body: odooCase!.rawBody,
        headers: odooCase!.headers,
        base64: true,
        functionUrl: true,
      }),
    );

    expect(response.statusCode).toBe(202);
    expect(runs).toEqual([
      { kind: 'odoo-record', model: 'project.task', odooId: 30, origin: 'odoo-webhook' },
    ]);
  });

  it('answers 404 for a source whose secret is not configured, and 405 for a GET', async () => {
    const { handler } = setupWebhooks({ odooToken: 'x' });
    const body = new TextEncoder().encode('{}');

    const unconfigured = await handler(
      httpEvent({ path: '/webhooks/plane', body, headers: {}, base64: false }),
    );
    const get = await handler(
      httpEvent({ path: '/webhooks/plane', body, headers: {}, base64: false, method: 'GET' }),
    );

    expect(unconfigured.statusCode).toBe(404);
    expect(JSON.parse(unconfigured.body ?? '')).toEqual({
      error: 'unconfigured-source',
      message: 'Webhooks from plane are not enabled here (no secret configured).',
    });
    expect(get.statusCode).toBe(405);
  });
});

function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795687200000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1795687200010',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:sync-jobs',
    awsRegion: 'eu-west-1',
  };
}

describe('createSqsHandler', () => {
  it('runs each job once per entity and reports only failed or unreadable messages', async () => {
    const runs: SyncJob[] = [];
    const engine: Pick<SyncEngine, 'run'> = {
      run: (job) => {
        runs.push(job);
        return Promise.resolve(
          job.kind === 'odoo-record' && job.odooId === 2
            ? err({ kind: 'not-found', model: 'project.task', odooId: 2 })
            : ok(report),
        );
      },
    };
    const task = (odooId: number) =>
      JSON.stringify({ kind: 'odoo-record', model: 'project.task', odooId });
    const event: SQSEvent = {
      Records: [
        sqsRecord('m1', task(1)),
        sqsRecord('m2', task(1)),
        sqsRecord('m3', task(2)),
        sqsRecord('m4', 'not json'),
      ],
    };

    const response = await createSqsHandler({ engine })(event);

    expect(runs).toHaveLength(2);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }],
    });
  });
});

function scheduledEvent(detail: unknown): EventBridgeEvent<'Scheduled Event', unknown> {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-11-26T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/sync-reconcile'],
    detail,
  };
}

describe('createScheduledHandler', () => {
  it('runs every task for a plain schedule and only the named ones when the rule input names them', async () => {
    const ran: string[] = [];
    const handler = createScheduledHandler({
      tasks: {
        reconcile: () => Promise.resolve(ran.push('reconcile')),
        'poll-odoo': () => Promise.resolve(ran.push('poll-odoo')),
      },
    });

    const all = await handler(scheduledEvent({}));
    const named = await handler(scheduledEvent({ tasks: ['poll-odoo'] }));

    expect(all).toEqual({ ran: ['reconcile', 'poll-odoo'], failed: [] });
    expect(named).toEqual({ ran: ['poll-odoo'], failed: [] });
    expect(ran).toEqual(['reconcile', 'poll-odoo', 'poll-odoo']);
  });

  it('runs every task and then fails the invocation when one returned an Err or threw', async () => {
    const ran: string[] = [];
    const handler = createScheduledHandler({
      tasks: {
        reconcile: () => Promise.resolve(err('upstream down')),
        'poll-odoo': () => Promise.reject(new Error('boom')),
        'poll-plane': () => Promise.resolve(ran.push('poll-plane')),
      },
    });

    await expect(handler(scheduledEvent({}))).rejects.toThrow(
      'Scheduled task(s) failed: reconcile, poll-odoo',
    );
    expect(ran).toEqual(['poll-plane']);
  });

  it('fails the invocation only after the notifications it raised have settled', async () => {
    const order: string[] = [];
    let settle: () => void = () => undefined;
    const outboxSettled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const handler = createScheduledHandler({
      tasks: { reconcile: () => Promise.reject(new Error('Plane unreachable')) },
      notifications: { settled: () => outboxSettled.then(() => void order.push('settled')) },
    });

    const invocation = handler(scheduledEvent({})).catch((error: unknown) => {
      order.push('failed');
      return error;
    });
    for (let turn = 0; turn < 10; turn += 1) await new Promise(setImmediate);
    const before = [...order];
    settle();
    const error = await invocation;

    expect(before).toEqual([]);
    expect(order).toEqual(['settled', 'failed']);
    expect(String(error)).toContain('Scheduled task(s) failed: reconcile');
  });

  it('refuses a rule input naming a task that does not exist', async () => {
    const handler = createScheduledHandler({ tasks: { reconcile: () => Promise.resolve() } });

    await expect(handler(scheduledEvent({ tasks: ['reconcile', 'nope'] }))).rejects.toThrow(
      'Unknown scheduled task(s): nope',
    );
  });
});
