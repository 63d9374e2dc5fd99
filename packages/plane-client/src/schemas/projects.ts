import { z } from 'zod';
import type { PlaneProject } from '../types.js';
import { flag, reference, text } from './wire.js';

// Projects.

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
