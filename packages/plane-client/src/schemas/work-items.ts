import { z } from 'zod';
import type {
  PlaneLabelSummary,
  PlaneSearchHit,
  PlaneStateSummary,
  PlaneUser,
  PlaneWorkItem,
} from '../types.js';
import { userSchema } from './members.js';
import { flag, reference, text } from './wire.js';

// Work items, plain or expanded, and search hits.

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
