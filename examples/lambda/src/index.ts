import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  EventBridgeEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import type { ScheduledRunReport } from '@odoo-plane-sync/adapter-lambda';
import { createJsonLogger } from '@odoo-plane-sync/agent';
import { loadLambdaConfig } from './lambda-config.js';
import { createLambdaRuntime, type LambdaRuntime } from './lambda-runtime.js';

// One runtime per execution environment: Lambda reuses it across invocations (warm starts). A start that
// failed (the database unreachable) is forgotten, so the next invocation tries again.
let runtime: Promise<LambdaRuntime> | undefined;

function runtimeOf(): Promise<LambdaRuntime> {
  if (runtime !== undefined) return runtime;
  const config = loadLambdaConfig(process.env);
  if (config.isErr())
    return Promise.reject(
      new Error(
        `invalid environment: ${config.error.problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ')}`,
      ),
    );
  const starting = createLambdaRuntime(config.value, { logger: createJsonLogger() });
  runtime = starting;
  void starting.catch(() => {
    if (runtime === starting) runtime = undefined;
  });
  return starting;
}

/** Webhook entry point: API Gateway HTTP API (payload 2.0) or a Function URL. */
export const webhook = (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => runtimeOf().then((ready) => ready.webhook(event));

/** SQS FIFO entry point (enable "report batch item failures"). */
export const sqs = (event: SQSEvent): Promise<SQSBatchResponse> =>
  runtimeOf().then((ready) => ready.sqs(event));

/** EventBridge schedule entry point. */
export const scheduled = (event: EventBridgeEvent<string, unknown>): Promise<ScheduledRunReport> =>
  runtimeOf().then((ready) => ready.scheduled(event));

type AnyEvent = APIGatewayProxyEventV2 | SQSEvent | EventBridgeEvent<string, unknown>;

/**
 * One function for all three triggers, told apart by the event's shape. Any number of its execution
 * environments may run at once: they share the Postgres store, whose mapping writes are compare-and-set,
 * and SQS FIFO runs one entity's jobs one at a time (`MessageGroupId` = entity key).
 */
export const handler = (
  event: AnyEvent,
): Promise<APIGatewayProxyStructuredResultV2 | SQSBatchResponse | ScheduledRunReport> => {
  if ('Records' in event) return sqs(event);
  if ('requestContext' in event) return webhook(event);
  return scheduled(event);
};
