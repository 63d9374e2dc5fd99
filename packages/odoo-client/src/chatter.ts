import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
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
   * XML id of the activity type, e.g. `mail.mail_activity_data_todo`, looked up in `ir.model.data`. When
   * that lookup finds nothing (or the user may not read `ir.model.data`), `activityTypeName` is tried.
   */
  readonly activityTypeXmlId?: string;
  /**
   * Name of the activity type, matched ignoring case, spaces and punctuation: `'To-Do'` finds 17's "To-Do"
   * and 16's "To Do" (fixtures odoo-16/051, odoo-17/052). Default `'To-Do'` when no XML id is given, or
   * when the XML id is the standard to-do one.
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
 * Creates a `mail.activity` directly and returns its id. `activity_schedule` would be simpler, but it
 * returns a recordset, which JSON-RPC can only send back as the string `"mail.activity(3,)"`
 * (fixtures odoo-16/049, odoo-17/050); creating the row works the same on every transport and version.
 */
export function scheduleActivity(
  deps: ChatterDeps,
  input: ScheduleActivityInput,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const model = input.model ?? 'project.task';
  return modelId(deps, model, cache).andThen((resModelId) =>
    activityTypeId(deps, input, cache).andThen((typeId) =>
      deps
        .write(
          'mail.activity',
          'create',
          [
            {
              res_model_id: resModelId,
              res_id: input.resId,
              activity_type_id: typeId,
              summary: input.summary,
              note: input.note ?? '',
              date_deadline: input.dateDeadline,
              user_id: input.userId,
            },
          ],
          {},
        )
        .andThen(decodeId),
    ),
  );
}

function modelId(
  deps: ChatterDeps,
  model: string,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const key = `model:${model}`;
  const known = cache.get(key);
  if (known !== undefined) return okAsync(known);
  return deps.read('ir.model', [['model', '=', model]], ['id', 'model']).andThen((rows) => {
    const id = rows[0]?.id;
    if (typeof id !== 'number') {
      return err(rpcError('odoo.exceptions.MissingError', `No ir.model row for ${model}`));
    }
    cache.set(key, id);
    return ok(id);
  });
}

/** Names of the standard activity types, tried when their XML id cannot be resolved. */
const KNOWN_TYPE_NAMES: Readonly<Record<string, string>> = {
  'mail.mail_activity_data_todo': 'To-Do',
  'mail.mail_activity_data_call': 'Call',
  'mail.mail_activity_data_email': 'Email',
  'mail.mail_activity_data_meeting': 'Meeting',
};

function activityTypeId(
  deps: ChatterDeps,
  input: ScheduleActivityInput,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const xmlId = input.activityTypeXmlId;
  const name = input.activityTypeName ?? (xmlId === undefined ? 'To-Do' : KNOWN_TYPE_NAMES[xmlId]);
  if (xmlId === undefined) return activityTypeByName(deps, name ?? 'To-Do', cache);
  return activityTypeByXmlId(deps, xmlId, cache).orElse((error) =>
    name !== undefined && error.kind === 'rpc'
      ? activityTypeByName(deps, name, cache)
      : errAsync(error),
  );
}

function activityTypeByXmlId(
  deps: ChatterDeps,
  xmlId: string,
  cache: Map<string, number>,
): ResultAsync<number, OdooClientError> {
  const key = `xmlid:${xmlId}`;
  const known = cache.get(key);
  if (known !== undefined) return okAsync(known);
  const [module, ...rest] = xmlId.split('.');
  return deps
    .read(
      'ir.model.data',
      [
        ['module', '=', module ?? ''],
        ['name', '=', rest.join('.')],
        ['model', '=', 'mail.activity.type'],
      ],
      ['res_id'],
    )
    .andThen((rows) => {
      const id = rows[0]?.res_id;
      if (typeof id !== 'number') {
        return err(rpcError('odoo.exceptions.MissingError', `No activity type ${xmlId}`));
      }
      cache.set(key, id);
      return ok(id);
    });
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
