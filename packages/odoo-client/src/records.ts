import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { OdooCapabilities } from './capabilities.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import { issuesOf } from './schemas.js';
import {
  parseDateOnly,
  parseInstant,
  type DateOnly,
  type Instant,
  type OdooRef,
} from './values.js';

// ── wire → value decoders (Odoo writes `false` for every empty value) ─────────────────────────────────

const many2one = z
  .union([z.tuple([z.number().int(), z.union([z.string(), z.literal(false)])]), z.literal(false)])
  .transform((value): OdooRef | null =>
    value === false ? null : { id: value[0], name: value[1] === false ? '' : value[1] },
  );
const text = z
  .union([z.string(), z.literal(false)])
  .transform((value) => (value === false ? null : value));
const ids = z.array(z.number().int());
const dateOnly = z
  .union([
    z.string().refine((value) => parseDateOnly(value) !== null, 'Expected YYYY-MM-DD'),
    z.literal(false),
  ])
  .transform((value) => (value === false ? null : (value as DateOnly)));
const instant = z
  .union([
    z.string().refine((value) => parseInstant(value) !== null, 'Expected YYYY-MM-DD HH:MM:SS'),
    z.literal(false),
  ])
  .transform((value) => (value === false ? null : (parseInstant(value) as Instant)));
const requiredInstant = z
  .string()
  .refine((value) => parseInstant(value) !== null, 'Expected YYYY-MM-DD HH:MM:SS')
  .transform((value) => parseInstant(value) as Instant);
const float = z
  .union([z.number(), z.literal(false)])
  .transform((value) => (value === false ? null : value));

// ── domain types ──────────────────────────────────────────────────────────────────────────────────────

/** A `project.project`, decoded. */
export interface OdooProject {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  /** Project manager (`user_id`). */
  readonly userId: OdooRef | null;
  /** Customer (`partner_id`). */
  readonly partnerId: OdooRef | null;
  readonly dateStart: DateOnly | null;
  /** Project end (`date`, "Expiration Date"). */
  readonly date: DateOnly | null;
  readonly allowMilestones: boolean;
  readonly allowTaskDependencies: boolean;
  readonly active: boolean;
  readonly writeDate: Instant;
  /** PPM extension (`wbs_code`); absent when the server lacks the field. */
  readonly wbsCode?: string | null;
  /** PPM extension (`portfolio_id`); absent when the server lacks the field. */
  readonly portfolio?: OdooRef | null;
}

/** A `project.milestone`, decoded. */
export interface OdooMilestone {
  readonly id: number;
  readonly name: string;
  readonly projectId: OdooRef | null;
  readonly deadline: DateOnly | null;
  readonly isReached: boolean;
  readonly reachedDate: DateOnly | null;
  readonly writeDate: Instant;
}

/** A task stage (`project.task.type`), decoded. */
export interface OdooStage {
  readonly id: number;
  readonly name: string;
  readonly sequence: number;
  /** Folded stages are the "closed" columns; Odoo sets `date_end` when a task enters one. */
  readonly fold: boolean;
  readonly projectIds: readonly number[];
  readonly active: boolean;
}

/** A `res.users`, decoded. */
export interface OdooUser {
  readonly id: number;
  readonly name: string;
  readonly login: string;
  readonly email: string | null;
  readonly active: boolean;
}

/** Task status normalised across versions (17+ `state` keys; 16 `kanban_state` values). */
export type OdooTaskState =
  | 'in_progress'
  | 'changes_requested'
  | 'approved'
  | 'done'
  | 'canceled'
  | 'waiting'
  /** 16 `kanban_state = 'done'` ("Ready" for the next stage). */
  | 'ready'
  /** 16 `kanban_state = 'blocked'`. */
  | 'blocked';

/** Task priority normalised to four levels; a two-level server (16–18) only uses `low` and `high`. */
export type OdooPriorityLevel = 'low' | 'medium' | 'high' | 'urgent';

/** A task deadline: a calendar date on 16, a UTC moment from 17. */
export type OdooDeadline =
  | { readonly kind: 'date'; readonly value: DateOnly }
  | { readonly kind: 'instant'; readonly value: Instant };

/** A `project.task`, decoded; optional members are absent when the server lacks the field. */
export interface OdooTask {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  readonly projectId: OdooRef | null;
  readonly stage: OdooRef | null;
  readonly userIds: readonly number[];
  readonly parentId: OdooRef | null;
  readonly childIds: readonly number[];
  readonly milestoneId: OdooRef | null;
  readonly dependOnIds: readonly number[];
  /** Odoo's priority key as stored: `'0'`/`'1'` before 19, `'0'`…`'3'` from 19. */
  readonly priority: string;
  readonly priorityLevel: OdooPriorityLevel;
  readonly dateDeadline: OdooDeadline | null;
  /** Enterprise-only `planned_date_begin`. */
  readonly plannedDateBegin?: Instant | null;
  /** `allocated_hours` (17+) or `planned_hours` (16); `null` when zero-less empty or absent. */
  readonly allocatedHours: number | null;
  /** Normalised status; `null` when the value is unknown or the server has no status field. */
  readonly state: OdooTaskState | null;
  /** The status as stored (`'01_in_progress'`, `'normal'`, …). */
  readonly stateRaw: string | null;
  readonly active: boolean;
  readonly writeDate: Instant;
  /** Tags (`tag_ids`, `project.tags` ids). */
  readonly tagIds: readonly number[];
  /**
   * Fields asked for by name with `readTasks(ids, { extraFields })` (custom ship flags and the like), decoded
   * by their `fields_get` type; a name the server lacks is left out.
   */
  readonly extraFields?: Readonly<Record<string, OdooFieldValue>>;
  /** PPM extension (`is_shipped`). */
  readonly isShipped?: boolean | null;
  /** PPM extension (`shipped_at`). */
  readonly shippedAt?: Instant | null;
  /** PPM extension (`deployment_ids`). */
  readonly deploymentIds?: readonly number[] | null;
}

/**
 * A field value decoded by its `fields_get` type: `boolean` as is, `date` as `YYYY-MM-DD`, `datetime` as an
 * ISO instant, x2many as ids, many2one as a ref, numbers and strings as they are, Odoo's `false` as `null`.
 */
export type OdooFieldValue = boolean | number | string | readonly number[] | OdooRef | null;

// ── field lists and decoders ──────────────────────────────────────────────────────────────────────────

/** Fields read for {@link OdooProject}. */
export function projectFields(capabilities: OdooCapabilities): string[] {
  const fields = [
    'name',
    'description',
    'user_id',
    'partner_id',
    'date_start',
    'date',
    'allow_milestones',
    'allow_task_dependencies',
    'active',
    'write_date',
  ];
  if (capabilities.ppm.wbsCode) fields.push('wbs_code');
  if (capabilities.ppm.portfolio) fields.push('portfolio_id');
  return fields;
}

/** Fields read for {@link OdooMilestone}. */
export const MILESTONE_FIELDS = [
  'name',
  'project_id',
  'deadline',
  'is_reached',
  'reached_date',
  'write_date',
];

/** Fields read for {@link OdooStage}. */
export const STAGE_FIELDS = ['name', 'sequence', 'fold', 'project_ids', 'active'];

/** Fields read for {@link OdooUser}. */
export const USER_FIELDS = ['name', 'login', 'email', 'active'];

/** Fields read for {@link OdooTask}, adapted to the server, plus the `extraFields` it has. */
export function taskFields(
  capabilities: OdooCapabilities,
  extraFields: readonly string[] = [],
): string[] {
  const wanted = [
    'name',
    'description',
    'project_id',
    'stage_id',
    'user_ids',
    'parent_id',
    'child_ids',
    'milestone_id',
    'depend_on_ids',
    'priority',
    'date_deadline',
    'active',
    'write_date',
    'tag_ids',
    capabilities.taskStateField,
    capabilities.hoursField,
    capabilities.hasPlannedDateBegin ? 'planned_date_begin' : null,
    capabilities.ppm.isShipped ? 'is_shipped' : null,
    capabilities.ppm.shippedAt ? 'shipped_at' : null,
    capabilities.ppm.deployments ? 'deployment_ids' : null,
    ...extraFields,
  ];
  // Asking for a field the server lacks fails the whole read (17 `kanban_state`, fixture 024).
  return [
    ...new Set(
      wanted.filter(
        (field): field is string => field !== null && capabilities.taskFields.has(field),
      ),
    ),
  ];
}

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

const taskSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: text,
  project_id: many2one,
  stage_id: many2one,
  user_ids: ids,
  parent_id: many2one,
  child_ids: ids,
  milestone_id: many2one.optional(),
  depend_on_ids: ids.optional(),
  priority: z.string(),
  date_deadline: z.union([z.string(), z.literal(false)]),
  active: z.boolean(),
  write_date: requiredInstant,
  state: z.string().optional(),
  kanban_state: z.string().optional(),
  allocated_hours: float.optional(),
  planned_hours: float.optional(),
  planned_date_begin: instant.optional(),
  is_shipped: z.boolean().optional(),
  shipped_at: instant.optional(),
  deployment_ids: ids.optional(),
  tag_ids: ids.optional(),
});

const STATES: Readonly<Record<string, OdooTaskState>> = {
  '01_in_progress': 'in_progress',
  '02_changes_requested': 'changes_requested',
  '03_approved': 'approved',
  '1_done': 'done',
  '1_canceled': 'canceled',
  '04_waiting_normal': 'waiting',
  normal: 'in_progress',
  done: 'ready',
  blocked: 'blocked',
};

/** Maps a stored priority key to a level, given how many levels the server has. */
export function priorityLevelOf(priority: string, levels: 2 | 4): OdooPriorityLevel {
  const rank = Number(priority);
  if (levels === 2) return rank >= 1 ? 'high' : 'low';
  if (rank >= 3) return 'urgent';
  if (rank === 2) return 'high';
  return rank === 1 ? 'medium' : 'low';
}

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

/** Decodes `read`/`search_read` results into {@link OdooTask}s, following the server's capabilities. */
export function decodeTasks(
  records: unknown,
  capabilities: OdooCapabilities,
  extraFields: readonly string[] = [],
): Result<OdooTask[], OdooClientError> {
  const parsed = parseAll(taskSchema.loose(), records);
  if (parsed.isErr()) return err(parsed.error);
  const tasks: OdooTask[] = [];
  for (const [index, row] of parsed.value.entries()) {
    const deadline = decodeDeadline(row.date_deadline, capabilities.dateDeadlineType);
    if (deadline === undefined) {
      return err(
        invalidResponse([
          {
            path: `${index}.date_deadline`,
            message: `Not a ${capabilities.dateDeadlineType}: ${String(row.date_deadline)}`,
          },
        ]),
      );
    }
    const stateRaw =
      (capabilities.taskStateField === 'kanban_state' ? row.kanban_state : row.state) ?? null;
    tasks.push({
      id: row.id,
      name: row.name,
      descriptionHtml: row.description,
      projectId: row.project_id,
      stage: row.stage_id,
      userIds: row.user_ids,
      parentId: row.parent_id,
      childIds: row.child_ids,
      milestoneId: row.milestone_id ?? null,
      dependOnIds: row.depend_on_ids ?? [],
      priority: row.priority,
      priorityLevel: priorityLevelOf(row.priority, capabilities.priorityLevels),
      dateDeadline: deadline,
      allocatedHours: row.allocated_hours ?? row.planned_hours ?? null,
      state: stateRaw === null ? null : (STATES[stateRaw] ?? null),
      stateRaw,
      active: row.active,
      writeDate: row.write_date,
      tagIds: row.tag_ids ?? [],
      ...(extraFields.length === 0
        ? {}
        : { extraFields: decodeExtraFields(row, extraFields, capabilities) }),
      ...(row.planned_date_begin === undefined ? {} : { plannedDateBegin: row.planned_date_begin }),
      ...(row.is_shipped === undefined ? {} : { isShipped: row.is_shipped }),
      ...(row.shipped_at === undefined ? {} : { shippedAt: row.shipped_at }),
      ...(row.deployment_ids === undefined ? {} : { deploymentIds: row.deployment_ids }),
    });
  }
  return ok(tasks);
}

/** The asked-for fields the row carries, each decoded by its `fields_get` type. */
function decodeExtraFields(
  row: Readonly<Record<string, unknown>>,
  names: readonly string[],
  capabilities: OdooCapabilities,
): Record<string, OdooFieldValue> {
  const decoded: Record<string, OdooFieldValue> = {};
  for (const name of names) {
    if (!(name in row)) continue;
    decoded[name] = decodeFieldValue(row[name], capabilities.taskFieldTypes[name] ?? 'char');
  }
  return decoded;
}

/** One wire value by its field type; a value of an unexpected shape becomes `null` (tolerant). */
function decodeFieldValue(value: unknown, type: string): OdooFieldValue {
  if (type === 'boolean') return value === true;
  if (value === false || value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      return typeof value === 'string' ? parseDateOnly(value) : null;
    case 'datetime':
      return typeof value === 'string' ? parseInstant(value) : null;
    case 'many2one': {
      const ref = many2one.safeParse(value);
      return ref.success ? ref.data : null;
    }
    case 'many2many':
    case 'one2many': {
      const list = ids.safeParse(value);
      return list.success ? list.data : null;
    }
    default:
      return typeof value === 'string' || typeof value === 'number' ? value : null;
  }
}

/** `undefined` when the value does not match the declared type. */
function decodeDeadline(
  value: string | false,
  type: 'date' | 'datetime',
): OdooDeadline | null | undefined {
  if (value === false) return null;
  if (type === 'date') {
    const date = parseDateOnly(value);
    return date === null ? undefined : { kind: 'date', value: date };
  }
  const moment = parseInstant(value);
  return moment === null ? undefined : { kind: 'instant', value: moment };
}

function parseAll<T extends z.ZodType>(
  schema: T,
  records: unknown,
): Result<z.output<T>[], OdooClientError> {
  const parsed = z.array(schema).safeParse(records);
  return parsed.success ? ok(parsed.data) : err(invalidResponse(issuesOf(parsed.error)));
}
