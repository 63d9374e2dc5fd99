export { createSyncRouter } from './sync-router.js';
export type { SyncRouter, SyncRouterOptions, SyncRouterRoutes } from './sync-router.js';
export { keepRawBody } from './raw-body.js';
export type { RequestFailureKind } from './request-failure.js';
export type { WebhookRejectionReason, WebhookSourceLabel } from './webhook-metrics.js';
