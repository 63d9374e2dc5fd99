import type { OdooVersion } from './field-definitions.js';
import type { RecordStore, StoredRecord } from './record-store.js';

/** The `ir.model` ids the recordings show for `project.task` (16.0: 391, 17.0: 374). */
const TASK_MODEL_ID: Record<OdooVersion, number> = { 16: 391, 17: 374, 18: 374, 19: 374 };

/** Activity types as the recorded databases list them (`mail.activity.type` search_read). */
function activityTypes(version: OdooVersion): StoredRecord[] {
  const todo =
    version === 16
      ? { name: 'To Do', category: 'default' }
      : { name: 'To-Do', category: 'reminder' };
  const rows: StoredRecord[] = [
    { id: 1, name: 'Email', category: 'default', res_model: false, sequence: 1 },
    { id: 2, name: 'Call', category: 'phonecall', res_model: false, sequence: 2 },
    { id: 3, name: 'Meeting', category: 'default', res_model: false, sequence: 3 },
    { id: 4, ...todo, res_model: false, sequence: 4 },
    { id: 5, name: 'Upload Document', category: 'upload_file', res_model: false, sequence: 6 },
  ];
  if (version >= 17)
    rows.push({ id: 7, name: 'Reminder', category: 'reminder', res_model: false, sequence: 5 });
  return rows;
}

/** XML ids an integration may pass (`act_type_xmlid`, `subtype_xmlid`) and the seeded ids they name. */
export const XML_IDS: Readonly<Record<string, { model: string; id: number }>> = {
  'mail.mail_activity_data_email': { model: 'mail.activity.type', id: 1 },
  'mail.mail_activity_data_call': { model: 'mail.activity.type', id: 2 },
  'mail.mail_activity_data_meeting': { model: 'mail.activity.type', id: 3 },
  'mail.mail_activity_data_todo': { model: 'mail.activity.type', id: 4 },
  'mail.mail_activity_data_upload_document': { model: 'mail.activity.type', id: 5 },
  'mail.mt_comment': { model: 'mail.message.subtype', id: 1 },
  'mail.mt_note': { model: 'mail.message.subtype', id: 2 },
  'mail.mt_activities': { model: 'mail.message.subtype', id: 3 },
  'base.user_admin': { model: 'res.users', id: 2 },
  'base.main_company': { model: 'res.company', id: 1 },
};

/**
 * Fills a fresh store with what a new database with the project app has: the company, OdooBot and the
 * administrator, message subtypes, activity types, the `ir.model` rows and the `base_automation` module.
 */
export function seedDatabase(
  store: RecordStore,
  options: { version: OdooVersion; uid: number; login: string; createdAt: string },
): void {
  const { version, uid, login, createdAt } = options;
  const log = { create_uid: 1, create_date: createdAt, write_uid: 1, write_date: createdAt };
  const put = (model: string, row: StoredRecord): void => {
    const id = Number(row.id);
    store.put(model, id, { ...log, ...row });
    store.advanceSequence(model, id + 1);
  };
  put('res.company', { id: 1, name: 'My Company' });
  put('res.partner', { id: 1, name: 'My Company', active: true, company_id: 1 });
  put('res.partner', { id: 2, name: 'OdooBot', active: true, email: 'odoobot@example.com' });
  put('res.partner', {
    id: 3,
    name: 'Administrator',
    active: true,
    email: 'admin@example.com',
    company_id: 1,
  });
  put('res.users', {
    id: 1,
    name: 'OdooBot',
    login: '__system__',
    partner_id: 2,
    active: false,
    share: false,
    company_id: 1,
  });
  put('res.users', {
    id: uid,
    name: 'Administrator',
    login,
    partner_id: 3,
    active: true,
    share: false,
    company_id: 1,
    tz: 'Europe/Brussels',
    lang: 'en_US',
  });
  store.advanceSequence('res.users', 6);
  store.advanceSequence('res.partner', 7);
  put('mail.message.subtype', { id: 1, name: 'Discussions' });
  put('mail.message.subtype', { id: 2, name: 'Note' });
  put('mail.message.subtype', { id: 3, name: 'Activities' });
  put('mail.message.subtype', { id: 4, name: 'Task Created' });
  put('mail.message.subtype', { id: 5, name: 'Stage Changed' });
  for (const row of activityTypes(version)) put('mail.activity.type', row);
  const taskModelId = TASK_MODEL_ID[version];
  const irModels: [string, string][] = [
    ['project.task', 'Task'],
    ['project.project', 'Project'],
    ['project.milestone', 'Milestone'],
    ['project.task.type', 'Task Stage'],
    ['res.users', 'User'],
    ['res.partner', 'Contact'],
  ];
  irModels.forEach(([model, name], index) =>
    put('ir.model', { id: taskModelId + index, model, name }),
  );
  put('ir.module.module', {
    id: 34,
    name: 'base_automation',
    state: version >= 17 ? 'uninstalled' : 'uninstalled',
    latest_version: false,
  });
  put('ir.module.module', {
    id: 35,
    name: 'project',
    state: 'installed',
    latest_version: `${version}.0.1.3`,
  });
}

/** The `ir.model` id of a model in a seeded store, or undefined. */
export function irModelId(store: RecordStore, model: string): number | undefined {
  return store.ids('ir.model').find((id) => store.get('ir.model', id)?.model === model);
}

/** One `ir.model.fields` row per field of the project models (webhook rules name fields by these ids). */
export function seedModelFields(
  store: RecordStore,
  models: ReadonlyMap<
    string,
    {
      readonly fields: Readonly<Record<string, { readonly type: string; readonly string: string }>>;
    }
  >,
): void {
  let id = 3000;
  for (const model of [
    'project.task',
    'project.project',
    'project.milestone',
    'project.task.type',
  ]) {
    const modelId = irModelId(store, model);
    for (const [name, definition] of Object.entries(models.get(model)?.fields ?? {})) {
      store.put('ir.model.fields', id, {
        id,
        name,
        model,
        model_id: modelId ?? false,
        ttype: definition.type,
        field_description: definition.string,
      });
      id += 1;
    }
  }
  store.advanceSequence('ir.model.fields', id);
}
