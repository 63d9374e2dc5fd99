export { createWebhookHandler } from './webhook-handler.js';
export type { WebhookHandlerOptions } from './webhook-handler.js';
export { createSqsHandler } from './sqs-handler.js';
export type { SqsHandlerOptions } from './sqs-handler.js';
export { createScheduledHandler } from './scheduled-handler.js';
export type { ScheduledHandlerOptions, ScheduledRunReport } from './scheduled-handler.js';
