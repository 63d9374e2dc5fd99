import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { OdooCapabilities } from './capabilities.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import type {
  OdooDeadline,
  OdooFieldValue,
  OdooPriorityLevel,
  OdooTask,
  OdooTaskState,
} from './records.js';
import { parseDateOnly, parseInstant } from './values.js';
import { float, ids, instant, many2one, parseAll, requiredInstant, text } from './wire-decoders.js';

// Tasks differ most between Odoo versions (state field, hours field, deadline type, priority levels,
// optional Enterprise and custom fields), so they have a decoder of their own.

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
