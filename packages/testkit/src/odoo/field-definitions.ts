import v16Milestone from './fields/v16-project-milestone.json';
import v16Project from './fields/v16-project-project.json';
import v16Task from './fields/v16-project-task.json';
import v16TaskType from './fields/v16-project-task-type.json';
import v17Milestone from './fields/v17-project-milestone.json';
import v17Project from './fields/v17-project-project.json';
import v17Task from './fields/v17-project-task.json';
import v17TaskType from './fields/v17-project-task-type.json';

/** The Odoo major versions the simulator speaks. */
export type OdooVersion = 16 | 17 | 18 | 19;
/** Community or Enterprise field sets. */
export type OdooEdition = 'ce' | 'ee';

/** Odoo field types that appear in the simulated models. */
export type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'many2many'
  | 'binary'
  | 'json'
  | 'properties'
  | 'properties_definition'
  | 'many2one_reference'
  | 'reference';

/** One field as `fields_get` describes it (the attributes the recordings asked for). */
export interface FieldDefinition {
  readonly type: FieldType;
  readonly string: string;
  readonly required: boolean;
  readonly readonly: boolean;
  readonly relation?: string;
  readonly selection?: readonly (readonly [string, string])[];
}

/** A model: its technical name, its label (used in error texts) and its fields. */
export interface ModelDefinition {
  readonly name: string;
  readonly label: string;
  readonly fields: Readonly<Record<string, FieldDefinition>>;
}

/** Which variant of Odoo a simulator is. */
export interface ModelVariant {
  readonly version: OdooVersion;
  readonly edition: OdooEdition;
  readonly ppm: boolean;
  /** Fields a custom module adds to the project models (stock Odoo has none of them). */
  readonly customFields?: CustomFields;
}

/** One field a custom module (or Studio) adds: `x_shipped: { type: 'boolean', string: 'Shipped' }`. */
export interface CustomFieldDefinition {
  readonly type: FieldType;
  readonly string: string;
  readonly relation?: string;
}

/** Custom fields per project model, e.g. `{ 'project.task': { x_shipped: { type: 'boolean', string: 'Shipped' } } }`. */
export type CustomFields = Readonly<
  Partial<
    Record<'project.project' | 'project.task', Readonly<Record<string, CustomFieldDefinition>>>
  >
>;

type FieldMap = Record<string, FieldDefinition>;

const field = (
  type: FieldType,
  string: string,
  extra: Partial<Omit<FieldDefinition, 'type' | 'string'>> = {},
): FieldDefinition => ({ type, string, required: false, readonly: false, ...extra });

const m2o = (
  relation: string,
  string: string,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => field('many2one', string, { relation, ...extra });
const o2m = (relation: string, string: string): FieldDefinition =>
  field('one2many', string, { relation });
const m2m = (relation: string, string: string): FieldDefinition =>
  field('many2many', string, { relation });
const selection = (
  string: string,
  options: readonly (readonly [string, string])[],
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => field('selection', string, { selection: options, ...extra });

/** Fields every model has (`id`, `display_name`, the four magic log fields). */
function magicFields(version: OdooVersion): FieldMap {
  return {
    id: field('integer', 'ID', { readonly: true }),
    display_name: field('char', 'Display Name', { readonly: true }),
    create_uid: m2o('res.users', 'Created by', { readonly: true }),
    create_date: field('datetime', 'Created on', { readonly: true }),
    write_uid: m2o('res.users', 'Last Updated by', { readonly: true }),
    write_date: field('datetime', 'Last Updated on', { readonly: true }),
    ...(version === 16
      ? { __last_update: field('datetime', 'Last Modified on', { readonly: true }) }
      : {}),
  };
}

// The recorded `fields_get` answers list every field; the JSON files are those answers, verbatim.
const recorded = {
  16: {
    'project.project': v16Project,
    'project.task': v16Task,
    'project.milestone': v16Milestone,
    'project.task.type': v16TaskType,
  },
  17: {
    'project.project': v17Project,
    'project.task': v17Task,
    'project.milestone': v17Milestone,
    'project.task.type': v17TaskType,
  },
} as unknown as Record<16 | 17, Record<string, FieldMap>>;

/**
 * 18.0 and 19.0 are derived from the recorded 17.0 sets with the differences OpenUpgrade's analysis
 * lists (see `odoo-api.md` §3); they are not recordings.
 */
function projectFields(model: string, variant: ModelVariant): FieldMap {
  const base = { ...(recorded[variant.version === 16 ? 16 : 17][model] ?? {}) };
  const { version } = variant;
  if (version >= 18) {
    if (model === 'project.project' && base.analytic_account_id !== undefined) {
      base.account_id = { ...base.analytic_account_id, string: 'Analytic Account' };
      delete base.analytic_account_id;
    }
    if (model === 'project.task' && base.analytic_account_id !== undefined) {
      base.account_id = { ...base.analytic_account_id };
      delete base.analytic_account_id;
    }
    if (model === 'project.task.type') delete base.description;
  }
  if (version >= 19) {
    if (model === 'project.task') {
      base.priority = selection('Priority', [
        ['0', 'Low priority'],
        ['1', 'Medium priority'],
        ['2', 'High priority'],
        ['3', 'Urgent'],
      ]);
      base.is_template = field('boolean', 'Is Template');
      base.has_template_ancestor = field('boolean', 'Has Template Ancestor', { readonly: true });
      base.role_ids = m2m('project.role', 'Project Roles');
    }
    if (model === 'project.project') {
      base.is_template = field('boolean', 'Is Template');
      base.allow_recurring_tasks = field('boolean', 'Recurring Tasks');
      base.privacy_visibility = selection(
        'Visibility',
        [
          ['followers', 'Invited internal users (private)'],
          ['invited_users', 'Invited internal and portal users'],
          ['employees', 'All internal users'],
          ['portal', 'Invited portal users and all internal users (public)'],
        ],
        { required: true },
      );
    }
    if (model === 'project.milestone') base.sequence = field('integer', 'Sequence');
    if (model === 'project.task.type') {
      base.color = field('integer', 'Color');
      base.rotting_threshold_days = field('integer', 'Days to rot');
    }
  }
  if (variant.edition === 'ee' && model === 'project.task') {
    base.planned_date_begin = field('datetime', 'Start date');
    if (version === 16) base.planned_date_end = field('datetime', 'End date');
  }
  if (variant.ppm) {
    if (model === 'project.project') {
      base.wbs_code = field('char', 'WBS Code');
      base.portfolio_id = m2o('project.portfolio', 'Portfolio');
    }
    if (model === 'project.task') {
      base.is_shipped = field('boolean', 'Shipped');
      base.shipped_at = field('datetime', 'Shipped At');
      base.deployment_ids = m2m('project.deployment', 'Deployments');
    }
  }
  const custom = variant.customFields?.[model as keyof CustomFields] ?? {};
  for (const [name, definition] of Object.entries(custom)) {
    base[name] = field(definition.type, definition.string, {
      ...(definition.relation === undefined ? {} : { relation: definition.relation }),
    });
  }
  return base;
}

const projectLabels: Record<string, string> = {
  'project.project': 'Project',
  'project.task': 'Task',
  'project.milestone': 'Milestone',
  'project.task.type': 'Task Stage',
};

/** Hand-written field sets for the supporting models (only what integrations read or write). */
function supportingModels(variant: ModelVariant): ModelDefinition[] {
  const { version } = variant;
  const magic = magicFields(version);
  const model = (name: string, label: string, fields: FieldMap): ModelDefinition => ({
    name,
    label,
    fields: { ...fields, ...magic },
  });
  // The selections as the recorded 16.0 and 17.0 `fields_get` list them.
  const serverActionStates: readonly (readonly [string, string])[] =
    version === 16
      ? [
          ['code', 'Execute Python Code'],
          ['object_create', 'Create a new Record'],
          ['object_write', 'Update the Record'],
          ['multi', 'Execute several actions'],
          ['mail_post', 'Send Email'],
          ['followers', 'Add Followers'],
          ['next_activity', 'Create Next Activity'],
          ['sms', 'Send SMS Text Message'],
        ]
      : [
          ['object_write', 'Update Record'],
          ['next_activity', 'Create Activity'],
          ['mail_post', 'Send Email'],
          ['sms', 'Send SMS'],
          ['followers', 'Add Followers'],
          ['remove_followers', 'Remove Followers'],
          ['object_create', 'Create Record'],
          ['code', 'Execute Code'],
          ['webhook', 'Send Webhook Notification'],
          ['multi', 'Execute Existing Actions'],
        ];
  const models: ModelDefinition[] = [
    model('res.company', 'Companies', { name: field('char', 'Company Name', { required: true }) }),
    model('res.partner', 'Contact', {
      name: field('char', 'Name'),
      email: field('char', 'Email'),
      active: field('boolean', 'Active'),
      company_id: m2o('res.company', 'Company'),
      user_ids: o2m('res.users', 'Users'),
    }),
    model('res.users', 'User', {
      name: field('char', 'Name', { required: true }),
      login: field('char', 'Login', { required: true }),
      email: field('char', 'Email'),
      partner_id: m2o('res.partner', 'Related Partner', { required: true }),
      share: field('boolean', 'Share User', { readonly: true }),
      active: field('boolean', 'Active'),
      tz: field('char', 'Timezone'),
      lang: field('char', 'Language'),
      company_id: m2o('res.company', 'Company'),
      ...(version >= 19
        ? {
            group_ids: m2m('res.groups', 'Groups'),
            all_group_ids: m2m('res.groups', 'Groups and implied groups'),
          }
        : { groups_id: m2m('res.groups', 'Groups') }),
    }),
    model('res.groups', 'Access Groups', { name: field('char', 'Name', { required: true }) }),
    model('project.tags', 'Project Tags', { name: field('char', 'Name', { required: true }) }),
    model('mail.message.subtype', 'Message subtypes', {
      name: field('char', 'Message Type', { required: true }),
    }),
    model('mail.tracking.value', 'Mail Tracking Value', {
      mail_message_id: m2o('mail.message', 'Message ID', { required: true }),
      field_id: m2o('ir.model.fields', 'Changed Field'),
    }),
    model('mail.message', 'Message', {
      body: field('html', 'Contents'),
      message_type: selection(
        'Type',
        [
          ['email', 'Incoming Email'],
          ['comment', 'Comment'],
          ['email_outgoing', 'Outgoing Email'],
          ['notification', 'System notification'],
          ['auto_comment', 'Automated Targeted Notification'],
          ['user_notification', 'User Specific Notification'],
        ],
        { required: true },
      ),
      subtype_id: m2o('mail.message.subtype', 'Subtype'),
      author_id: m2o('res.partner', 'Author'),
      date: field('datetime', 'Date'),
      model: field('char', 'Related Document Model'),
      res_id: field('many2one_reference', 'Related Document ID'),
      partner_ids: m2m('res.partner', 'Recipients'),
      tracking_value_ids: o2m('mail.tracking.value', 'Tracking values'),
    }),
    model('mail.activity.type', 'Activity Type', {
      name: field('char', 'Name', { required: true }),
      category: selection('Action', [
        ['default', 'None'],
        ['upload_file', 'Upload Document'],
        ['phonecall', 'Phonecall'],
        ...(version >= 17 ? ([['reminder', 'Reminder']] as const) : []),
      ]),
      res_model: field('selection', 'Model'),
      sequence: field('integer', 'Sequence'),
    }),
    model('mail.activity', 'Activity', {
      res_model_id: m2o('ir.model', 'Document Model', { required: true }),
      res_model: field('char', 'Related Document Model', { readonly: true }),
      res_id: field('many2one_reference', 'Related Document ID'),
      activity_type_id: m2o('mail.activity.type', 'Activity Type'),
      summary: field('char', 'Summary'),
      note: field('html', 'Note'),
      date_deadline: field('date', 'Due Date', { required: true }),
      user_id: m2o('res.users', 'Assigned to'),
      state: selection(
        'State',
        [
          ['overdue', 'Overdue'],
          ['today', 'Today'],
          ['planned', 'Planned'],
        ],
        { readonly: true },
      ),
    }),
    model('ir.model', 'Models', {
      model: field('char', 'Model', { required: true }),
      name: field('char', 'Model Description', { required: true }),
    }),
    model('ir.model.fields', 'Fields', {
      name: field('char', 'Field Name', { required: true }),
      model: field('char', 'Model Name', { required: true }),
      model_id: m2o('ir.model', 'Model', { required: true }),
      ttype: field('selection', 'Field Type', { required: true }),
      field_description: field('char', 'Field Label'),
    }),
    model('ir.module.module', 'Module', {
      name: field('char', 'Technical Name', { readonly: true, required: true }),
      state: selection(
        'Status',
        [
          ['uninstallable', 'Uninstallable'],
          ['uninstalled', 'Not Installed'],
          ['installed', 'Installed'],
          ['to upgrade', 'To be upgraded'],
          ['to remove', 'To be removed'],
          ['to install', 'To be installed'],
        ],
        { readonly: true },
      ),
      latest_version: field('char', 'Installed Version', { readonly: true }),
    }),
    model('ir.actions.server', 'Server Actions', {
      name: field('char', 'Action Name', { required: true }),
      state: selection('Type', serverActionStates, { required: true }),
      model_id: m2o('ir.model', 'Model', { required: true }),
      usage: selection('Usage', [
        ['ir_actions_server', 'Server Action'],
        ['ir_cron', 'Scheduled Action'],
        ...(version >= 17 ? ([['base_automation', 'Automation Rule']] as const) : []),
      ]),
      ...(version >= 17
        ? {
            webhook_url: field('char', 'Webhook URL'),
            webhook_field_ids: m2m('ir.model.fields', 'Webhook Fields'),
            webhook_sample_payload: field('text', 'Sample Payload', { readonly: true }),
            base_automation_id: m2o('base.automation', 'Automation Rule'),
          }
        : {}),
    }),
  ];
  if (version >= 17) {
    models.push(
      model('base.automation', 'Automation Rule', {
        name: field('char', 'Automation Rule Name', { required: true }),
        model_id: m2o('ir.model', 'Model', { required: true }),
        trigger: selection(
          'Trigger',
          [
            ['on_stage_set', 'Stage is set to'],
            ['on_user_set', 'User is set'],
            ['on_tag_set', 'Tag is added'],
            ['on_state_set', 'State is set to'],
            ['on_priority_set', 'Priority is set to'],
            ['on_archive', 'On archived'],
            ['on_unarchive', 'On unarchived'],
            ['on_create_or_write', 'On save'],
            ['on_create', 'On creation'],
            ['on_write', 'On update'],
            ['on_unlink', 'On deletion'],
            ['on_change', 'On UI change'],
            ['on_time', 'Based on date field'],
            ['on_time_created', 'After creation'],
            ['on_time_updated', 'After last update'],
            ['on_message_received', 'On incoming message'],
            ['on_message_sent', 'On outgoing message'],
            ['on_webhook', 'On webhook'],
          ],
          { required: true },
        ),
        action_server_ids: o2m('ir.actions.server', 'Actions'),
        trigger_field_ids: m2m('ir.model.fields', 'Trigger Fields'),
        filter_domain: field('char', 'Apply on'),
        webhook_uuid: field('char', 'Webhook UUID', { readonly: true }),
        url: field('char', 'URL', { readonly: true }),
        active: field('boolean', 'Active'),
      }),
    );
  }
  if (variant.ppm) {
    models.push(
      model('project.portfolio', 'Portfolio', { name: field('char', 'Name', { required: true }) }),
      model('project.deployment', 'Deployment', {
        name: field('char', 'Name', { required: true }),
        environment: field('char', 'Environment'),
        url: field('char', 'URL'),
        deployed_at: field('datetime', 'Deployed At'),
      }),
    );
  }
  return models;
}

/**
 * Every model of one simulated server, keyed by technical name. `project.*` fields are the recorded
 * `fields_get` answers (16.0, 17.0) or derived from them (18.0, 19.0); EE and PPM fields are added on top.
 */
export function buildModelDefinitions(variant: ModelVariant): ReadonlyMap<string, ModelDefinition> {
  const models = new Map<string, ModelDefinition>();
  for (const name of Object.keys(projectLabels)) {
    models.set(name, {
      name,
      label: projectLabels[name] ?? name,
      fields: projectFields(name, variant),
    });
  }
  for (const definition of supportingModels(variant)) models.set(definition.name, definition);
  return models;
}
