import { z } from 'zod';
import type { PlaneCycle, PlaneCycleStatus, PlaneCycleWorkItem } from '../types.js';
import { reference, text } from './wire.js';

// Cycles and their work-item rows.

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
