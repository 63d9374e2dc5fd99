import type { Result } from 'neverthrow';
import { z } from 'zod';
import type { OdooClientError } from './errors.js';
import type { OdooMilestone, OdooProject, OdooStage, OdooUser } from './records.js';
import { dateOnly, ids, many2one, parseAll, requiredInstant, text } from './wire-decoders.js';

// Decoders of the plain records (projects, milestones, stages, users); tasks have `task-decoder.ts`.

const projectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  // Tolerated when absent: some servers hide `description` behind access rules on project.project.
  description: text.optional().transform((value) => value ?? null),
  user_id: many2one,
  partner_id: many2one,
  date_start: dateOnly,
  date: dateOnly,
  allow_milestones: z.boolean(),
  allow_task_dependencies: z.boolean(),
  active: z.boolean(),
  write_date: requiredInstant,
  wbs_code: text.optional(),
  portfolio_id: many2one.optional(),
});

const milestoneSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  project_id: many2one,
  deadline: dateOnly,
  is_reached: z.boolean(),
  reached_date: dateOnly,
  write_date: requiredInstant,
});

const stageSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sequence: z.number().int(),
  fold: z.boolean(),
  project_ids: ids,
  // Absent from minimal reads; a stage found by search is active.
  active: z
    .boolean()
    .optional()
    .transform((value) => value ?? true),
});

const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  login: z.string(),
  email: text,
  active: z.boolean(),
});

/** Decodes `read`/`search_read` results into {@link OdooProject}s. */
export function decodeProjects(records: unknown): Result<OdooProject[], OdooClientError> {
  return parseAll(projectSchema, records).map((rows) =>
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      descriptionHtml: row.description,
      userId: row.user_id,
      partnerId: row.partner_id,
      dateStart: row.date_start,
      date: row.date,
      allowMilestones: row.allow_milestones,
      allowTaskDependencies: row.allow_task_dependencies,
      active: row.active,
      writeDate: row.write_date,
      ...(row.wbs_code === undefined ? {} : { wbsCode: row.wbs_code }),
      ...(row.portfolio_id === undefined ? {} : { portfolio: row.portfolio_id }),
    })),
  );
}

/** Decodes `read`/`search_read` results into {@link OdooMilestone}s. */
export function decodeMilestones(records: unknown): Result<OdooMilestone[], OdooClientError> {
  return parseAll(milestoneSchema, records).map((rows) =>
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      projectId: row.project_id,
      deadline: row.deadline,
      isReached: row.is_reached,
      reachedDate: row.reached_date,
      writeDate: row.write_date,
    })),
  );
}

/** Decodes `read`/`search_read` results into {@link OdooStage}s. */
export function decodeStages(records: unknown): Result<OdooStage[], OdooClientError> {
  return parseAll(stageSchema, records).map((rows) =>
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      sequence: row.sequence,
      fold: row.fold,
      projectIds: row.project_ids,
      active: row.active,
    })),
  );
}

/** Decodes `read`/`search_read` results into {@link OdooUser}s. */
export function decodeUsers(records: unknown): Result<OdooUser[], OdooClientError> {
  return parseAll(userSchema, records).map((rows) =>
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      login: row.login,
      email: row.email,
      active: row.active,
    })),
  );
}
