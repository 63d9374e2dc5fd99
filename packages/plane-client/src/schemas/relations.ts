import { z } from 'zod';
import type { PlaneRelatedWorkItem, PlaneRelations } from '../types.js';
import { number, text } from './wire.js';

// Work-item relations (CE and Cloud shapes).

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
