/**
 * The decoded, camelCase objects the client returns. Plane's snake_case wire types stay inside
 * `schemas.ts`; nothing here mirrors a field the sync does not read.
 */

/** `YYYY-MM-DD`, no time zone. */
export type PlaneDate = string;
/** ISO-8601 timestamp in UTC, as Plane prints it. */
export type PlaneInstant = string;

/** Work-item priority as Plane names it. */
export type PlanePriority = 'urgent' | 'high' | 'medium' | 'low' | 'none';
/** The group a state belongs to; `triage` states are hidden from the v1 API. */
export type PlaneStateGroup =
  'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled' | 'triage';

/** A user as Plane shows it everywhere (UserLite). */
export interface PlaneUser {
  readonly id: string;
  readonly email: string | null;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** A workspace or project member. `role` (20 admin, 15 member, 5 guest) is only known for workspace members. */
export interface PlaneMember extends PlaneUser {
  readonly role: number | null;
}

/** The row created by adding a user to a project. */
export interface PlaneProjectMembership {
  /** The ProjectMember row id (not the user id). */
  readonly id: string;
  readonly memberId: string;
  readonly role: number;
}

/** A project. CE projects have no start or target dates. */
export interface PlaneProject {
  readonly id: string;
  readonly name: string;
  readonly identifier: string;
  readonly description: string;
  readonly cycleView: boolean;
  readonly moduleView: boolean;
  readonly projectLeadId: string | null;
  readonly defaultAssigneeId: string | null;
  readonly archivedAt: PlaneInstant | null;
  readonly timezone: string | null;
  readonly externalId: string | null;
  readonly externalSource: string | null;
  readonly createdAt: PlaneInstant | null;
  readonly updatedAt: PlaneInstant | null;
}

/** A workflow state of one project. */
export interface PlaneState {
  readonly id: string;
  readonly projectId: string | null;
  readonly name: string;
  readonly group: string;
  readonly color: string;
  readonly sequence: number | null;
  readonly isDefault: boolean;
  readonly externalId: string | null;
  readonly externalSource: string | null;
}

/** A label of one project. */
export interface PlaneLabel {
  readonly id: string;
  readonly projectId: string | null;
  readonly name: string;
  readonly color: string | null;
  readonly parentId: string | null;
  readonly externalId: string | null;
  readonly externalSource: string | null;
}

/**
 * Where a cycle stands, derived from its dates and the client's clock when it is read (CE sends no
 * status): no dates → `draft`; ended → `completed` (Plane then refuses edits and new items).
 */
export type PlaneCycleStatus = 'draft' | 'upcoming' | 'current' | 'completed';

/** A cycle (sprint) of one project. */
export interface PlaneCycle {
  readonly id: string;
  readonly projectId: string | null;
  readonly name: string;
  readonly description: string;
  /** ISO datetime: Plane stores cycle dates as datetimes (start 00:00:01 or "now", end 23:59:00). */
  readonly startDate: PlaneInstant | null;
  readonly endDate: PlaneInstant | null;
  readonly status: PlaneCycleStatus;
  readonly ownedById: string | null;
  readonly archivedAt: PlaneInstant | null;
  readonly externalId: string | null;
  readonly externalSource: string | null;
}

/** A work item's membership in a cycle. */
export interface PlaneCycleWorkItem {
  readonly id: string;
  readonly cycleId: string;
  readonly workItemId: string;
  readonly projectId: string | null;
}

/** A state as embedded with `expand=state`. */
export interface PlaneStateSummary {
  readonly id: string;
  readonly name: string;
  readonly color: string | null;
  readonly group: string;
}

/** A label as embedded with `expand=labels`. */
export interface PlaneLabelSummary {
  readonly id: string;
  readonly name: string;
  readonly color: string | null;
}

/** A work item (issue). `sequenceId` with the project identifier makes the key `PROJ-12`. */
export interface PlaneWorkItem {
  readonly id: string;
  readonly projectId: string;
  readonly sequenceId: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  readonly stateId: string | null;
  readonly priority: PlanePriority;
  readonly startDate: PlaneDate | null;
  readonly targetDate: PlaneDate | null;
  readonly assigneeIds: readonly string[];
  readonly labelIds: readonly string[];
  readonly parentId: string | null;
  readonly externalId: string | null;
  readonly externalSource: string | null;
  readonly completedAt: PlaneInstant | null;
  readonly archivedAt: PlaneInstant | null;
  readonly isDraft: boolean;
  readonly createdAt: PlaneInstant | null;
  readonly updatedAt: PlaneInstant | null;
  readonly createdById: string | null;
  readonly updatedById: string | null;
  /** Present only when the request asked for `expand=state`. */
  readonly state?: PlaneStateSummary;
  /** Present only when the request asked for `expand=assignees`. */
  readonly assignees?: readonly PlaneUser[];
  /** Present only when the request asked for `expand=labels`. */
  readonly labels?: readonly PlaneLabelSummary[];
}

/** A hit of the workspace search. */
export interface PlaneSearchHit {
  readonly id: string;
  readonly name: string;
  readonly sequenceId: number;
  readonly projectId: string;
  readonly projectIdentifier: string;
  /** `PROJ-12`. */
  readonly key: string;
}

/** Relation types the v1 API accepts; the reverse ones are stored flipped. */
export type PlaneRelationType =
  | 'blocking'
  | 'blocked_by'
  | 'duplicate'
  | 'relates_to'
  | 'start_before'
  | 'start_after'
  | 'finish_before'
  | 'finish_after';

/**
 * A work item's relations, seen from that item, as lists of the other items' ids. Decoded from both the
 * CE shape (`[{project_id, issue_id}]`) and the Cloud shape (`[uuid]`).
 */
export interface PlaneRelations {
  readonly blocking: readonly string[];
  readonly blockedBy: readonly string[];
  readonly duplicate: readonly string[];
  readonly relatesTo: readonly string[];
  readonly startBefore: readonly string[];
  readonly startAfter: readonly string[];
  readonly finishBefore: readonly string[];
  readonly finishAfter: readonly string[];
}

/**
 * One item a relation POST touched. CE stores reverse types flipped (`blocking` → `blocked_by` with the
 * sides swapped), so `relationType` is the stored type, which may differ from the one sent.
 */
export interface PlaneRelatedWorkItem {
  readonly workItemId: string;
  readonly projectId: string | null;
  readonly sequenceId: number | null;
  readonly relationType: string;
  readonly name: string | null;
}

/** A link attached to a work item. */
export interface PlaneLink {
  readonly id: string;
  readonly workItemId: string | null;
  readonly projectId: string | null;
  readonly url: string;
  readonly title: string | null;
  readonly createdAt: PlaneInstant | null;
  readonly updatedAt: PlaneInstant | null;
}

/** A comment on a work item. */
export interface PlaneComment {
  readonly id: string;
  readonly workItemId: string | null;
  readonly projectId: string | null;
  readonly commentHtml: string;
  readonly access: string | null;
  readonly actorId: string | null;
  readonly externalId: string | null;
  readonly externalSource: string | null;
  readonly createdAt: PlaneInstant | null;
  readonly updatedAt: PlaneInstant | null;
  readonly createdById: string | null;
}

/** One row of a work item's history. Values are strings, as Plane stores them. */
export interface PlaneActivity {
  readonly id: string;
  readonly workItemId: string | null;
  readonly projectId: string | null;
  readonly verb: string;
  readonly field: string | null;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly oldIdentifier: string | null;
  readonly newIdentifier: string | null;
  readonly comment: string | null;
  readonly actorId: string | null;
  readonly createdAt: PlaneInstant | null;
}

/** One page of a paginated list. */
export interface PlanePage<T> {
  readonly results: readonly T[];
  /** The cursor of the next page, or `null` on the last page. */
  readonly nextCursor: string | null;
  /** The cursor of the previous page, or `null` on the first page. */
  readonly prevCursor: string | null;
  /** Items on this page. */
  readonly count: number;
  /** Items in the whole list. */
  readonly totalCount: number;
  readonly totalPages: number;
}

/** What the client found out about the server it talks to. */
export interface PlaneCapabilities {
  /** Whether `relations/remove/` is routed (Cloud: yes; CE 1.3: no). */
  readonly relationRemoval: boolean;
  /** The user who owns the API key; writes made through the client carry this actor id in webhooks. */
  readonly botUserId: string;
}
