import { asText } from './value-encoding.js';
import type { ModelRules, Orm, OrmEnv } from './orm.js';
import { activityState } from './project-rules.js';
import type { StoredRecord } from './record-store.js';

const idOf = (raw: unknown): number | false => (typeof raw === 'number' ? raw : false);
const stored = (orm: Orm, env: OrmEnv, model: string, id: number): StoredRecord =>
  orm.store.get(model, id, env.view) ?? {};

const usersRules: ModelRules = {
  computed: new Set(['display_name']),
  order: 'name, login',
  defaults: (orm, env, vals) => {
    vals.active ??= true;
    vals.share ??= false;
    vals.company_id ??= 1;
    // res.users `_inherits` res.partner: a new user gets its own partner carrying name and email.
    if (vals.partner_id === undefined) {
      const [partnerId] = orm.create({ ...env, changes: [] }, 'res.partner', [
        { name: vals.name ?? false, email: vals.email ?? false, active: true, company_id: 1 },
      ]);
      vals.partner_id = partnerId ?? false;
    }
  },
  compute: (orm, env, id, name) =>
    name === 'display_name' ? asText(stored(orm, env, 'res.users', id).name) : undefined,
};

const activityRules: ModelRules = {
  computed: new Set(['state', 'display_name']),
  order: 'date_deadline asc, id asc',
  defaults: (orm, env, vals) => {
    vals.user_id ??= env.uid;
    const modelId = idOf(vals.res_model_id);
    if (modelId !== false)
      vals.res_model = orm.store.get('ir.model', modelId, env.view)?.model ?? false;
  },
  compute: (orm, env, id, name) => {
    const activity = stored(orm, env, 'mail.activity', id);
    if (name === 'state') return activityState(env, activity);
    if (name === 'display_name') {
      const type = idOf(activity.activity_type_id);
      return typeof activity.summary === 'string'
        ? activity.summary
        : type === false
          ? ''
          : asText(stored(orm, env, 'mail.activity.type', type).name);
    }
    return undefined;
  },
};

const serverActionRules: ModelRules = {
  computed: new Set(['webhook_sample_payload']),
  defaults: (_orm, _env, vals) => {
    vals.usage ??= vals.base_automation_id === undefined ? 'ir_actions_server' : 'base_automation';
    // 17.0 recomputes the name of a webhook action: the name given at create is replaced (recorded).
    if (vals.state === 'webhook') vals.name = 'Send Webhook Notification';
  },
  compute: (orm, env, id, name) => {
    if (name !== 'webhook_sample_payload') return undefined;
    const action = stored(orm, env, 'ir.actions.server', id);
    if (action.state !== 'webhook') return false;
    const fields = Array.isArray(action.webhook_field_ids)
      ? (action.webhook_field_ids as number[])
      : [];
    const sample: Record<string, unknown> = {
      _model: stored(orm, env, 'ir.model', Number(action.model_id)).model,
      _name: action.name,
      id: 1,
    };
    for (const fieldId of fields)
      sample[String(stored(orm, env, 'ir.model.fields', fieldId).name)] = false;
    return JSON.stringify(
      Object.fromEntries(Object.entries(sample).sort(([a], [b]) => a.localeCompare(b))),
      null,
      4,
    );
  },
};

const automationRules: ModelRules = {
  defaults: (orm, _env, vals) => {
    vals.active ??= true;
    vals.url ??= '';
    vals.filter_domain ??= false;
    const sequence = orm.store.ids('base.automation').length + 1;
    vals.webhook_uuid ??= `00000000-0000-4000-a000-${String(sequence).padStart(12, '0')}`;
    // A server action created inline belongs to the rule.
    if (Array.isArray(vals.action_server_ids)) {
      vals.action_server_ids = (vals.action_server_ids as unknown[]).map((command) =>
        Array.isArray(command) && command[0] === 0
          ? [0, 0, { usage: 'base_automation', ...(command[2] as object) }]
          : command,
      );
    }
  },
};

const moduleRules: ModelRules = {};

/** Behaviour of the supporting models (users, activities, automation rules, modules). */
export function supportModelRules(): Record<string, ModelRules> {
  return {
    'res.users': usersRules,
    'mail.activity': activityRules,
    'mail.activity.type': { order: 'sequence, id' },
    'mail.message': { order: 'id desc' },
    'ir.actions.server': serverActionRules,
    'base.automation': automationRules,
    'ir.module.module': moduleRules,
    'ir.model.fields': { order: 'name' },
  };
}
