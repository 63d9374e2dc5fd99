export { createSyncAgent, SyncAgentConfigError } from './sync-agent.js';
export type { SyncAgent, SyncAgentOptions, SyncAgentSchedules } from './sync-agent.js';
export { runBackfill } from './backfill.js';
export type { BackfillParts, BackfillReport } from './backfill.js';
export { createOdooPoller } from './odoo-poller.js';
export type { OdooPoller, OdooPollerOptions, PollReport } from './odoo-poller.js';
export { createInboxDrainer } from './inbox-drainer.js';
export type { InboxDrainer } from './inbox-drainer.js';
export { repeatAfter } from './repeat-after.js';
export type { Repeater } from './repeat-after.js';
export { createNotificationLog } from './notification-log.js';
export type { NotificationLog } from './notification-log.js';
export { createReadinessCheck } from './agent-readiness.js';
export type { Readiness, ReadinessParts } from './agent-readiness.js';
export { createStatusReader, failedEventView } from './agent-status.js';
export type { FailedEventView, StatusParts, SyncAgentStatus } from './agent-status.js';
export { createJsonLogger } from './json-logger.js';
export type { JsonLoggerOptions, LogLevel } from './json-logger.js';
export { systemClock } from '@odoo-plane-sync/sync-core';
export { createStatusPageSource } from './status-page-source.js';
export type {
  StatusPageData,
  StatusPageDataSource,
  StatusPageEntity,
  Named,
  StatusPageLedgerRow,
  StatusPageParts,
  StatusPageProjectRow,
} from './status-page-source.js';
export { planBackfill, planeCallsOfProject } from './backfill-plan.js';
export type {
  BackfillCounts,
  BackfillPlan,
  BackfillPlanError,
  BackfillPlanOptions,
  BackfillPlanParts,
  BackfillProjectPlan,
} from './backfill-plan.js';
export type { BackfillOptions } from './backfill.js';
export { planPrune, executePrune } from './prune-plan.js';
export type { PruneError, PruneItem, PrunePlan, PruneParts, PruneReport } from './prune-plan.js';
export { runDoctor } from './doctor.js';
export type { DoctorFinding, DoctorOptions, DoctorParts } from './doctor.js';
export { checkOdooAutomationRules, installOdooAutomationRules } from './odoo-automation-rules.js';
export type {
  OdooAutomationCheck,
  OdooAutomationError,
  OdooWebhookRule,
} from './odoo-automation-rules.js';
export {
  readLastDeliveries,
  recordingLastDeliveries,
  webhookSources,
} from './webhook-deliveries.js';
export type { WebhookSource } from './webhook-deliveries.js';
export { clientOptionsOf } from './connection-options.js';
export { readSyncEnvironment, sqliteFileOf } from './read-sync-environment.js';
export type { EnvironmentVariables, ReadSyncEnvironmentOptions } from './read-sync-environment.js';
export {
  describeSyncEnvironment,
  formatSyncEnvironmentProblems,
} from './describe-sync-environment.js';
export { connectionVariables, pullRequestStates, secretVariables } from './sync-environment.js';
export type {
  LiveConnection,
  PullRequestState,
  SyncEnvironment,
  SyncEnvironmentProblem,
  SyncEnvironmentProblems,
  SyncEnvironmentSettings,
  SyncLogLevel,
  SyncStoreLocation,
} from './sync-environment.js';
export { openSyncStorage } from './open-sync-storage.js';
export type {
  OpenSyncStorageOptions,
  SyncStorage,
  SyncStorageProblem,
} from './open-sync-storage.js';
export { createInProcessScheduleClaims, scheduleSlotOf } from './schedule-claims.js';
export type { AgentScheduleName } from './agent-schedules.js';
export type { ScheduleClaims } from './schedule-claims.js';
export { isSharedWorkQueue } from './shared-work-queue.js';
export type { JobRunner, QueueDeadLetter, SharedWorkQueue } from './shared-work-queue.js';
export { replayFailedWork, replayQueueDeadLetters } from './replay-failed-work.js';
export { nodeHmacSha256 } from './node-hmac-sha256.js';
