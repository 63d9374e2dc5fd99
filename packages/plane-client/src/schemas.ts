import { z } from 'zod';
import type {
  PlaneActivity,
  PlaneComment,
  PlaneCycle,
  PlaneCycleStatus,
  PlaneCycleWorkItem,
  PlaneLabel,
  PlaneLabelSummary,
  PlaneLink,
  PlaneMember,
  PlanePage,
  PlaneProject,
  PlaneProjectMembership,
  PlaneRelatedWorkItem,
  PlaneRelations,
  PlaneSearchHit,
  PlaneState,
  PlaneStateSummary,
  PlaneUser,
  PlaneWorkItem,
} from './types.js';

// Wire schemas: minimal (only the fields the client returns) and tolerant (unknown keys are dropped,
// optional fields default to null), decoding straight into the camelCase domain objects of `types.ts`.

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);
const number = z
  .number()
  .nullish()
  .transform((value) => value ?? null);
const idOf = z.object({ id: z.string() });
/** An id that `?expand=` may have replaced with the object it points at. */
const reference = z
  .union([z.string(), idOf])
  .nullish()
  .transform((value) =>
    value === null || value === undefined ? null : typeof value === 'string' ? value : value.id,
  );

/** UserLite → PlaneUser. */
export const userSchema = z
  .object({
    id: z.string(),
    email: text,
    display_name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  })
  .transform((wire): PlaneUser => ({
    id: wire.id,
    email: wire.email,
    displayName: wire.display_name ?? '',
    firstName: wire.first_name ?? '',
    lastName: wire.last_name ?? '',
  }));

/** Workspace or project member → PlaneMember. */
export const memberSchema = z
  .object({
    id: z.string(),
    email: text,
    display_name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    role: number,
  })
  .transform((wire): PlaneMember => ({
    id: wire.id,
    email: wire.email,
    displayName: wire.display_name ?? '',
    firstName: wire.first_name ?? '',
    lastName: wire.last_name ?? '',
    role: wire.role,
  }));

/** ProjectMember row → PlaneProjectMembership. */
export const projectMembershipSchema = z
  .object({ id: z.string(), member: reference, role: z.number() })
  .transform((wire): PlaneProjectMembership => ({
    id: wire.id,
    memberId: wire.member ?? '',
    role: wire.role,
  }));

/** Project → PlaneProject. */
export const projectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    identifier: z.string(),
    description: text,
    cycle_view: flag,
    module_view: flag,
    project_lead: reference,
    default_assignee: reference,
    archived_at: text,
    timezone: text,
    external_id: text,
    external_source: text,
    created_at: text,
    updated_at: text,
  })
  .transform((wire): PlaneProject => ({
    id: wire.id,
    name: wire.name,
    identifier: wire.identifier,
    description: wire.description ?? '',
    cycleView: wire.cycle_view,
    moduleView: wire.module_view,
    projectLeadId: wire.project_lead,
    defaultAssigneeId: wire.default_assignee,
    archivedAt: wire.archived_at,
    timezone: wire.timezone,
    externalId: wire.external_id,
    externalSource: wire.external_source,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  }));

/** State → PlaneState. */
export const stateSchema = z
  .object({
    id: z.string(),
    project: reference,
    name: z.string(),
    group: z.string(),
    color: z
      .string()
      .nullish()
      .transform((value) => value ?? ''),
    sequence: number,
    default: flag,
    external_id: text,
    external_source: text,
  })
  .transform((wire): PlaneState => ({
    id: wire.id,
    projectId: wire.project,
    name: wire.name,
    group: wire.group,
    color: wire.color,
    sequence: wire.sequence,
    isDefault: wire.default,
    externalId: wire.external_id,
    externalSource: wire.external_source,
  }));

/** Label → PlaneLabel. */
export const labelSchema = z
  .object({
    id: z.string(),
    project: reference,
    name: z.string(),
    color: text,
    parent: reference,
    external_id: text,
    external_source: text,
  })
  .transform((wire): PlaneLabel => ({
    id: wire.id,
    projectId: wire.project,
    name: wire.name,
    color: wire.color,
    parentId: wire.parent,
    externalId: wire.external_id,
    externalSource: wire.external_source,
  }));

/** Cycle status from its dates at `now` (epoch ms). */
export function cycleStatusAt(
  startDate: string | null,
  endDate: string | null,
  now: number,
): PlaneCycleStatus {
  if (startDate === null || endDate === null) return 'draft';
  const start = Date.parse(startDate);
  const end = Date.parse(endDate);
  if (!Number.isNaN(end) && end < now) return 'completed';
  if (!Number.isNaN(start) && start > now) return 'upcoming';
  return 'current';
}

/** Cycles decode against a clock reading, to derive `status`. */
export function cycleSchema(now: () => number) {
  return z
    .object({
      id: z.string(),
      project: reference,
      project_id: z.string().nullish(),
      name: z.string(),
      description: text,
      start_date: text,
      end_date: text,
      owned_by: reference,
      archived_at: text,
      external_id: text,
      external_source: text,
    })
    .transform((wire): PlaneCycle => ({
      id: wire.id,
      projectId: wire.project ?? wire.project_id ?? null,
      name: wire.name,
      description: wire.description ?? '',
      startDate: wire.start_date,
      endDate: wire.end_date,
      status: cycleStatusAt(wire.start_date, wire.end_date, now()),
      ownedById: wire.owned_by,
      archivedAt: wire.archived_at,
      externalId: wire.external_id,
      externalSource: wire.external_source,
    }));
}

/** CycleIssue row → PlaneCycleWorkItem. */
export const cycleWorkItemSchema = z
  .object({ id: z.string(), cycle: reference, issue: reference, project: reference })
  .transform((wire): PlaneCycleWorkItem => ({
    id: wire.id,
    cycleId: wire.cycle ?? '',
    workItemId: wire.issue ?? '',
    projectId: wire.project,
  }));

const stateSummarySchema = z
  .object({ id: z.string(), name: z.string(), color: text, group: z.string() })
  .transform((wire): PlaneStateSummary => ({
    id: wire.id,
    name: wire.name,
    color: wire.color,
    group: wire.group,
  }));

const labelSummarySchema = z
  .object({ id: z.string(), name: z.string(), color: text })
  .transform((wire): PlaneLabelSummary => ({ id: wire.id, name: wire.name, color: wire.color }));

/** The five priorities Plane accepts. */
export const prioritySchema = z.enum(['urgent', 'high', 'medium', 'low', 'none']);

/** Work item, plain or expanded → PlaneWorkItem. */
export const workItemSchema = z
  .object({
    id: z.string(),
    project: reference,
    project_id: z.string().nullish(),
    sequence_id: z.number(),
    name: z.string(),
    description_html: text,
    state: z.union([z.string(), stateSummarySchema]).nullish(),
    state_id: z.string().nullish(),
    priority: prioritySchema.nullish().transform((value) => value ?? 'none'),
    start_date: text,
    target_date: text,
    assignees: z
      .array(z.union([z.string(), userSchema]))
      .nullish()
      .transform((value) => value ?? []),
    labels: z
      .array(z.union([z.string(), labelSummarySchema]))
      .nullish()
      .transform((value) => value ?? []),
    parent: reference,
    external_id: text,
    external_source: text,
    completed_at: text,
    archived_at: text,
    is_draft: flag,
    created_at: text,
    updated_at: text,
    created_by: reference,
    updated_by: reference,
  })
  .transform((wire): PlaneWorkItem => {
    const state = wire.state ?? null;
    const assignees = wire.assignees.filter(
      (entry): entry is PlaneUser => typeof entry !== 'string',
    );
    const labels = wire.labels.filter(
      (entry): entry is PlaneLabelSummary => typeof entry !== 'string',
    );
    return {
      id: wire.id,
      projectId: wire.project ?? wire.project_id ?? '',
      sequenceId: wire.sequence_id,
      name: wire.name,
      descriptionHtml: wire.description_html,
      stateId:
        state === null ? (wire.state_id ?? null) : typeof state === 'string' ? state : state.id,
      priority: wire.priority,
      startDate: toDateOnly(wire.start_date),
      targetDate: toDateOnly(wire.target_date),
      assigneeIds: wire.assignees.map((entry) => (typeof entry === 'string' ? entry : entry.id)),
      labelIds: wire.labels.map((entry) => (typeof entry === 'string' ? entry : entry.id)),
      parentId: wire.parent,
      externalId: wire.external_id,
      externalSource: wire.external_source,
      completedAt: wire.completed_at,
      archivedAt: wire.archived_at,
      isDraft: wire.is_draft,
      createdAt: wire.created_at,
      updatedAt: wire.updated_at,
      createdById: wire.created_by,
      updatedById: wire.updated_by,
      ...(state !== null && typeof state !== 'string' ? { state } : {}),
      ...(assignees.length > 0 ? { assignees } : {}),
      ...(labels.length > 0 ? { labels } : {}),
    };
  });

/** Plane prints work-item dates as `YYYY-MM-DD`; keep only the date should a datetime ever appear. */
function toDateOnly(value: string | null): string | null {
  return value === null ? null : value.slice(0, 10);
}

/** `{"issues": [...]}` of the search route → PlaneSearchHit[]. */
export const searchHitsSchema = z
  .object({
    issues: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        sequence_id: z.number(),
        project_id: z.string(),
        project__identifier: z.string(),
      }),
    ),
  })
  .transform((wire): PlaneSearchHit[] =>
    wire.issues.map((hit) => ({
      id: hit.id,
      name: hit.name,
      sequenceId: hit.sequence_id,
      projectId: hit.project_id,
      projectIdentifier: hit.project__identifier,
      key: `${hit.project__identifier}-${hit.sequence_id}`,
    })),
  );

/** CE lists `{project_id, issue_id}` objects, Cloud plain uuids; accept both. */
const relationList = z
  .array(
    z.union([z.string(), z.object({ issue_id: z.string(), project_id: z.string().nullish() })]),
  )
  .nullish()
  .transform((entries) =>
    (entries ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.issue_id)),
  );

/** Relations object (either edition) → PlaneRelations. */
export const relationsSchema = z
  .object({
    blocking: relationList,
    blocked_by: relationList,
    duplicate: relationList,
    relates_to: relationList,
    start_before: relationList,
    start_after: relationList,
    finish_before: relationList,
    finish_after: relationList,
  })
  .transform((wire): PlaneRelations => ({
    blocking: wire.blocking,
    blockedBy: wire.blocked_by,
    duplicate: wire.duplicate,
    relatesTo: wire.relates_to,
    startBefore: wire.start_before,
    startAfter: wire.start_after,
    finishBefore: wire.finish_before,
    finishAfter: wire.finish_after,
  }));

/** Answer of a relation POST → PlaneRelatedWorkItem[]. */
export const relatedWorkItemsSchema = z.array(
  z
    .object({
      id: z.string(),
      project_id: text,
      sequence_id: number,
      relation_type: z.string(),
      name: text,
    })
    .transform((wire): PlaneRelatedWorkItem => ({
      workItemId: wire.id,
      projectId: wire.project_id,
      sequenceId: wire.sequence_id,
      relationType: wire.relation_type,
      name: wire.name,
    })),
);

/** Link → PlaneLink. */
export const linkSchema = z
  .object({
    id: z.string(),
    issue: reference,
    project: reference,
    url: z.string(),
    title: text,
    created_at: text,
    updated_at: text,
  })
  .transform((wire): PlaneLink => ({
    id: wire.id,
    workItemId: wire.issue,
    projectId: wire.project,
    url: wire.url,
    title: wire.title,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  }));

/** Comment → PlaneComment. */
export const commentSchema = z
  .object({
    id: z.string(),
    issue: reference,
    project: reference,
    comment_html: text,
    access: text,
    actor: reference,
    external_id: text,
    external_source: text,
    created_at: text,
    updated_at: text,
    created_by: reference,
  })
  .transform((wire): PlaneComment => ({
    id: wire.id,
    workItemId: wire.issue,
    projectId: wire.project,
    commentHtml: wire.comment_html ?? '',
    access: wire.access,
    actorId: wire.actor,
    externalId: wire.external_id,
    externalSource: wire.external_source,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
    createdById: wire.created_by,
  }));

/** Activity values are strings in CE; anything else is stringified rather than refused. */
const activityValue = z
  .unknown()
  .transform((value) =>
    value === null || value === undefined
      ? null
      : typeof value === 'string'
        ? value
        : JSON.stringify(value),
  );

/** Activity row → PlaneActivity. */
export const activitySchema = z
  .object({
    id: z.string(),
    issue: reference,
    project: reference,
    verb: z.string(),
    field: text,
    old_value: activityValue,
    new_value: activityValue,
    old_identifier: text,
    new_identifier: text,
    comment: text,
    actor: reference,
    created_at: text,
  })
  .transform((wire): PlaneActivity => ({
    id: wire.id,
    workItemId: wire.issue,
    projectId: wire.project,
    verb: wire.verb,
    field: wire.field,
    oldValue: wire.old_value,
    newValue: wire.new_value,
    oldIdentifier: wire.old_identifier,
    newIdentifier: wire.new_identifier,
    comment: wire.comment,
    actorId: wire.actor,
    createdAt: wire.created_at,
  }));

/** The 409 body of a duplicate external id: `{"error": "...", "id": "<existing uuid>"}`. */
export const conflictSchema = z.object({ error: z.string().optional(), id: z.string() });

/**
 * Plane's pagination envelope (makeplane/plane apps/api/plane/utils/paginator.py). `next_cursor` is always a string, even on the last
 * page, so the decoded `nextCursor` is `null` unless `next_page_results` is true.
 */
export function pageSchema<T>(item: z.ZodType<T>) {
  return z
    .object({
      results: z.array(item),
      next_cursor: text,
      prev_cursor: text,
      next_page_results: flag,
      prev_page_results: flag,
      count: number,
      total_count: number,
      total_results: number,
      total_pages: number,
    })
    .transform((wire): PlanePage<T> => ({
      results: wire.results,
      nextCursor: wire.next_page_results ? wire.next_cursor : null,
      prevCursor: wire.prev_page_results ? wire.prev_cursor : null,
      count: wire.count ?? wire.results.length,
      totalCount: wire.total_count ?? wire.total_results ?? wire.results.length,
      totalPages: wire.total_pages ?? 1,
    }));
}

/** Lists that some routes paginate and others (e.g. `cycle_view=current`) answer as a bare array. */
export function pageOrArraySchema<T>(item: z.ZodType<T>) {
  return z.union([
    pageSchema(item),
    z.array(item).transform((results): PlanePage<T> => ({
      results,
      nextCursor: null,
      prevCursor: null,
      count: results.length,
      totalCount: results.length,
      totalPages: 1,
    })),
  ]);
}
