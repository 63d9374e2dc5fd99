import type { PlanePriority, PlaneRelationType, PlaneStateGroup } from './types.js';

// What callers pass to write methods (camelCase), and how each becomes Plane's snake_case body. Only
// the keys a caller set are sent: Plane treats a present `null` as "clear", an absent key as "keep".

/** Input of `createProject`. */
export interface CreateProjectInput {
  /** ≤ 255 characters, unique in the workspace, none of `& + , : ; $ ^ } { * = ? @ # | ' < > . ( ) % ! -`. */
  readonly name: string;
  /** ≤ 12 characters, same forbidden characters as `name`; Plane stores it upper-cased. */
  readonly identifier: string;
  readonly description?: string;
  readonly projectLeadId?: string;
  readonly defaultAssigneeId?: string;
  /** CE ≥ 1.0 creates projects with cycles and modules off; cycles need this true. */
  readonly cycleView?: boolean;
  readonly moduleView?: boolean;
  readonly timezone?: string;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Input of `updateProject`; `null` clears a field. */
export interface UpdateProjectInput {
  readonly name?: string;
  readonly description?: string;
  readonly projectLeadId?: string | null;
  readonly defaultAssigneeId?: string | null;
  readonly cycleView?: boolean;
  readonly moduleView?: boolean;
  readonly timezone?: string;
  readonly externalId?: string | null;
  readonly externalSource?: string | null;
}

/** Input of `addProjectMember`. */
export interface AddProjectMemberInput {
  readonly userId: string;
  /** 20 admin, 15 member (default), 5 guest. Guests cannot be assigned work items. */
  readonly role?: 20 | 15 | 5;
}

/** Input of `createState`. Names are unique per project (409). */
export interface CreateStateInput {
  readonly name: string;
  readonly color: string;
  /** Defaults to `backlog` on the server; `triage` is refused. */
  readonly group?: Exclude<PlaneStateGroup, 'triage'>;
  readonly description?: string;
  readonly sequence?: number;
  readonly isDefault?: boolean;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Input of `updateState`. */
export interface UpdateStateInput {
  readonly name?: string;
  readonly color?: string;
  readonly group?: Exclude<PlaneStateGroup, 'triage'>;
  readonly description?: string;
  readonly sequence?: number;
  readonly isDefault?: boolean;
}

/** Input of `createLabel`. Names are unique per project (409). */
export interface CreateLabelInput {
  readonly name: string;
  readonly color?: string;
  readonly description?: string;
  readonly parentId?: string;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Input of `createCycle`. */
export interface CreateCycleInput {
  readonly name: string;
  readonly description?: string;
  /** `YYYY-MM-DD` (or an ISO datetime). Give both dates or neither: Plane refuses one alone. */
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  readonly ownedById?: string;
  readonly timezone?: string;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Input of `updateCycle`. Completed cycles refuse edits (400). */
export interface UpdateCycleInput {
  readonly name?: string;
  readonly description?: string;
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  readonly ownedById?: string;
}

/** Input of `createWorkItem`. */
export interface CreateWorkItemInput {
  readonly name: string;
  readonly descriptionHtml?: string;
  /** A state of the same project; the project's default state when absent. */
  readonly stateId?: string;
  readonly priority?: PlanePriority;
  /** `YYYY-MM-DD`. */
  readonly startDate?: string | null;
  readonly targetDate?: string | null;
  /** Users who are not project members (role ≥ 15) are silently dropped by Plane. */
  readonly assigneeIds?: readonly string[];
  /** Labels of other projects are silently dropped by Plane. */
  readonly labelIds?: readonly string[];
  /** A work item of the same project. */
  readonly parentId?: string | null;
  /** With `externalSource`, makes the create idempotent (a repeat answers 409 with the existing id). */
  readonly externalId?: string;
  readonly externalSource?: string;
  /** Honoured on create only (backfill of history). */
  readonly createdAt?: string;
  readonly createdById?: string;
}

/** Input of `updateWorkItem`; `null` clears a field. */
export interface UpdateWorkItemInput {
  readonly name?: string;
  readonly descriptionHtml?: string;
  readonly stateId?: string;
  readonly priority?: PlanePriority;
  readonly startDate?: string | null;
  readonly targetDate?: string | null;
  /** Replaces the whole set. */
  readonly assigneeIds?: readonly string[];
  /** Replaces the whole set. */
  readonly labelIds?: readonly string[];
  readonly parentId?: string | null;
  readonly externalId?: string | null;
  readonly externalSource?: string | null;
}

/** Input of `createRelation`. */
export interface CreateRelationInput {
  readonly relationType: PlaneRelationType;
  /** At least one. */
  readonly workItemIds: readonly string[];
}

/** Input of `createLink`. */
export interface CreateLinkInput {
  /** `http://` or `https://`; the same URL twice on one item is refused (400). */
  readonly url: string;
  readonly title?: string;
}

/** Input of `createComment`. */
export interface CreateCommentInput {
  readonly commentHtml: string;
  readonly access?: 'INTERNAL' | 'EXTERNAL';
  /** With `externalSource`, makes the create idempotent project-wide (409 names the existing comment). */
  readonly externalId?: string;
  readonly externalSource?: string;
}

type Wire = Record<string, unknown>;

/** Copies the keys whose value is not `undefined`, renamed through `names`. */
function toWire<T extends object>(input: T, names: { readonly [K in keyof T]-?: string }): Wire {
  const wire: Wire = {};
  for (const key of Object.keys(names) as (keyof T & string)[]) {
    const value = input[key];
    if (value !== undefined) wire[names[key]] = value;
  }
  return wire;
}

const PROJECT_NAMES = {
  name: 'name',
  identifier: 'identifier',
  description: 'description',
  projectLeadId: 'project_lead',
  defaultAssigneeId: 'default_assignee',
  cycleView: 'cycle_view',
  moduleView: 'module_view',
  timezone: 'timezone',
  externalId: 'external_id',
  externalSource: 'external_source',
} as const;

/** Body of a project create. */
export const encodeCreateProject = (input: CreateProjectInput): Wire =>
  toWire(input, PROJECT_NAMES);
/** Body of a project PATCH (the identifier cannot change). */
export const encodeUpdateProject = (input: UpdateProjectInput): Wire => {
  const { identifier: _identifier, ...names } = PROJECT_NAMES;
  return toWire(input, names);
};

const STATE_NAMES = {
  name: 'name',
  color: 'color',
  group: 'group',
  description: 'description',
  sequence: 'sequence',
  isDefault: 'default',
  externalId: 'external_id',
  externalSource: 'external_source',
} as const;

/** Body of a state create. */
export const encodeCreateState = (input: CreateStateInput): Wire => toWire(input, STATE_NAMES);
/** Body of a state PATCH. */
export const encodeUpdateState = (input: UpdateStateInput): Wire => {
  const { externalId: _externalId, externalSource: _externalSource, ...names } = STATE_NAMES;
  return toWire(input, names);
};

/** Body of a label create. */
export const encodeCreateLabel = (input: CreateLabelInput): Wire =>
  toWire(input, {
    name: 'name',
    color: 'color',
    description: 'description',
    parentId: 'parent',
    externalId: 'external_id',
    externalSource: 'external_source',
  });

/** Cycle creation also needs `project_id` in the body: CE's serializer reads it from there (§4.4). */
export const encodeCreateCycle = (projectId: string, input: CreateCycleInput): Wire => ({
  ...toWire(input, {
    name: 'name',
    description: 'description',
    startDate: 'start_date',
    endDate: 'end_date',
    ownedById: 'owned_by',
    timezone: 'timezone',
    externalId: 'external_id',
    externalSource: 'external_source',
  }),
  project_id: projectId,
});

/** Body of a cycle PATCH. */
export const encodeUpdateCycle = (input: UpdateCycleInput): Wire =>
  toWire(input, {
    name: 'name',
    description: 'description',
    startDate: 'start_date',
    endDate: 'end_date',
    ownedById: 'owned_by',
  });

const WORK_ITEM_NAMES = {
  name: 'name',
  descriptionHtml: 'description_html',
  stateId: 'state',
  priority: 'priority',
  startDate: 'start_date',
  targetDate: 'target_date',
  assigneeIds: 'assignees',
  labelIds: 'labels',
  parentId: 'parent',
  externalId: 'external_id',
  externalSource: 'external_source',
} as const;

/** Body of a work-item create. */
export const encodeCreateWorkItem = (input: CreateWorkItemInput): Wire =>
  toWire(input, { ...WORK_ITEM_NAMES, createdAt: 'created_at', createdById: 'created_by' });
/** Body of a work-item PATCH. */
export const encodeUpdateWorkItem = (input: UpdateWorkItemInput): Wire =>
  toWire(input, WORK_ITEM_NAMES);

/** Body of a comment create. */
export const encodeCreateComment = (input: CreateCommentInput): Wire =>
  toWire(input, {
    commentHtml: 'comment_html',
    access: 'access',
    externalId: 'external_id',
    externalSource: 'external_source',
  });

/** Body of a link create. */
export const encodeCreateLink = (input: CreateLinkInput): Wire =>
  toWire(input, { url: 'url', title: 'title' });
