import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  createOdooSimulator,
  createPlaneSimulator,
  postgresSkipReason,
  startSilentEndpoint,
  testPostgresUrl,
  uniqueSchemaName,
} from '@odoo-plane-sync/testkit';
import { createJsonLogger } from '@odoo-plane-sync/agent';
import type { LambdaConfig } from './lambda-config.js';
import { createLambdaRuntime, type LambdaRuntime } from './lambda-runtime.js';
import { createSqsFifoSimulator } from './sqs-fifo-simulator.js';

const suite = 'Lambda handlers on Postgres';
const skipReason = await postgresSkipReason(suite);

const token = 'w'.repeat(32);
const odoo = createOdooSimulator({ version: 17, db: 'lambda' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'lambda' });
const projectId = odoo.create('project.project', { name: 'Serverless' });
const sqs = createSqsFifoSimulator({ queues: ['sync-jobs.fifo'] });
const served: { close(): Promise<void> }[] = [];
const schemas = new Set<string>();
const runtimes: LambdaRuntime[] = [];
let odooUrl = '';
let planeUrl = '';
let sqsUrl = '';

beforeAll(async () => {
  if (skipReason !== null) return;
  const servedOdoo = await odoo.serve();
  const servedPlane = await plane.serve();
  const servedSqs = await sqs.serve();
  served.push(servedOdoo, servedPlane, servedSqs);
  odooUrl = servedOdoo.url;
  planeUrl = servedPlane.url;
  sqsUrl = servedSqs.url;
});
afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.close()));
  await Promise.all(served.map((server) => server.close()));
  if (schemas.size === 0) return;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  for (const schema of schemas)
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await admin.end();
});

/** Every runtime gets a schema of its own unless it is given one to share. */
function config(
  queue: LambdaConfig['queue'] = null,
  schema = uniqueSchemaName('lambda_test'),
): LambdaConfig {
  schemas.add(schema);
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
    database: { url: testPostgresUrl(), schema },
    queue,
    timeZone: 'UTC',
    pollOverlapSeconds: 60,
    slackWebhookUrl: null,
    opsPlaneProjectId: null,
  };
}

/** The SDK client Lambda would build, pointed at the local SQS endpoint with static test credentials. */
function sqsClient(): SQSClient {
  return new SQSClient({
    region: sqs.region,
    endpoint: sqsUrl,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'sqs-secret-never-logged' },
  });
}

async function runtimeWith(
  queue: LambdaConfig['queue'] = null,
  schema?: string,
): Promise<LambdaRuntime> {
  const runtime = await createLambdaRuntime(config(queue, schema), {
    logger: createJsonLogger({ write: () => undefined }),
    ...(queue === null ? {} : { sqsClient: sqsClient() }),
  });
  runtimes.push(runtime);
  return runtime;
}

const sqsQueue = (): LambdaConfig['queue'] => ({
  url: sqs.queueUrl('sync-jobs.fifo'),
  region: sqs.region,
});

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

describe.skipIf(skipReason !== null)(suite, () => {
  it('runs an Odoo webhook inside the invocation when no queue is configured', async () => {
    const runtime = await runtimeWith();
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
    const runtime = await runtimeWith();

    const response = await runtime.webhook(
      functionUrlEvent('/webhooks/odoo/wrong-token', odooPayload(1)),
    );

    expect(response.statusCode).toBe(401);
    expect(await runtime.stores.inbox.count('pending')).toBe(0);
    expect(await runtime.stores.inbox.count('done')).toBe(0);
  });

  it('hands jobs to SQS FIFO grouped by entity through the SDK, and runs them from the SQS trigger', async () => {
    const runtime = await runtimeWith(sqsQueue());
    const taskId = odoo.create('project.task', { name: 'Queued', project_id: projectId });
    const before = sqs.messages('sync-jobs.fifo').length;

    const accepted = await runtime.webhook(
      functionUrlEvent(`/webhooks/odoo/${token}`, odooPayload(taskId)),
    );
    const sent = sqs.messages('sync-jobs.fifo').slice(before);
    const delivered = sqs.lambdaEventOf('sync-jobs.fifo', sent);
    const batch = await runtime.sqs({
      Records: [...delivered.Records, ...sqsEvent(['not a job']).Records],
    });

    expect(accepted.statusCode).toBe(202);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.groupId).toBe(`project.task:${taskId}`);
    expect(JSON.parse(sent[0]!.body)).toEqual({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: taskId,
      origin: 'odoo-webhook',
    });
    expect(sqs.requests.at(-1)!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, /,
    );
    expect(batch.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
    const mapping = await runtime.stores.mappings.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
    expect((plane.getWorkItem(mapping!.planeId!) as { name: string }).name).toBe('Queued');
  });

  it('lets several execution environments share the store: racing runs of one task make one Plane item', async () => {
    // No reserved concurrency: a redelivered message (visibility timeout passed) can run in a second
    // environment while the first still runs it; the mapping's compare-and-set lets one of them create.
    const schema = uniqueSchemaName('lambda_test');
    const environments = await Promise.all([
      runtimeWith(sqsQueue(), schema),
      runtimeWith(sqsQueue(), schema),
      runtimeWith(sqsQueue(), schema),
    ]);
    const raceProjectId = odoo.create('project.project', { name: 'Raced' });
    const taskIds = [1, 2, 3].map((index) =>
      odoo.create('project.task', { name: `Raced ${index}`, project_id: raceProjectId }),
    );
    const jobs = taskIds.map((odooId) =>
      JSON.stringify({ kind: 'odoo-record', model: 'project.task', odooId }),
    );

    const batches = await Promise.all(
      environments.map((environment) => environment.sqs(sqsEvent(jobs))),
    );

    expect(batches.map((batch) => batch.batchItemFailures)).toEqual([[], [], []]);
    const planeProjects = plane
      .listProjects()
      .filter((project) => (project as { name: string }).name === 'Raced');
    expect(planeProjects).toHaveLength(1);
    for (const odooId of taskIds) {
      const items = plane
        .listWorkItems()
        .filter(
          (item) =>
            (item as { external_id: string | null }).external_id === String(odooId) &&
            (item as { external_source: string | null }).external_source ===
              `odoo:${odoo.db}:project.task`,
        );
      expect(items).toHaveLength(1);
      const mapping = await environments[0].stores.mappings.get({
        model: 'project.task',
        odooId,
      });
      expect(mapping).toMatchObject({ status: 'active', planeId: (items[0] as { id: string }).id });
    }
  });

  it('polls Odoo and reconciles on the schedule', async () => {
    const runtime = await runtimeWith();
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
    const runtime = await createLambdaRuntime(
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
