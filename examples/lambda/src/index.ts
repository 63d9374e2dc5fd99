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

// One runtime per execution environment: Lambda reuses it across invocations (warm starts).
let runtime: LambdaRuntime | undefined;

function runtimeOf(): LambdaRuntime {
  if (runtime !== undefined) return runtime;
  const config = loadLambdaConfig(process.env);
  if (config.isErr())
    throw new Error(
      `invalid environment: ${config.error.problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ')}`,
    );
  runtime = createLambdaRuntime(config.value, {
    logger: createJsonLogger(),
    awsCredentials: () => ({
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      ...(process.env.AWS_SESSION_TOKEN === undefined
        ? {}
        : { sessionToken: process.env.AWS_SESSION_TOKEN }),
    }),
  });
  return runtime;
}

/** Webhook entry point: API Gateway HTTP API (payload 2.0) or a Function URL. */
export const webhook = (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => runtimeOf().webhook(event);

/** SQS FIFO entry point (enable "report batch item failures"). */
export const sqs = (event: SQSEvent): Promise<SQSBatchResponse> => runtimeOf().sqs(event);

/** EventBridge schedule entry point. */
export const scheduled = (event: EventBridgeEvent<string, unknown>): Promise<ScheduledRunReport> =>
  runtimeOf().scheduled(event);

type AnyEvent = APIGatewayProxyEventV2 | SQSEvent | EventBridgeEvent<string, unknown>;

/**
 * One function for all three triggers, told apart by the event's shape: the deploy guide's single-writer
 * setup for the SQLite store (one function, reserved concurrency 1).
 */
export const handler = (
  event: AnyEvent,
): Promise<APIGatewayProxyStructuredResultV2 | SQSBatchResponse | ScheduledRunReport> => {
  if ('Records' in event) return sqs(event);
  if ('requestContext' in event) return webhook(event);
  return scheduled(event);
};
