import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type {
  IngestError,
  InboxProcessor,
  Logger,
  NotificationOutbox,
  WebhookIngestor,
} from '@odoo-plane-sync/sync-core';

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  readonly ingestor: WebhookIngestor;
  /**
   * Drained (and awaited: Lambda freezes work left after the answer) after every accepted delivery.
   * With an SQS-backed `WorkQueue` the drain only hands the jobs to SQS, which keeps the answer fast.
   */
  readonly processor?: InboxProcessor;
  /** Where a failed drain is reported; the event stays in the inbox either way. */
  readonly logger?: Pick<Logger, 'error'>;
  /**
   * Awaited before the invocation returns, also when it fails: Lambda freezes the environment once the
   * handler's promise settles, so alerts still queued (a Slack post beside the sync) would wait, or be
   * lost, until a later invocation thaws it. Pass `engine.notifications`, or `{ settled:
   * agent.notificationsSettled }`; the outbox bounds the wait by its timeout and retries, then gives up
   * (logged).
   */
  readonly notifications?: Pick<NotificationOutbox, 'settled'>;
}

/** HTTP status per refusal, as in the Express adapter. */
const statusOf: Record<IngestError['kind'], number> = {
  'unknown-source': 400,
  'unconfigured-source': 404,
  'bad-signature': 401,
  malformed: 400,
  'too-large': 413,
};

/**
 * A Lambda handler for API Gateway HTTP API (payload v2) and Function URL webhook deliveries, at
 * `POST …/webhooks/<source>` and `POST …/webhooks/odoo/<token>` (a stage prefix is allowed). Base64
 * bodies are decoded to the exact bytes the sender signed. Answers as the Express adapter does: 202 once
 * the event is in the inbox, otherwise 400/401/404/413 with `{ error, message }`.
 *
 * @example
 * export const handler = createWebhookHandler({ ingestor, processor });
 */
export function createWebhookHandler(
  options: WebhookHandlerOptions,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const answer = async (
    event: APIGatewayProxyEventV2,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext.http.method !== 'POST') {
      return json(405, { error: 'method-not-allowed', message: 'Webhooks are POSTed.' });
    }
    const segments = event.rawPath.split('/').filter((segment) => segment !== '');
    const at = segments.indexOf('webhooks');
    const source = at < 0 ? '' : (segments[at + 1] ?? '');
    const token = at < 0 ? undefined : segments[at + 2];
    const body = event.body ?? '';
    const rawBody = event.isBase64Encoded
      ? new Uint8Array(Buffer.from(body, 'base64'))
      : new TextEncoder().encode(body);
    const result = await options.ingestor.ingest({
      source,
      rawBody,
      headers: event.headers,
      ...(token === undefined ? {} : { token: decodeURIComponent(token) }),
    });
    if (result.isErr()) {
      return json(statusOf[result.error.kind], {
        error: result.error.kind,
        message: result.error.message,
      });
    }
    if (options.processor !== undefined) {
      await options.processor.drain().catch((error: unknown) => {
        options.logger?.error('inbox drain failed', { error: String(error) });
      });
    }
    return json(202, result.value);
  };
  return async (event) => {
    try {
      return await answer(event);
    } finally {
      await options.notifications?.settled();
    }
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
