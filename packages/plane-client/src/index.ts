// The public door of @odoo-plane-sync/plane-client.
export { createPlaneClient } from './plane-client.js';
export type { PlaneClient, PlaneClientOptions } from './plane-client.js';
export type { CreateCommentResult } from './resources/comments-links.js';
export type { CreateCycleResult, PlaneCycleView } from './resources/cycles.js';
export type { CreateWorkItemResult, ListWorkItemsOptions } from './resources/work-items.js';
export type { Clock } from './clock.js';
export { describePlaneError } from './errors.js';
export type {
  PlaneClientError,
  PlaneHttpError,
  PlaneInvalidResponseError,
  PlaneNetworkError,
  PlaneRateLimitedError,
  PlaneRedirectError,
  PlaneRequestInfo,
  PlaneSchemaIssue,
  PlaneTimeoutError,
  PlaneUnsupportedError,
  PlaneWorkspaceUnreachableError,
} from './errors.js';
export { failureKindOfStatus, isRetryableFailureKind } from './failure-kind.js';
export type { PlaneFailureKind } from './failure-kind.js';
export { createRateLimiter } from './rate-limiter.js';
export type {
  PlaneBudget,
  PlaneLane,
  RateLimit,
  RateLimiter,
  RateLimitSlot,
} from './rate-limiter.js';
export { decideRetry, defaultRetryPolicy } from './retry-policy.js';
export type { RequestSafety, RetryDecision, RetryOptions, RetryPolicy } from './retry-policy.js';
export type {
  AddProjectMemberInput,
  CreateCommentInput,
  CreateCycleInput,
  CreateLabelInput,
  CreateLinkInput,
  CreateProjectInput,
  CreateRelationInput,
  CreateStateInput,
  CreateWorkItemInput,
  UpdateCycleInput,
  UpdateProjectInput,
  UpdateStateInput,
  UpdateWorkItemInput,
} from './inputs.js';
export type {
  PlaneActivity,
  PlaneCapabilities,
  PlaneComment,
  PlaneCycle,
  PlaneCycleStatus,
  PlaneCycleWorkItem,
  PlaneDate,
  PlaneInstant,
  PlaneLabel,
  PlaneLabelSummary,
  PlaneLink,
  PlaneMember,
  PlanePage,
  PlanePriority,
  PlaneProject,
  PlaneProjectMembership,
  PlaneRelatedWorkItem,
  PlaneRelationType,
  PlaneRelations,
  PlaneSearchHit,
  PlaneState,
  PlaneStateGroup,
  PlaneStateSummary,
  PlaneUser,
  PlaneWorkItem,
} from './types.js';
export { parsePlaneWebhook } from './webhook-event.js';
export type {
  PlaneInvalidWebhookError,
  PlaneWebhookActivity,
  PlaneWebhookEntity,
  PlaneWebhookEvent,
} from './webhook-event.js';
