// The public door of @odoo-plane-sync/odoo-client.
export { createOdooClient } from './odoo-client.js';
export type { OdooClient } from './odoo-client.js';
export type {
  OdooClientOptions,
  OdooContext,
  OdooValues,
  SearchOptions,
  OdooRecordSelection,
  SearchReadOptions,
} from './client-options.js';
export { describeOdooError, isConcurrencyFailure } from './errors.js';
export type { OdooClientError, OdooResponseIssue } from './errors.js';
export {
  failureKindOfException,
  failureKindOfStatus,
  isRetryableFailureKind,
} from './failure-kind.js';
export type { OdooFailureKind } from './failure-kind.js';
export type { Clock } from './clock.js';
export type { RetryPolicy } from './retry.js';
export type { OdooTransportKind } from './transport.js';
export type { OdooVersion } from './server-version.js';
export { andDomains } from './search-domain.js';
export type { Domain, DomainOperator, DomainTerm, DomainValue } from './search-domain.js';
export {
  epochMsFromInstant,
  instantFromEpochMs,
  parseDateOnly,
  parseInstant,
  toOdooDatetime,
} from './values.js';
export type { DateOnly, Instant, OdooRef } from './values.js';
export { deriveCapabilities } from './capabilities.js';
export type { OdooCapabilities, OdooFieldInfo, OdooFieldsInfo } from './capabilities.js';
export { priorityLevelOf } from './task-decoder.js';
export type {
  OdooDeadline,
  OdooMilestone,
  OdooPriorityLevel,
  OdooProject,
  OdooStage,
  OdooTask,
  OdooTaskState,
  OdooFieldValue,
  OdooUser,
} from './records.js';
export type {
  ChangeCursor,
  ChangedPage,
  ChangedSinceOptions,
  OdooRecord,
} from './changed-since.js';
export type { PostMessageOptions, ScheduleActivityInput } from './chatter.js';
