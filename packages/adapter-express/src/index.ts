export { createSyncRouter } from './sync-router.js';
export type { SyncRouterOptions } from './sync-router.js';
export type { RequestFailureKind } from './request-failure.js';
export type { WebhookRejectionReason, WebhookSourceLabel } from './webhook-metrics.js';
