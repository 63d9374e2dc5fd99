import { err, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { invalidResponse, rpcError, type OdooClientError } from './errors.js';
import { issuesOf } from './schemas.js';
import type { DateOnly } from './values.js';

/** What `scheduleActivity` creates. */
export interface ScheduleActivityInput {
  /** Model of the record the activity is on; default `project.task`. */
  readonly model?: string;
  readonly resId: number;
  /**
   * XML id of the activity type; default `mail.mail_activity_data_todo` (the to-do). Odoo resolves it
   * itself (`activity_schedule`), and uses the model's default activity type when it does not exist.
   */
  readonly activityTypeXmlId?: string;
  /**
   * Name of the activity type, used only when no XML id is given: matched ignoring case, spaces and
   * punctuation, so `'To-Do'` finds 17's "To-Do" and 16's "To Do" (fixtures odoo-16/051, odoo-17/052).
   * Looking it up reads `mail.activity.type`, which every internal user may.
   */
  readonly activityTypeName?: string;
  readonly summary: string;
  /** HTML. */
  readonly note?: string;
  /** Who has to act. */
  readonly userId: number;
  readonly dateDeadline: DateOnly;
}

/** Options of `postMessage`. */
export interface PostMessageOptions {
  /** Model of the record; default `project.task`. */
  readonly model?: string;
  /** `mail.mt_note` (internal note, the default) or `mail.mt_comment` (notifies followers). */
  readonly subtypeXmlId?: string;
  /** Partners to notify. */
  readonly partnerIds?: readonly number[];
}

/** What the chatter helpers need from the client. */
export interface ChatterDeps {
  readonly majorVersion: () => ResultAsync<number, OdooClientError>;
  readonly read: (
    model: string,
    domain: readonly unknown[],
    fields: readonly string[],
  ) => ResultAsync<readonly Readonly<Record<string, unknown>>[], OdooClientError>;
  readonly write: (
    model: string,
    method: string,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ) => ResultAsync<unknown, OdooClientError>;
}

const idSchema = z.union([z.number().int(), z.tuple([z.number().int()])]);

/**
 * Posts an HTML message in a record's chatter and returns the `mail.message` id.
 *
 * A plain `str` body is kept as HTML by 16 but escaped by 17 (fixtures odoo-16/048 and odoo-17/049), and
 * 17+ takes `body_is_html: true` to mean "this is markup". 16's `message_post` has no such parameter and
 * already keeps a str body as HTML, so the flag is only sent from 17 on.
 */
export function postMessage(
  deps: ChatterDeps,
  resId: number,
  html: string,
  options: PostMessageOptions = {},
): ResultAsync<number, OdooClientError> {
  return deps.majorVersion().andThen((major) =>
    deps
      .write(options.model ?? 'project.task', 'message_post', [[resId]], {
        body: html,
        ...(major >= 17 ? { body_is_html: true } : {}),
        message_type: 'comment',
        subtype_xmlid: options.subtypeXmlId ?? 'mail.mt_note',
        ...(options.partnerIds === undefined ? {} : { partner_ids: options.partnerIds }),
      })
      .andThen(decodeId),
  );
}

/**
 * Schedules an activity with the record's own `activity_schedule` and returns the `mail.activity` id.
 *
 * Creating the `mail.activity` row directly needs its `res_model_id`, and `ir.model` is readable by
 * Administration / Access Rights only: a Project / User key was refused with a 403 `AccessError`
 * (sync-traffic `odoo-19-project-user.jsonl`; 18 has the same ACL). `activity_schedule` resolves the model
 * and the activity type's XML id on the server side, so any user who may write the record may call it.
 * It returns a recordset, which JSON-2 sends as `[id]` and JSON-RPC only as its `str()`,
 * `"mail.activity(3,)"` (fixtures odoo-16/049, odoo-17/050): both are decoded.
 */
export function scheduleActivity(
  deps: ChatterDeps,
  input: ScheduleActivityInput,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const model = input.model ?? 'project.task';
  const values = {
    date_deadline: input.dateDeadline,
    summary: input.summary,
    note: input.note ?? '',
    user_id: input.userId,
  };
  // Without an XML id, a name picks the type; with neither, the standard to-do XML id is used.
  const activityType: ResultAsync<
    Record<string, unknown>,
    OdooClientError
  > = input.activityTypeXmlId === undefined && input.activityTypeName !== undefined
    ? activityTypeByName(deps, input.activityTypeName, cache).map((typeId) => ({
        activity_type_id: typeId,
      }))
    : okAsync({ act_type_xmlid: input.activityTypeXmlId ?? TODO_XML_ID });
  return activityType.andThen((type) =>
    deps
      .write(model, 'activity_schedule', [[input.resId]], { ...type, ...values })
      .andThen(decodeScheduled),
  );
}

const TODO_XML_ID = 'mail.mail_activity_data_todo';

/** `"mail.activity(3,)"` (JSON-RPC's `str()` of a recordset) or `[3]` (JSON-2). */
function decodeScheduled(value: unknown): Result<number, OdooClientError> {
  if (typeof value === 'string') {
    const id = /^mail\.activity\((\d+),?\)$/.exec(value)?.[1];
    return id === undefined
      ? err(invalidResponse([{ path: '', message: `Expected mail.activity(<id>,), got ${value}` }]))
      : ok(Number(id));
  }
  return decodeId(value);
}

function activityTypeByName(
  deps: ChatterDeps,
  name: string,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const wanted = normalise(name);
  const key = `type:${wanted}`;
  const known = cache.get(key);
  if (known !== undefined) return okAsync(known);
  return deps.read('mail.activity.type', [], ['id', 'name']).andThen((rows) => {
    const match = rows.find(
      (row) => typeof row.name === 'string' && normalise(row.name) === wanted,
    );
    if (typeof match?.id !== 'number') {
      return err(rpcError('odoo.exceptions.MissingError', `No activity type named ${name}`));
    }
    cache.set(key, match.id);
    return ok(match.id);
  });
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function decodeId(value: unknown): Result<number, OdooClientError> {
  // JSON-2 turns a returned record into `[id]`; JSON-RPC sends the int.
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) return err(invalidResponse(issuesOf(parsed.error)));
  return ok(typeof parsed.data === 'number' ? parsed.data : parsed.data[0]);
}
