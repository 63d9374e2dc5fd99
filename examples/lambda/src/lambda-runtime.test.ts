import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  createOdooSimulator,
  createPlaneSimulator,
  startSilentEndpoint,
} from '@odoo-plane-sync/testkit';
import { createJsonLogger } from '@odoo-plane-sync/agent';
import type { LambdaConfig } from './lambda-config.js';
import { createLambdaRuntime, type LambdaRuntime } from './lambda-runtime.js';

const token = 'w'.repeat(32);
const odoo = createOdooSimulator({ version: 17, db: 'lambda' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'lambda' });
const projectId = odoo.create('project.project', { name: 'Serverless' });
const served: { close(): Promise<void> }[] = [];
const dirs: string[] = [];
const runtimes: LambdaRuntime[] = [];
let odooUrl = '';
let planeUrl = '';

beforeAll(async () => {
  const servedOdoo = await odoo.serve();
  const servedPlane = await plane.serve();
  served.push(servedOdoo, servedPlane);
  odooUrl = servedOdoo.url;
  planeUrl = servedPlane.url;
});
afterAll(async () => {
  for (const runtime of runtimes) runtime.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all(served.map((server) => server.close()));
});

function config(queue: LambdaConfig['queue'] = null): LambdaConfig {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-lambda-'));
  dirs.push(dir);
  return {
    odoo: { url: odooUrl, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey, sourceId: odoo.db },
    plane: {
      url: planeUrl,
      apiKey: plane.apiKey,
      workspace: plane.workspaceSlug,
      rateLimitPerMinute: 10_000,
      edition: 'ce',
    },
    secrets: { odooToken: token, planeWebhookSecret: 'plane_wh_test' },
    databaseFile: join(dir, 'sync.db'),
    queue,
    timeZone: 'UTC',
    pollOverlapSeconds: 60,
    slackWebhookUrl: null,
    opsPlaneProjectId: null,
  };
}

function runtimeWith(
  queue: LambdaConfig['queue'] = null,
  fetchOverride?: typeof fetch,
): LambdaRuntime {
  const runtime = createLambdaRuntime(config(queue), {
    logger: createJsonLogger({ write: () => undefined }),
    awsCredentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    ...(fetchOverride === undefined ? {} : { fetch: fetchOverride }),
  });
  runtimes.push(runtime);
  return runtime;
}

/** A Function URL delivery (base64 body), as Lambda hands it over. */
function functionUrlEvent(path: string, body: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'python-requests/2.31.0' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abcdefghij',
      http: {
        method: 'POST',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'python-requests/2.31.0',
      },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_600_000_000,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

function sqsEvent(bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `message-${index}`,
      receiptHandle: `receipt-${index}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795600000000',
        SenderId: 'AROAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1795600000001',
      },
      messageAttributes: {},
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:sync-jobs.fifo',
      awsRegion: 'eu-west-1',
    })),
  };
}

function scheduleEvent(tasks: readonly string[]): EventBridgeEvent<'Scheduled Event', unknown> {
  return {
    version: '0',
    id: 'schedule-1',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-11-26T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/sync-poll'],
    detail: { tasks },
  };
}

const odooPayload = (taskId: number): string =>
  JSON.stringify({ _action: 'Webhook(#1)', _id: taskId, _model: 'project.task', id: taskId });

describe('createLambdaRuntime', () => {
  it('runs an Odoo webhook inside the invocation when no queue is configured', async () => {
    const runtime = runtimeWith();
    const taskId = odoo.create('project.task', { name: 'Inline', project_id: projectId });

    const response = await runtime.webhook(
      functionUrlEvent(`/webhooks/odoo/${token}`, odooPayload(taskId)),
    );

    expect(response.statusCode).toBe(202);
    const mapping = await runtime.stores.mappings.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
    expect((plane.getWorkItem(mapping!.planeId!) as { name: string }).name).toBe('Inline');
  });

  it('refuses a wrong token with 401 and stores nothing', async () => {
    const runtime = runtimeWith();

    const response = await runtime.webhook(
      functionUrlEvent('/webhooks/odoo/wrong-token', odooPayload(1)),
    );

    expect(response.statusCode).toBe(401);
    expect(await runtime.stores.inbox.count('pending')).toBe(0);
    expect(await runtime.stores.inbox.count('done')).toBe(0);
  });

  it('hands jobs to SQS FIFO grouped by entity, and runs them from the SQS trigger', async () => {
    const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
    const fakeSqs: typeof fetch = (input, init) => {
      sent.push({
        url: input as string,
        headers: init?.headers as Record<string, string>,
        body: init?.body as string,
      });
      return Promise.resolve(new Response('{"MessageId":"m-1"}', { status: 200 }));
    };
    const runtime = runtimeWith(
      {
        url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sync-jobs.fifo',
        region: 'eu-west-1',
      },
      fakeSqs,
    );
    const taskId = odoo.create('project.task', { name: 'Queued', project_id: projectId });

    const accepted = await runtime.webhook(
      functionUrlEvent(`/webhooks/odoo/${token}`, odooPayload(taskId)),
    );
    const message = JSON.parse(sent[0]!.body) as {
      QueueUrl: string;
      MessageBody: string;
      MessageGroupId: string;
      MessageDeduplicationId: string;
    };
    const batch = await runtime.sqs(sqsEvent([message.MessageBody, 'not a job']));

    expect(accepted.statusCode).toBe(202);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://sqs.eu-west-1.amazonaws.com/');
    expect(sent[0]!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(message.MessageGroupId).toBe(`project.task:${taskId}`);
    expect(JSON.parse(message.MessageBody)).toEqual({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: taskId,
      origin: 'odoo-webhook',
    });
    expect(batch.batchItemFailures).toEqual([{ itemIdentifier: 'message-1' }]);
    const mapping = await runtime.stores.mappings.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
  });

  it('polls Odoo and reconciles on the schedule', async () => {
    const runtime = runtimeWith();
    // Each runtime has a store of its own: a project of its own keeps Plane and the store in step.
    const scheduledProjectId = odoo.create('project.project', { name: 'Scheduled' });
    (await runtime.engine.syncProjectTree(scheduledProjectId))._unsafeUnwrap();
    await runtime.scheduled(scheduleEvent(['drain-inbox']));
    const taskId = odoo.create('project.task', { name: 'Polled', project_id: scheduledProjectId });

    const report = await runtime.scheduled(scheduleEvent(['poll-odoo', 'reconcile']));

    expect(report).toEqual({ ran: ['poll-odoo', 'reconcile'], failed: [] });
    const mapping = await runtime.stores.mappings.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
    expect(await runtime.stores.syncState.get('reconciliation:last')).toMatchObject({
      status: 'ok',
    });
  });

  it('answers a webhook only once its Slack alert is delivered or given up after the timeout', async () => {
    const slack = await startSilentEndpoint();
    served.push(slack);
    // Time moves only when the test says so: the silent Slack holds the post until then.
    const clock = createFakeClock({ autoAdvance: false });
    const lines: string[] = [];
    const runtime = createLambdaRuntime(
      { ...config(), slackWebhookUrl: `${slack.url}/services/T000/B000/never-answers` },
      {
        logger: createJsonLogger({ write: (_level, line) => lines.push(line) }),
        clock,
        timeoutSignal: (ms) => {
          const controller = new AbortController();
          void clock.sleep(ms).then(() => controller.abort(new Error(`timed out after ${ms} ms`)));
          return controller.signal;
        },
      },
    );
    runtimes.push(runtime);
    const strangerId = odoo.create('res.users', {
      name: 'Stranger',
      login: 'stranger@example.com',
      email: 'stranger@example.com',
    });
    const taskId = odoo.create('project.task', {
      name: 'Alerting',
      project_id: odoo.create('project.project', { name: 'Alerted' }),
      user_ids: [[6, 0, [strangerId]]],
    });
    const startedAt = clock.now();
    let answered = false;

    const invocation = runtime
      .webhook(functionUrlEvent(`/webhooks/odoo/${token}`, odooPayload(taskId)))
      .then((response) => {
        answered = true;
        lines.push('answered');
        return response;
      });
    await slack.requestsReceived(1);
    // The sync is done and its alert is on the wire: the invocation still waits for it.
    for (let turn = 0; turn < 20; turn += 1) await new Promise(setImmediate);

    expect(answered).toBe(false);
    expect(slack.connections[0]!.received).toContain('Odoo user without a Plane user');

    // Three attempts of 5 s each with 1 s and 2 s between them; then the outbox gives up.
    for (let step = 0; step < 40 && !answered; step += 1) {
      for (let turn = 0; turn < 5; turn += 1) await new Promise(setImmediate);
      await clock.advance(1_000);
    }
    const response = await invocation;

    expect(response.statusCode).toBe(202);
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(17_000);
    expect(
      slack.connections.filter((connection) =>
        connection.received.includes('Odoo user without a Plane user'),
      ),
    ).toHaveLength(3);
    const givenUp = lines.findIndex((line) => line.includes('"notification not delivered"'));
    expect(givenUp).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(lines[givenUp]!)).toMatchObject({
      level: 'warn',
      title: 'Odoo user without a Plane user',
      attempts: 3,
    });
    expect(givenUp).toBeLessThan(lines.indexOf('answered'));
    expect(lines.join('\n')).not.toContain('never-answers');
  }, 60_000);
});
