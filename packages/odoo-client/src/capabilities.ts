import { z } from 'zod';

/** What `fields_get` says about one field (the attributes the client asks for). */
export interface OdooFieldInfo {
  readonly type: string;
  readonly relation?: string | undefined;
  /** Key/label pairs; a string or `false` for selections computed by a method. */
  readonly selection?: readonly (readonly [string, string])[] | string | false | undefined;
}

/** `fields_get` result, field name → attributes. */
export type OdooFieldsInfo = Readonly<Record<string, OdooFieldInfo>>;

/** The attributes requested from `fields_get`: enough to tell versions apart, small enough to be cheap. */
export const FIELD_ATTRIBUTES = ['type', 'relation', 'selection'] as const;

/** Tolerant schema for a `fields_get` result: selections may be lists or (for some fields) strings. */
export const fieldsInfoSchema = z.record(
  z.string(),
  z.object({
    type: z.string(),
    relation: z.string().optional(),
    selection: z
      .union([z.array(z.tuple([z.string(), z.string()])), z.string(), z.literal(false)])
      .optional(),
  }),
);

/**
 * Which logical fields this server has, and under which names, read from `fields_get` on `project.task`
 * and `project.project`. Decoders and the sync use it instead of version numbers, so a server with an
 * unusual module set is still read correctly.
 */
export interface OdooCapabilities {
  /** Major version (16, 17, 18, 19…). */
  readonly version: number;
  /** Task status: `kanban_state` (16) or `state` (17+); `null` when the server has neither. */
  readonly taskStateField: 'state' | 'kanban_state' | null;
  /** Number of priority levels: 2 (`'0'`,`'1'`) before 19, 4 (`'0'`…`'3'`) from 19. */
  readonly priorityLevels: 2 | 4;
  /** The priority keys in the server's order. */
  readonly priorityKeys: readonly string[];
  /** `planned_hours` (16), `allocated_hours` (17+), or `null`. */
  readonly hoursField: 'planned_hours' | 'allocated_hours' | null;
  /** `date_deadline` on tasks: a date on 16, a datetime from 17. */
  readonly dateDeadlineType: 'date' | 'datetime';
  /** Enterprise-only `planned_date_begin` (start of the planned span) is present. */
  readonly hasPlannedDateBegin: boolean;
  /** `project.task.milestone_id` exists. */
  readonly hasMilestones: boolean;
  /** `project.task.depend_on_ids` exists. */
  readonly hasTaskDependencies: boolean;
  /** The optional PPM extension's custom fields, each present or not. */
  readonly ppm: {
    readonly wbsCode: boolean;
    readonly portfolio: boolean;
    readonly isShipped: boolean;
    readonly shippedAt: boolean;
    readonly deployments: boolean;
  };
  /** Every `project.task` field visible to this user. */
  readonly taskFields: ReadonlySet<string>;
  /**
   * The `fields_get` type of every `project.task` field (`boolean`, `datetime`, `many2many`…), so a configured
   * custom field (a ship flag added by a module or Studio) can be checked at start-up and decoded when read.
   */
  readonly taskFieldTypes: Readonly<Record<string, string>>;
  /** Every `project.project` field visible to this user. */
  readonly projectFields: ReadonlySet<string>;
}

/**
 * Derives {@link OdooCapabilities} from `fields_get` results. Pure: the client caches the result.
 *
 * @example
 * const capabilities = deriveCapabilities(17, taskFieldsInfo, projectFieldsInfo);
 * capabilities.taskStateField; // 'state'
 */
export function deriveCapabilities(
  version: number,
  taskFields: OdooFieldsInfo,
  projectFields: OdooFieldsInfo,
): OdooCapabilities {
  const has = (name: string): boolean => name in taskFields;
  const priority = taskFields.priority?.selection;
  const priorityKeys =
    priority === undefined || priority === false || typeof priority === 'string'
      ? ['0', '1']
      : priority.map(([key]) => key);
  return {
    version,
    taskStateField: has('state') ? 'state' : has('kanban_state') ? 'kanban_state' : null,
    priorityLevels: priorityKeys.length > 2 ? 4 : 2,
    priorityKeys,
    hoursField: has('allocated_hours')
      ? 'allocated_hours'
      : has('planned_hours')
        ? 'planned_hours'
        : null,
    dateDeadlineType: taskFields.date_deadline?.type === 'date' ? 'date' : 'datetime',
    hasPlannedDateBegin: has('planned_date_begin'),
    hasMilestones: has('milestone_id'),
    hasTaskDependencies: has('depend_on_ids'),
    ppm: {
      wbsCode: 'wbs_code' in projectFields,
      portfolio: 'portfolio_id' in projectFields,
      isShipped: has('is_shipped'),
      shippedAt: has('shipped_at'),
      deployments: has('deployment_ids'),
    },
    taskFields: new Set(Object.keys(taskFields)),
    taskFieldTypes: Object.fromEntries(
      Object.entries(taskFields).map(([name, info]) => [name, info.type]),
    ),
    projectFields: new Set(Object.keys(projectFields)),
  };
}
