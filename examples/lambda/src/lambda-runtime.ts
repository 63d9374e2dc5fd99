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
  type ScheduledRunReport,
} from '@odoo-plane-sync/adapter-lambda';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createSqliteStores, type SqliteStores } from '@odoo-plane-sync/store-sqlite';
import {
  combineNotifiers,
  createInboxProcessor,
  createInProcessWorkQueue,
  createLoggerNotifier,
  createSlackNotifier,
  createSyncEngine,
  createWebhookIngestor,
  describeSyncError,
  entityKeyOf,
  type Clock,
  type IngestedPayload,
  type Logger,
  type Notifier,
  type SyncEngine,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
// The poller is shared with the Express example rather than copied.
import { createOdooPoller } from '../../express-server/src/odoo-poller.js';
import type { AwsCredentials } from './sign-aws-request.js';
import type { LambdaConfig } from './lambda-config.js';
import { createSqsWorkQueue } from './sqs-work-queue.js';

/** The three handlers, built on one store, one engine and one pair of clients. */
export interface LambdaRuntime {
  readonly engine: SyncEngine;
  readonly stores: SqliteStores;
  /** API Gateway HTTP API (payload v2) or Function URL: `POST /webhooks/<source>[/<token>]`. */
  webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** SQS FIFO trigger with "report batch item failures" on. */
  sqs(event: SQSEvent): Promise<SQSBatchResponse>;
  /** EventBridge schedule; `detail.tasks` picks among `poll-odoo`, `drain-inbox`, `reconcile`, `backfill`. */
  scheduled(event: EventBridgeEvent<string, unknown>): Promise<ScheduledRunReport>;
  close(): void;
}

/** Options of {@link createLambdaRuntime}. */
export interface LambdaRuntimeOptions {
  readonly logger: Logger;
  /** Lambda's role credentials, read at every SQS send (they rotate). */
  readonly awsCredentials?: () => AwsCredentials;
  /** Used for SQS and Slack; the API clients use the global `fetch`. */
  readonly fetch?: typeof fetch;
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Wires the adapter-lambda handlers for deployment: webhooks are verified and stored in the inbox, then
 * their jobs go to SQS FIFO (`MessageGroupId` = entity key) when `SYNC_QUEUE_URL` is set, or run inside
 * the webhook invocation otherwise; the SQS handler runs jobs; the schedule polls Odoo, drains what is
 * left in the inbox and reconciles.
 *
 * @example
 * const runtime = createLambdaRuntime(loadLambdaConfig(process.env)._unsafeUnwrap(), { logger });
 * export const handler = runtime.webhook;
 */
export function createLambdaRuntime(
  config: LambdaConfig,
  options: LambdaRuntimeOptions,
): LambdaRuntime {
  const { logger } = options;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const stores = createSqliteStores({ filename: config.databaseFile });
  const odoo = createOdooClient({
    baseUrl: config.odoo.url,
    db: config.odoo.db,
    login: config.odoo.login,
    apiKey: config.odoo.apiKey,
    clock: systemClock,
  });
  const plane = createPlaneClient({
    baseUrl: config.plane.url,
    apiKey: config.plane.apiKey,
    workspaceSlug: config.plane.workspace,
    clock: systemClock,
    edition: config.plane.edition,
    rateLimit: { requests: config.plane.rateLimitPerMinute, windowMs: 60_000 },
  });
  const notifiers: Notifier[] = [createLoggerNotifier(logger)];
  if (config.slackWebhookUrl !== null)
    notifiers.push(
      createSlackNotifier({
        webhookUrl: config.slackWebhookUrl,
        fetch: (url, init) => send(url, init),
      }),
    );
  const engine = createSyncEngine({
    store: stores.mappings,
    ledger: stores.ledger,
    failures: stores.failures,
    syncState: stores.syncState,
    notifier: combineNotifiers(...notifiers),
    odoo,
    plane,
    clock: systemClock,
    logger,
    random: Math.random,
    github: { links: plane },
    config: {
      plane: { workspaceSlug: config.plane.workspace },
      odoo: { sourceId: config.odoo.sourceId },
      timeZone: config.timeZone,
      ops: config.opsPlaneProjectId === null ? {} : { planeProjectId: config.opsPlaneProjectId },
    },
  }).match(
    (created) => created,
    (invalid) => {
      stores.close();
      throw new Error(
        `sync configuration refused: ${invalid.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
      );
    },
  );

  const runJobs: WorkQueue = createInProcessWorkQueue({
    run: async (job) => {
      const result = await engine.run(job, `lambda ${job.kind}`);
      return result.isOk()
        ? { status: 'done' }
        : { status: 'failed', reason: describeSyncError(result.error) };
    },
  });
  const queue: WorkQueue =
    config.queue === null
      ? runJobs
      : createSqsWorkQueue({
          queueUrl: config.queue.url,
          region: config.queue.region,
          credentials:
            options.awsCredentials ??
            (() => {
              throw new Error('no AWS credentials for the SQS queue');
            }),
          fetch: send,
        });
  const processor = createInboxProcessor({
    inbox: stores.inbox,
    queue,
    engine,
    logger,
    clock: systemClock,
  });
  const ingestor = createWebhookIngestor({
    inbox: stores.inbox,
    clock: systemClock,
    secrets: config.secrets,
  });
  const poller = createOdooPoller({
    odoo,
    syncState: stores.syncState,
    logger,
    overlapSeconds: config.pollOverlapSeconds,
    submit: async (job, _cause, dedupeKey) => {
      const payload: IngestedPayload = { jobs: [job] };
      await stores.inbox.add({
        source: 'poller',
        dedupeKey,
        entityKey: entityKeyOf(job),
        payload,
        receivedAt: systemClock.now(),
      });
    },
  });

  return {
    engine,
    stores,
    webhook: createWebhookHandler({ ingestor, processor, logger }),
    sqs: createSqsHandler({ engine }),
    scheduled: createScheduledHandler({
      logger,
      tasks: {
        'poll-odoo': async () => {
          const report = await poller.pollOnce();
          await processor.drain();
          return report;
        },
        'drain-inbox': () => processor.drain(),
        reconcile: () => engine.reconcile(),
        // Run once after the first deploy (and after adding projects in bulk): every Odoo project, parents first.
        backfill: async () => {
          await poller.primeCursors();
          const projectIds = await odoo.search('project.project', [], { order: 'id asc' });
          if (projectIds.isErr()) return projectIds;
          const failed: number[] = [];
          for (const odooProjectId of projectIds.value) {
            const result = await engine.run({ kind: 'project-tree', odooProjectId }, 'backfill');
            if (result.isErr()) failed.push(odooProjectId);
          }
          if (failed.length > 0)
            throw new Error(`backfill failed for Odoo projects ${failed.join(', ')}`);
          return projectIds;
        },
      },
    }),
    close: () => stores.close(),
  };
}
