export { createSyncRouter } from './sync-router.js';
export type { SyncRouter, SyncRouterOptions, SyncRouterRoutes } from './sync-router.js';
export { keepRawBody } from './raw-body.js';
export type { RequestFailureKind } from './request-failure.js';
export type { WebhookRejectionReason, WebhookSourceLabel } from './webhook-metrics.js';
export { createStatusPage } from './status-page/status-page-router.js';
export type { StatusPageOptions } from './status-page/status-page-router.js';
export { renderStatusPage } from './status-page/render-status-page.js';
export type { StatusPageNotice, StatusPageView } from './status-page/render-status-page.js';
export type {
  StatusPageBudget,
  StatusPageEntity,
  StatusPageFailedEvent,
  StatusPageFailure,
  StatusPageLedgerEntry,
  StatusPageProject,
  StatusPageReconciliation,
  StatusPageSnapshot,
  StatusPageSource,
} from './status-page/status-page-source.js';
