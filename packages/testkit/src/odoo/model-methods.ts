import { OdooServerError, privateMethodError, typeError, unknownMethodError } from './errors.js';
import type { Orm, OrmEnv, ReadLoad } from './orm.js';
import { postMessage, SUBTYPE } from './project-rules.js';
import { XML_IDS } from './seed-data.js';
import { asText, escapeHtml } from './value-encoding.js';

/** Which transport a call came through: results are shaped differently (recordsets, create). */
export type Transport = 'jsonrpc' | 'json2';

/** A public model method: its parameter names (for positional JSON-RPC args) and its body. */
interface MethodSpec {
  /** Record methods take the ids first (`args[0]` over JSON-RPC, `ids` over JSON-2). */
  readonly onRecords: boolean;
  readonly params: readonly string[];
  /** Accepts keyword arguments beyond `params` (`**kwargs`). */
  readonly extraKeywords?: boolean;
  readonly models?: readonly string[];
  run(call: MethodCall): unknown;
}

/** One decoded call. */
export interface MethodCall {
  readonly orm: Orm;
  readonly env: OrmEnv;
  readonly model: string;
  readonly ids: readonly number[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly transport: Transport;
  /** JSON-RPC `create` with one dict returns an int; with a list, a list. */
  readonly singleCreate: boolean;
}

const asIds = (raw: unknown): number[] => {
  if (typeof raw === 'number') return [raw];
  if (Array.isArray(raw)) return raw.filter((item): item is number => typeof item === 'number');
  if (raw === false || raw === null || raw === undefined) return [];
  throw typeError(`Invalid ids: ${JSON.stringify(raw)}`);
};

const fieldsParam = (raw: unknown): string[] | undefined =>
  Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : undefined;

const searchOptions = (params: Readonly<Record<string, unknown>>) => ({
  offset: typeof params.offset === 'number' ? params.offset : 0,
  limit: typeof params.limit === 'number' ? params.limit : null,
  order: typeof params.order === 'string' ? params.order : null,
});

/** `mail.activity(3,)`: what `str()` of a recordset gives, the JSON-RPC encoder's fallback. */
const recordsetRepr = (model: string, ids: readonly number[]): string =>
  ids.length === 1 ? `${model}(${ids[0]},)` : `${model}(${ids.join(', ')})`;

const loadOf = (params: Readonly<Record<string, unknown>>): ReadLoad =>
  'load' in params && params.load !== '_classic_read' ? 'none' : 'classic';

const METHODS: Readonly<Record<string, MethodSpec>> = {
  search: {
    onRecords: false,
    params: ['domain', 'offset', 'limit', 'order'],
    run: ({ orm, env, model, params }) =>
      orm.search(env, model, params.domain ?? [], searchOptions(params)),
  },
  search_count: {
    onRecords: false,
    params: ['domain', 'limit'],
    run: ({ orm, env, model, params }) =>
      orm.search(env, model, params.domain ?? [], {
        limit: typeof params.limit === 'number' ? params.limit : null,
      }).length,
  },
  search_read: {
    onRecords: false,
    params: ['domain', 'fields', 'offset', 'limit', 'order'],
    extraKeywords: true,
    run: ({ orm, env, model, params }) => {
      const ids = orm.search(env, model, params.domain ?? [], searchOptions(params));
      return orm.read(env, model, ids, fieldsParam(params.fields), loadOf(params));
    },
  },
  read: {
    onRecords: true,
    params: ['fields', 'load'],
    run: ({ orm, env, model, ids, params }) =>
      orm.read(env, model, ids, fieldsParam(params.fields), loadOf(params)),
  },
  create: {
    onRecords: false,
    params: ['vals_list'],
    run: ({ orm, env, model, params, transport, singleCreate }) => {
      const raw = params.vals_list;
      const list = Array.isArray(raw)
        ? (raw as Record<string, unknown>[])
        : [raw as Record<string, unknown>];
      const ids = orm.create(env, model, list);
      // `result.id if isinstance(args[0], Mapping) else result.ids`; JSON-2 always returns ids.
      return transport === 'jsonrpc' && singleCreate ? ids[0] : ids;
    },
  },
  write: {
    onRecords: true,
    params: ['vals'],
    run: ({ orm, env, model, ids, params }) => {
      if (typeof params.vals !== 'object' || params.vals === null || Array.isArray(params.vals))
        throw typeError('write() argument vals must be a dict');
      orm.write(env, model, ids, params.vals as Record<string, unknown>);
      return true;
    },
  },
  unlink: {
    onRecords: true,
    params: [],
    run: ({ orm, env, model, ids }) => {
      orm.unlink(env, model, ids);
      return true;
    },
  },
  fields_get: {
    onRecords: false,
    params: ['allfields', 'attributes'],
    run: ({ orm, model, params }) => {
      const definition = orm.model(model);
      const wanted = fieldsParam(params.allfields);
      const attributes = fieldsParam(params.attributes);
      const result: Record<string, Record<string, unknown>> = {};
      for (const [name, field] of Object.entries(definition.fields)) {
        if (wanted !== undefined && wanted.length > 0 && !wanted.includes(name)) continue;
        const full: Record<string, unknown> = { ...field };
        result[name] =
          attributes === undefined || attributes.length === 0
            ? full
            : Object.fromEntries(Object.entries(full).filter(([key]) => attributes.includes(key)));
      }
      return result;
    },
  },
  name_search: {
    onRecords: false,
    // 16.0 calls the second parameter `args`, 17.0+ `domain`; both are accepted by name.
    params: ['name', 'domain', 'operator', 'limit'],
    extraKeywords: true,
    run: ({ orm, env, model, params }) => {
      const name = typeof params.name === 'string' ? params.name : '';
      const operator = typeof params.operator === 'string' ? params.operator : 'ilike';
      const extra = (params.domain ?? params.args ?? []) as unknown[];
      const domain = name === '' ? extra : [...extra, ['name', operator, name]];
      const ids = orm.search(env, model, domain, {
        limit: typeof params.limit === 'number' ? params.limit : 100,
      });
      return ids.map((id) => [id, orm.displayName(env, model, id)]);
    },
  },
  name_get: {
    onRecords: true,
    params: [],
    run: ({ orm, env, model, ids }) =>
      ids
        .filter((id) => orm.exists(env, model, id))
        .map((id) => [id, orm.displayName(env, model, id)]),
  },
  exists: {
    onRecords: true,
    params: [],
    run: ({ orm, env, model, ids, transport }) => {
      const existing = ids.filter((id) => orm.exists(env, model, id));
      return transport === 'json2' ? existing : recordsetRepr(model, existing);
    },
  },
  action_archive: {
    onRecords: true,
    params: [],
    run: ({ orm, env, model, ids }) => {
      orm.write(env, model, ids, { active: false });
      return true;
    },
  },
  action_unarchive: {
    onRecords: true,
    params: [],
    run: ({ orm, env, model, ids }) => {
      orm.write(env, model, ids, { active: true });
      return true;
    },
  },
  action_feedback: {
    onRecords: true,
    params: ['feedback', 'attachment_ids'],
    models: ['mail.activity'],
    // Marking an activity done posts its summary (and feedback) on the record and deletes the activity.
    run: ({ orm, env, ids, params }) => {
      orm.ensureExist(env, 'mail.activity', ids);
      let lastMessage: number | false = false;
      for (const id of ids) {
        const activity = orm.store.get('mail.activity', id, env.view) ?? {};
        const feedback =
          typeof params.feedback === 'string' ? `<p>${escapeHtml(params.feedback)}</p>` : '';
        lastMessage = postMessage(orm, env, asText(activity.res_model), Number(activity.res_id), {
          body: `<div><p>${escapeHtml(asText(activity.summary))}</p>${feedback}</div>`,
          messageType: 'notification',
          subtypeId: SUBTYPE.activities,
        });
      }
      orm.unlink(env, 'mail.activity', ids);
      return lastMessage;
    },
  },
  action_done: {
    onRecords: true,
    params: [],
    models: ['mail.activity'],
    run: (methodCall) => {
      METHODS.action_feedback?.run(methodCall);
      return true;
    },
  },
  message_post: {
    onRecords: true,
    params: [],
    extraKeywords: true,
    models: ['project.task', 'project.project', 'project.milestone'],
    run: ({ orm, env, model, ids, params, transport }) => {
      const [resId] = ids;
      if (ids.length !== 1 || resId === undefined)
        throw new OdooServerError(
          'builtins.ValueError',
          `Expected singleton: ${recordsetRepr(model, ids)}`,
        );
      orm.ensureExist(env, model, ids);
      const body = typeof params.body === 'string' ? params.body : '';
      // Recorded: 16.0 keeps a str body as HTML; 17.0+ escapes it unless body_is_html is set.
      const html =
        orm.variant.version === 16 || params.body_is_html === true
          ? body
          : escapeHtml(body).replace(/\n/g, '<br>');
      const wrapped = html === '' || html.startsWith('<') ? html : `<p>${html}</p>`;
      const subtype =
        typeof params.subtype_xmlid === 'string'
          ? (XML_IDS[params.subtype_xmlid]?.id ?? SUBTYPE.discussions)
          : typeof params.subtype_id === 'number'
            ? params.subtype_id
            : SUBTYPE.note;
      const messageId = postMessage(orm, env, model, resId, {
        body: wrapped,
        messageType: typeof params.message_type === 'string' ? params.message_type : 'notification',
        subtypeId: subtype,
        partnerIds: Array.isArray(params.partner_ids) ? (params.partner_ids as number[]) : [],
      });
      return transport === 'json2' ? [messageId] : messageId;
    },
  },
  activity_schedule: {
    onRecords: true,
    params: ['act_type_xmlid', 'date_deadline', 'summary', 'note'],
    extraKeywords: true,
    models: ['project.task', 'project.project'],
    run: ({ orm, env, model, ids, params, transport }) => {
      orm.ensureExist(env, model, ids);
      const modelId = orm.store
        .ids('ir.model', env.view)
        .find((id) => orm.store.get('ir.model', id, env.view)?.model === model);
      const typeId =
        typeof params.act_type_xmlid === 'string' && params.act_type_xmlid !== ''
          ? XML_IDS[params.act_type_xmlid]?.id
          : undefined;
      const { act_type_xmlid: _xmlid, date_deadline: deadline, summary, note, ...rest } = params;
      const created = orm.create(
        env,
        'mail.activity',
        ids.map((resId) => ({
          ...rest,
          res_model_id: modelId ?? false,
          res_id: resId,
          activity_type_id: rest.activity_type_id ?? typeId ?? 4,
          date_deadline: deadline ?? new Date(env.now).toISOString().slice(0, 10),
          summary: summary ?? false,
          note: note ?? false,
        })),
      );
      // A recordset has no JSON form: JSON-RPC falls back to str() (recorded), JSON-2 sends its ids.
      return transport === 'json2' ? created : recordsetRepr('mail.activity', created);
    },
  },
  has_group: {
    onRecords: false,
    params: ['group_ext_id'],
    models: ['res.users'],
    // The recorded admin lacks the milestone, dependency and project-stage groups.
    run: ({ params }) =>
      ![
        'project.group_project_milestone',
        'project.group_project_task_dependencies',
        'project.group_project_stages',
      ].includes(String(params.group_ext_id)),
  },
  context_get: {
    onRecords: false,
    params: [],
    models: ['res.users'],
    run: ({ orm, env }) => {
      const user = orm.store.get('res.users', env.uid, env.view) ?? {};
      return { lang: user.lang ?? 'en_US', tz: user.tz ?? false, uid: env.uid };
    },
  },
  button_immediate_install: {
    onRecords: true,
    params: [],
    models: ['ir.module.module'],
    run: ({ orm, env, ids }) => {
      for (const id of ids)
        orm.writeStored(env, 'ir.module.module', id, {
          state: 'installed',
          latest_version: `${orm.variant.version}.0.1.0`,
        });
      return { type: 'ir.actions.act_url', target: 'self', url: '/web' };
    },
  },
};

/**
 * Turns a call's arguments into named parameters (JSON-RPC: ids first for record methods, then
 * positional arguments by parameter name, then keyword arguments; JSON-2: names only) and runs it.
 */
export function callModelMethod(options: {
  readonly orm: Orm;
  readonly env: OrmEnv;
  readonly model: string;
  readonly method: string;
  readonly transport: Transport;
  readonly positional: readonly unknown[];
  readonly keywords: Readonly<Record<string, unknown>>;
  /** JSON-2 passes ids by name. */
  readonly ids?: unknown;
}): unknown {
  const { orm, env, model, method, transport } = options;
  orm.model(model);
  if (method.startsWith('_')) throw privateMethodError(method);
  const spec = METHODS[method];
  if (spec === undefined || (spec.models !== undefined && !spec.models.includes(model)))
    throw unknownMethodError(model, method);
  let positional = [...options.positional];
  let ids: number[] = [];
  if (transport === 'jsonrpc') {
    if (spec.onRecords) {
      if (positional.length === 0)
        throw typeError(`${method}() missing 1 required positional argument: 'self'`);
      ids = asIds(positional[0]);
      positional = positional.slice(1);
    }
  } else {
    ids = asIds(options.ids);
    if (!spec.onRecords && ids.length > 0) {
      throw new OdooServerError(
        'odoo.exceptions.UserError',
        `cannot call ${model}.${method} with ids`,
      );
    }
  }
  if (positional.length > spec.params.length) {
    throw typeError(
      `${method}() takes ${spec.params.length + 1} positional arguments but ${positional.length + 1} were given`,
    );
  }
  const params: Record<string, unknown> = {};
  positional.forEach((value, index) => {
    const name = spec.params[index];
    if (name !== undefined) params[name] = value;
  });
  for (const [name, value] of Object.entries(options.keywords)) {
    if (!spec.params.includes(name) && spec.extraKeywords !== true) {
      throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
    }
    if (name in params) throw typeError(`${method}() got multiple values for argument '${name}'`);
    params[name] = value;
  }
  const singleCreate =
    method === 'create' &&
    typeof params.vals_list === 'object' &&
    params.vals_list !== null &&
    !Array.isArray(params.vals_list);
  return spec.run({ orm, env, model, ids, params, transport, singleCreate });
}
