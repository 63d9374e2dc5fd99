import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  EventBridgeEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import {
  createScheduledHandler,
  createSqsHandler,
  createWebhookHandler,
  type ScheduledHandlerOptions,
  type ScheduledRunReport,
} from '@odoo-plane-sync/adapter-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  clientOptionsOf,
  createSyncAgent,
  type SyncAgent,
  type SyncAgentOptions,
} from '@odoo-plane-sync/agent';
import { createPostgresStores, type PostgresStores } from '@odoo-plane-sync/store-postgres';
import type { Clock, Logger, SyncEngine } from '@odoo-plane-sync/sync-core';
import type { LambdaConfig } from './lambda-config.js';
import { createSqsWorkQueue } from './sqs-work-queue.js';

/** The three handlers, built on one store, one engine and one pair of clients. */
export interface LambdaRuntime {
  readonly engine: SyncEngine;
  readonly stores: PostgresStores;
  /** API Gateway HTTP API (payload v2) or Function URL: `POST /webhooks/<source>[/<token>]`. */
  webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** SQS FIFO trigger with "report batch item failures" on. */
  sqs(event: SQSEvent): Promise<SQSBatchResponse>;
  /** EventBridge schedule; `detail.tasks` picks among `poll-odoo`, `drain-inbox`, `reconcile`, `backfill`. */
  scheduled(event: EventBridgeEvent<string, unknown>): Promise<ScheduledRunReport>;
  /** Ends the store's pool and the SQS client. */
  close(): Promise<void>;
}

/** Options of {@link createLambdaRuntime}. */
export interface LambdaRuntimeOptions {
  readonly logger: Logger;
  /**
   * The SQS client for `SYNC_QUEUE_URL`; default `new SQSClient({ region })`, which reads the function
   * role's rotating credentials from the Lambda environment.
   */
  readonly sqsClient?: SQSClient;
  /** Used for Slack; the API clients use the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Ends a Slack post that gets no answer; default `AbortSignal.timeout`. */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
}

/**
 * Each execution environment is one process with one invocation at a time: two connections serve it,
 * and the database's limit is shared by every concurrent environment (a `connection_limit` in
 * `DATABASE_URL` wins).
 */
const connectionsPerEnvironment = 2;

/**
 * Wires the adapter-lambda handlers for deployment on the Postgres store, which every concurrent
 * execution environment shares: webhooks are verified and stored in the inbox, then their jobs go to SQS
 * FIFO (`MessageGroupId` = entity key) when `SYNC_QUEUE_URL` is set, or run inside the webhook invocation
 * otherwise; the SQS handler runs jobs; the schedule polls Odoo, drains what is left in the inbox and
 * reconciles. Resolves once the store is connected and its schema migrated.
 *
 * @example
 * const runtime = await createLambdaRuntime(loadLambdaConfig(process.env)._unsafeUnwrap(), { logger });
 * export const handler = runtime.webhook;
 */
export async function createLambdaRuntime(
  config: LambdaConfig,
  options: LambdaRuntimeOptions,
): Promise<LambdaRuntime> {
  const { logger } = options;
  const stores = await createPostgresStores({
    databaseUrl: config.database.url,
    schema: config.database.schema,
    logger,
    ...(new URL(config.database.url).searchParams.has('connection_limit')
      ? {}
      : { maxConnections: connectionsPerEnvironment }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const { queue, ownSqsClient } = jobQueueOf(config, options);
  const close = async (): Promise<void> => {
    ownSqsClient?.destroy();
    await stores.close();
  };
  let agent: SyncAgent;
  try {
    agent = createSyncAgent(syncAgentOptionsOf(config, options, { stores, queue }));
  } catch (error) {
    await close();
    throw error;
  }
  const { engine, ingestor, processor } = agent;
  // Lambda freezes the environment once a handler answers: every invocation waits for its alerts to be
  // posted to Slack or given up (the outbox's timeout and retries bound the wait).
  const notifications = { settled: agent.notificationsSettled };

  return {
    engine,
    stores,
    webhook: createWebhookHandler({ ingestor, processor, logger, notifications }),
    sqs: createSqsHandler({ engine, notifications }),
    // Lambda has no timers of its own: EventBridge runs what the agent's schedules run elsewhere.
    scheduled: createScheduledHandler({ logger, notifications, tasks: scheduledTasksOf(agent) }),
    close,
  };
}

/**
 * Where jobs go: SQS when a queue is configured, otherwise they run inside the invocation (the default).
 * A client passed in belongs to the caller; the one made here (`ownSqsClient`) is destroyed by `close`.
 */
function jobQueueOf(
  config: LambdaConfig,
  options: LambdaRuntimeOptions,
): { queue: Pick<SyncAgentOptions, 'queue'>; ownSqsClient: SQSClient | undefined } {
  const ownSqsClient =
    config.queue !== null && options.sqsClient === undefined
      ? new SQSClient({ region: config.queue.region })
      : undefined;
  const sqsClient = options.sqsClient ?? ownSqsClient;
  const queue =
    config.queue === null || sqsClient === undefined
      ? {}
      : { queue: createSqsWorkQueue({ queueUrl: config.queue.url, client: sqsClient }) };
  return { queue, ownSqsClient };
}

/** The environment as the agent's options, on the shared Postgres store and the job queue. */
function syncAgentOptionsOf(
  config: LambdaConfig,
  options: LambdaRuntimeOptions,
  wiring: { readonly stores: PostgresStores; readonly queue: Pick<SyncAgentOptions, 'queue'> },
): SyncAgentOptions {
  return {
    ...clientOptionsOf(config),
    store: wiring.stores,
    secrets: config.secrets,
    sync: {
      odoo: { sourceId: config.odoo.sourceId },
      timeZone: config.timeZone,
      ops: config.opsPlaneProjectId === null ? {} : { planeProjectId: config.opsPlaneProjectId },
    },
    ...(config.slackWebhookUrl === null ? {} : { slackWebhookUrl: config.slackWebhookUrl }),
    ...wiring.queue,
    pollOverlapSeconds: config.pollOverlapSeconds,
    logger: options.logger,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.timeoutSignal === undefined ? {} : { timeoutSignal: options.timeoutSignal }),
  };
}

/** What the EventBridge schedule can run, by the names its rules' `detail.tasks` use. */
function scheduledTasksOf(agent: SyncAgent): ScheduledHandlerOptions['tasks'] {
  return {
    'poll-odoo': () => agent.pollNow(),
    'drain-inbox': () => agent.drain(),
    reconcile: () => agent.engine.reconcile(),
    // Run once after the first deploy: every Odoo project, parents first; resumes where a timed-out
    // run stopped, and is skipped once completed (the poller picks up projects added later).
    backfill: async () => {
      const report = await agent.backfill();
      if (report.status === 'failed')
        throw new Error(
          `backfill failed for Odoo projects ${report.failedProjects.map((failure) => failure.odooProjectId).join(', ')}`,
        );
      return report;
    },
  };
}
