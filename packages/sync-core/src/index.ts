export { createSyncEngine } from './engine.js';
export type { SyncEngine, SyncEngineDeps, SyncReport } from './engine.js';
export { parseSyncConfig, syncConfigSchema } from './config.js';
export type { InvalidConfig, SyncConfig, SyncConfigInput } from './config.js';
export { defaultOwnership, workItemFields } from './rules/ownership.js';
export type { FieldOwner, OwnershipMatrix, WorkItemField } from './rules/ownership.js';
export { describeSyncError } from './sync-error.js';
export type { SyncError } from './sync-error.js';
export { mergeField, sameValue } from './rules/field-merge.js';
export type { FieldConflict, FieldDecision } from './rules/field-merge.js';
export { normaliseHtml, escapeHtml } from './rules/normalise-html.js';
export { instantToDateOnly, addDays, toDateOnly } from './rules/dates.js';
export {
  baseProjectIdentifier,
  cleanProjectName,
  projectIdentifierVariant,
} from './rules/project-naming.js';
export { planWorkItemCreate, planWorkItemUpdate } from './flows/task/plan-work-item.js';
export type { DesiredWorkItem, WorkItemPlan } from './flows/task/plan-work-item.js';
export { desiredProjectOf, planProjectUpdate } from './flows/project/plan-project.js';
export type { DesiredProject, ProjectPatch } from './flows/project/plan-project.js';
export { desiredCycleOf, planCycleUpdate } from './flows/milestone/plan-cycle.js';
export type { CyclePlan, DesiredCycle } from './flows/milestone/plan-cycle.js';
export { planRelations } from './flows/relations/plan-relations.js';
export { desiredWorkItemOf } from './flows/task/translate-task.js';
export type { TaskTranslationContext } from './flows/task/translate-task.js';
export {
  planeStateForStage,
  odooStageForState,
  chooseOdooStage,
  groupForStageName,
} from './rules/stage-state-map.js';
export type { OdooStageChoice, StagesByGroup } from './rules/stage-state-map.js';
export { describeShipSignals, shipSignalStateName } from './flows/task/ship-signal.js';
export type {
  DeployedSignal,
  ShipSignal,
  ShipSignals,
  ShippedAtSource,
} from './flows/task/ship-signal.js';
export { unmappedStateGroupsStateName } from './flows/from-plane/unmapped-state-groups.js';
export type { UnmappedStateGroup } from './flows/from-plane/unmapped-state-groups.js';
export { toPlanePriority, defaultPriorityMaps } from './rules/priority-map.js';
export type {
  DateOnly,
  Instant,
  OdooCapabilities,
  OdooFieldValue,
  OdooMilestone,
  OdooProject,
  OdooRef,
  OdooTask,
  OdooUser,
  PlaneCycle,
  PlaneLabel,
  PlaneMember,
  PlanePriority,
  PlaneProject,
  PlaneState,
  PlaneStateGroup,
  PlaneWorkItem,
} from './domain.js';
export type {
  Clock,
  EventLedger,
  FailureRecord,
  FailureTracker,
  Inbox,
  InboxEvent,
  InboxMaintenance,
  InboxPayload,
  InboxSource,
  InboxStatus,
  LedgerEntry,
  LedgerFilter,
  LedgerOutcome,
  LedgerWrite,
  Logger,
  Mapping,
  MappingKey,
  MappingStore,
  SyncStores,
  MappingVersionConflict,
  Notification,
  Notifier,
  NotifyOptions,
  OdooGateway,
  OdooModel,
  OdooReader,
  OdooRecordSelection,
  OdooStageRef,
  OdooWriter,
  PlaneComments,
  PlaneCycles,
  PlaneGateway,
  PlaneMembers,
  PlaneProjects,
  PlaneRelations,
  PlaneTaxonomy,
  PlaneWorkItemInput,
  PlaneWorkItems,
  ShadowValue,
  SyncStateStore,
  Upstream,
  UpstreamFailure,
  UpstreamFailureKind,
} from './ports.js';
export { isRetryable, isRetryableFailure, retryDelayMs } from './engine/classify-failure.js';
export { systemClock } from './system-clock.js';
export { entityKeyOf } from './sync-job.js';
export type { SyncJob, SyncJobOfKind } from './sync-job.js';
export { alertAfterConsecutiveFailures } from './engine/escalate-failure.js';
export { createSlackNotifier } from './notifiers/slack-notifier.js';
export type { SlackNotifierOptions } from './notifiers/slack-notifier.js';
export { createLoggerNotifier, combineNotifiers } from './notifiers/logger-notifier.js';
export { createNotificationOutbox } from './notifiers/notification-outbox.js';
export type {
  NotificationDeliveryOptions,
  NotificationOutbox,
} from './notifiers/notification-outbox.js';
export { createSecretRedactor, redactedText } from './redaction/secret-redactor.js';
export type { SecretRedactor } from './redaction/secret-redactor.js';
export { createRedactingLogger } from './redaction/redacting-ports.js';
export type {
  DriftItem,
  ReconcileFailure,
  ReconcileReport,
} from './flows/reconcile/reconcile-project.js';
export { createWebhookIngestor } from './ingest/webhook-ingestor.js';
export type {
  IngestAccepted,
  IngestedPayload,
  WebhookDelivery,
  WebhookIngestor,
  WebhookIngestorOptions,
  WebhookSecrets,
} from './ingest/webhook-ingestor.js';
export type { IngestError, IngestErrorKind } from './ingest/ingest-error.js';
export { webCryptoHmacSha256 } from './ingest/hmac-sha256.js';
export type { HmacSha256, HmacSigner } from './ingest/hmac-sha256.js';
export { verifyHmacSignature } from './ingest/verify-hmac-signature.js';
export { verifyPlaneSignature } from './ingest/verify-plane-signature.js';
export type { VerifyPlaneSignatureInput } from './ingest/verify-plane-signature.js';
export { createInProcessWorkQueue, coalesceJobs } from './ingest/in-process-work-queue.js';
export type { InProcessWorkQueueOptions } from './ingest/in-process-work-queue.js';
export { createInboxProcessor } from './ingest/inbox-processor.js';
export { defaultInboxRetryPolicy, retryAtAfterFailure } from './ingest/inbox-retry-policy.js';
export type { InboxRetryPolicy } from './ingest/inbox-retry-policy.js';
export { defaultInboxRetention } from './ingest/inbox-retention.js';
export type { InboxRetention } from './ingest/inbox-retention.js';
export { replayFailedEvents } from './ingest/replay-failed-events.js';
export { archiveLedger } from './engine/archive-ledger.js';
export type { LedgerArchiveReport } from './engine/archive-ledger.js';
export type {
  DrainReport,
  InboxProcessor,
  InboxProcessorOptions,
} from './ingest/inbox-processor.js';
export { findWorkItemKeys, gitHubEvents } from './ingest/github-delivery.js';
export { commentIdOf, gitHubExternalSource } from './flows/github/github-annotations.js';
export type { GitHubAnnotationOptions } from './flows/github/github-annotations.js';
export type { GitHubPullRequestState, GitHubSignal } from './flows/github/github-signal.js';
export type { PlaneLinks, WorkLane, WorkOutcome, WorkQueue } from './ports.js';
export {
  defaultPollOverlapSeconds,
  pollCursorName,
  pollOdooChanges,
  polledOdooModels,
} from './poll-odoo-changes.js';
export type { OdooChangeFeed, PollReport } from './poll-odoo-changes.js';
