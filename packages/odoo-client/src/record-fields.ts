import type { OdooCapabilities } from './capabilities.js';

// Which fields each typed read asks for, adapted to what the server has.

/** Fields read for `OdooProject`. */
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

/** Fields read for `OdooMilestone`. */
export const MILESTONE_FIELDS = [
  'name',
  'project_id',
  'deadline',
  'is_reached',
  'reached_date',
  'write_date',
];

/** Fields read for `OdooStage`. */
export const STAGE_FIELDS = ['name', 'sequence', 'fold', 'project_ids', 'active'];

/** Fields read for `OdooUser`. */
export const USER_FIELDS = ['name', 'login', 'email', 'active'];

/** Fields read for `OdooTask`, adapted to the server, plus the `extraFields` it has. */
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
