import { z } from 'zod';
import type { PlaneActivity, PlaneComment, PlaneLink } from '../types.js';
import { reference, text } from './wire.js';

// Links, comments and activities of a work item.

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
