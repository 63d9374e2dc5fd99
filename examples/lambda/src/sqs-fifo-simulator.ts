import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { serveHandlers, type ServedHandlers } from '@odoo-plane-sync/testkit';

/** One message the simulated queue accepted. */
export interface SimulatedSqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly sequenceNumber: string;
}

/** One request as it reached the simulator, to assert on what the SDK sent. */
export interface SimulatedSqsRequest {
  readonly target: string | null;
  readonly contentType: string | null;
  readonly authorization: string | null;
  readonly body: Record<string, unknown>;
}

/** Options of {@link createSqsFifoSimulator}. */
export interface SqsFifoSimulatorOptions {
  /** The queues that exist, by name (each ends in `.fifo`). */
  readonly queues: readonly string[];
  readonly accountId?: string;
  readonly region?: string;
}

/** A local SQS endpoint for the SDK, and what it received. */
export interface SqsFifoSimulator {
  readonly handlers: readonly RequestHandler[];
  /** Every request, in arrival order. */
  readonly requests: readonly SimulatedSqsRequest[];
  readonly region: string;
  /** Serves the queue on loopback; resolves to the endpoint the SQS client is pointed at. */
  serve(): Promise<ServedHandlers>;
  /** The URL of a queue, as `GetQueueUrl` would give it (valid once served). */
  queueUrl(name: string): string;
  /** Every message the queue holds, in the order SQS took them. */
  messages(name: string): readonly SimulatedSqsMessage[];
  /**
   * What the Lambda event source mapping hands the function for these messages: one `SQSEvent`
   * record each, with the FIFO attributes of a first receive.
   */
  lambdaEventOf(name: string, messages: readonly SimulatedSqsMessage[]): SQSEvent;
}

const handlerOrigin = 'http://sqs.test';

/**
 * SQS FIFO as the AWS JSON protocol answers it (`POST /`, `X-Amz-Target: AmazonSQS.<Action>`,
 * `application/x-amz-json-1.0`), for `SendMessage`: the reply carries the MD5 of the body that the SDK
 * checks, a `MessageId` and a `SequenceNumber`; errors carry `__type` in the body and the query-compatible
 * code in `x-amzn-query-error`, as in
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html.
 * A FIFO queue needs `MessageGroupId` and, with content-based deduplication off, a
 * `MessageDeduplicationId`; a repeated deduplication id is acknowledged without a second message.
 */
export function createSqsFifoSimulator(options: SqsFifoSimulatorOptions): SqsFifoSimulator {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'eu-west-1';
  const messagesByQueue = new Map<string, SimulatedSqsMessage[]>(
    options.queues.map((name) => [name, []]),
  );
  const requests: SimulatedSqsRequest[] = [];
  let served: ServedHandlers | undefined;
  let sequence = 18_849_496_460_467_696_128n;

  const queueNameOf = (queueUrl: unknown): string | undefined => {
    if (typeof queueUrl !== 'string' || served === undefined) return undefined;
    const prefix = `${served.url}/${accountId}/`;
    return queueUrl.startsWith(prefix) ? queueUrl.slice(prefix.length) : undefined;
  };

  const awsError = (status: number, type: string, queryError: string, message: string) =>
    HttpResponse.json(
      { __type: `com.amazonaws.sqs#${type}`, message },
      {
        status,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
          'x-amzn-query-error': `${queryError};Sender`,
        },
      },
    );

  const sendMessage = (body: Record<string, unknown>) => {
    const messages = messagesByQueue.get(queueNameOf(body.QueueUrl) ?? '');
    if (messages === undefined)
      return awsError(
        400,
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    const { MessageBody, MessageGroupId, MessageDeduplicationId } = body;
    if (typeof MessageBody !== 'string' || MessageBody === '')
      return awsError(
        400,
        'MissingParameter',
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
      );
    if (typeof MessageGroupId !== 'string')
      return awsError(
        400,
        'MissingParameter',
        'MissingParameter',
        'The request must contain the parameter MessageGroupId.',
      );
    if (typeof MessageDeduplicationId !== 'string')
      return awsError(
        400,
        'InvalidParameterValue',
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    const repeated = messages.find((message) => message.deduplicationId === MessageDeduplicationId);
    let message = repeated;
    if (message === undefined) {
      sequence += 1n;
      message = {
        messageId: randomUUID(),
        body: MessageBody,
        groupId: MessageGroupId,
        deduplicationId: MessageDeduplicationId,
        sequenceNumber: sequence.toString(),
      };
      messages.push(message);
    }
    return HttpResponse.json(
      {
        MD5OfMessageBody: createHash('md5').update(MessageBody, 'utf8').digest('hex'),
        MessageId: message.messageId,
        SequenceNumber: message.sequenceNumber,
      },
      {
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
        },
      },
    );
  };

  const handlers: RequestHandler[] = [
    http.post(`${handlerOrigin}/`, async ({ request }) => {
      const text = await request.text();
      const body = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
      const target = request.headers.get('x-amz-target');
      requests.push({
        target,
        contentType: request.headers.get('content-type'),
        authorization: request.headers.get('authorization'),
        body,
      });
      if (!(request.headers.get('authorization') ?? '').startsWith('AWS4-HMAC-SHA256 '))
        return awsError(
          400,
          'MissingAuthenticationToken',
          'AWS.SimpleQueueService.MissingAuthenticationToken',
          'Request is missing Authentication Token',
        );
      if (target === 'AmazonSQS.SendMessage') return sendMessage(body);
      return HttpResponse.json(
        { __type: 'com.amazon.coral.service#UnknownOperationException' },
        { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' } },
      );
    }),
  ];

  return {
    handlers,
    requests,
    region,
    serve: async (): Promise<ServedHandlers> => {
      served = await serveHandlers(handlers, { handlerOrigin });
      return served;
    },
    queueUrl: (name: string): string => {
      if (served === undefined) throw new Error('serve() the simulator first');
      return `${served.url}/${accountId}/${name}`;
    },
    messages: (name: string): readonly SimulatedSqsMessage[] => messagesByQueue.get(name) ?? [],
    lambdaEventOf: (name: string, messages: readonly SimulatedSqsMessage[]): SQSEvent => ({
      Records: messages.map((message) => ({
        messageId: message.messageId,
        receiptHandle: `receipt-${message.messageId}`,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1795600000000',
          SenderId: 'AROAEXAMPLE:sync-webhook',
          ApproximateFirstReceiveTimestamp: '1795600000001',
          SequenceNumber: message.sequenceNumber,
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId,
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(message.body, 'utf8').digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:${accountId}:${name}`,
        awsRegion: region,
      })),
    }),
  };
}
