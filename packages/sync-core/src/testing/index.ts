export { createInMemoryMappingStore } from './in-memory-mapping-store.js';
export { createInMemoryEventLedger } from './in-memory-event-ledger.js';
export { createRecordingNotifier } from './recording-notifier.js';
export type { RecordingNotifier } from './recording-notifier.js';
export { createMemoryLogger } from './memory-logger.js';
export type { MemoryLogger } from './memory-logger.js';
export { createInMemoryInbox } from './in-memory-inbox.js';
export { createInMemoryFailureTracker } from './in-memory-failure-tracker.js';
export { createInMemorySyncStateStore } from './in-memory-sync-state-store.js';
export {
  odoo17TaskCreateBody,
  planeIssueUpdateBody,
  signGitHubBody,
  signPlaneBody,
  webhookBehaviourCases,
  webhookCaseMaxBodyBytes,
  webhookCaseSecrets,
} from './webhook-cases.js';
export type { WebhookCase } from './webhook-cases.js';
export { createInMemoryPlaneGateway } from './in-memory-plane-gateway.js';
export type { InMemoryPlaneGateway, InMemoryPlaneState } from './in-memory-plane-gateway.js';
export { createInMemoryOdooGateway, odoo17Capabilities } from './in-memory-odoo-gateway.js';
export type { InMemoryOdooGateway, InMemoryOdooState } from './in-memory-odoo-gateway.js';
