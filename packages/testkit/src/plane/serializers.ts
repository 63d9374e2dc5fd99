import type {
  CommentRecord,
  CycleRecord,
  ModuleRecord,
  LabelRecord,
  PlaneStore,
  ProjectRecord,
  StateRecord,
  UserRecord,
  WorkItemRecord,
} from './store.js';
import { alive } from './store.js';

/** The wire shapes of Plane CE 1.3.1, key order included, as the recorded fixtures show them. */

type Wire = Record<string, unknown>;

/** `UserLite`: what `users/me`, project members and expanded assignees return. */
export function userLite(user: UserRecord): Wire {
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    avatar: user.avatar,
    avatar_url: user.avatar_url,
    display_name: user.display_name,
  };
}

function projectModel(project: ProjectRecord): Wire {
  const { id: _id, ...rest } = project;
  return rest;
}

/**
 * A project as the REST API returns it: annotations first, then every model field. Lists also carry the
 * caller's `sort_order` (from their membership row).
 */
export function projectWire(
  store: PlaneStore,
  project: ProjectRecord,
  userId: string,
  inList: boolean,
): Wire {
  const members = [...store.projectMembers.values()].filter(
    (row) => row.project === project.id && row.is_active,
  );
  const own = members.find((row) => row.member === userId);
  return {
    id: project.id,
    total_members: members.length,
    total_cycles: alive(store.cycles).filter((cycle) => cycle.project === project.id).length,
    total_modules: alive(store.modules).filter((module) => module.project === project.id).length,
    is_member: own !== undefined,
    ...(inList ? { sort_order: 65535 } : {}),
    member_role: own?.role ?? null,
    is_deployed: false,
    cover_image_url: null,
    ...projectModel(project),
  };
}

/** A project in a webhook `data` (ProjectSerializer without the query annotations). */
export function projectWebhookWire(project: ProjectRecord): Wire {
  return { id: project.id, cover_image_url: null, ...projectModel(project) };
}

/** A state as the REST API returns it (all model fields, in model order). */
export function stateWire(state: StateRecord): Wire {
  return { ...state };
}

/** A label as the REST API returns it. */
export function labelWire(label: LabelRecord): Wire {
  return { ...label };
}

/** Options of a work-item read: `?expand=` and `?fields=`. */
export interface WorkItemView {
  readonly expand?: ReadonlySet<string>;
  readonly fields?: ReadonlySet<string>;
}

/** A work item as the REST API returns it (IssueSerializer), honouring `expand` and `fields`. */
export function workItemWire(
  store: PlaneStore,
  item: WorkItemRecord,
  view: WorkItemView = {},
): Wire {
  const expand = view.expand ?? new Set<string>();
  const state = store.states.get(item.state);
  const wire: Wire = {
    id: item.id,
    type_id: item.type,
    created_at: item.created_at,
    updated_at: item.updated_at,
    deleted_at: item.deleted_at,
    point: item.point,
    name: item.name,
    description_html: item.description_html,
    description_binary: item.description_binary,
    priority: item.priority,
    start_date: item.start_date,
    target_date: item.target_date,
    sequence_id: item.sequence_id,
    sort_order: item.sort_order,
    completed_at: item.completed_at,
    archived_at: item.archived_at,
    is_draft: item.is_draft,
    external_source: item.external_source,
    external_id: item.external_id,
    created_by: item.created_by,
    updated_by: item.updated_by,
    project: item.project,
    workspace: item.workspace,
    parent: item.parent,
    state: expand.has('state') && state !== undefined ? stateLite(state) : item.state,
    estimate_point: item.estimate_point,
    type: item.type,
    assignees: expand.has('assignees')
      ? item.assignees.flatMap((id) => {
          const user = store.users.get(id);
          return user === undefined ? [] : [userLite(user)];
        })
      : [...item.assignees],
    labels: expand.has('labels')
      ? item.labels.flatMap((id) => {
          const label = store.labels.get(id);
          return label === undefined ? [] : [labelWire(label)];
        })
      : [...item.labels],
  };
  const fields = view.fields;
  if (fields === undefined || fields.size === 0) return wire;
  // Unknown names are ignored and the serializer's own key order is kept, as in the fixture with ?fields=.
  return Object.fromEntries(Object.entries(wire).filter(([key]) => fields.has(key)));
}

function stateLite(state: StateRecord): Wire {
  return { id: state.id, name: state.name, color: state.color, group: state.group };
}

/** A work item in a webhook `data` (IssueExpandSerializer): nested state, labels and assignees. */
export function workItemWebhookWire(store: PlaneStore, item: WorkItemRecord): Wire {
  const state = store.states.get(item.state);
  return {
    id: item.id,
    labels: item.labels.flatMap((id) => {
      const label = store.labels.get(id);
      return label === undefined ? [] : [{ id: label.id, name: label.name, color: label.color }];
    }),
    assignees: item.assignees.flatMap((id) => {
      const user = store.users.get(id);
      return user === undefined ? [] : [userLite(user)];
    }),
    state: state === undefined ? null : stateLite(state),
    description: {},
    created_at: item.created_at,
    updated_at: item.updated_at,
    deleted_at: item.deleted_at,
    point: item.point,
    name: item.name,
    description_json: {},
    description_html: item.description_html,
    description_stripped: stripHtml(item.description_html),
    description_binary: item.description_binary,
    priority: item.priority,
    start_date: item.start_date,
    target_date: item.target_date,
    sequence_id: item.sequence_id,
    sort_order: item.sort_order,
    completed_at: item.completed_at,
    archived_at: item.archived_at,
    is_draft: item.is_draft,
    external_source: item.external_source,
    external_id: item.external_id,
    created_by: item.created_by,
    updated_by: item.updated_by,
    project: item.project,
    workspace: item.workspace,
    parent: item.parent,
    estimate_point: item.estimate_point,
    type: item.type,
  };
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim();
}

/** Issue counts per state group, as the cycle list and detail annotate them. */
export function cycleWire(store: PlaneStore, cycle: CycleRecord, withCounts: boolean): Wire {
  if (!withCounts) return { ...cycle };
  const counts = { total: 0, cancelled: 0, completed: 0, started: 0, unstarted: 0, backlog: 0 };
  for (const row of alive(store.cycleIssues)) {
    if (row.cycle !== cycle.id) continue;
    const item = store.workItems.get(row.issue);
    if (item === undefined || item.deleted_at !== null) continue;
    counts.total += 1;
    const group = store.states.get(item.state)?.group;
    if (group !== undefined && group in counts) counts[group as keyof typeof counts] += 1;
  }
  const { id, ...rest } = cycle;
  return {
    id,
    total_issues: counts.total,
    cancelled_issues: counts.cancelled,
    completed_issues: counts.completed,
    started_issues: counts.started,
    unstarted_issues: counts.unstarted,
    backlog_issues: counts.backlog,
    ...rest,
  };
}

/** A comment as the REST API returns it; lists add `is_member` after the id. */
export function commentWire(comment: CommentRecord, inList: boolean): Wire {
  const { id, ...rest } = comment;
  return inList ? { id, is_member: true, ...rest } : { id, ...rest };
}

/**
 * A module (ModuleSerializer, `fields = "__all__"`): DRF puts the pk first, then the annotated counts, the
 * plain fields and the foreign keys, and `to_representation` appends `members` as uuid strings. No recording
 * covers modules; the order follows the serializer the way the recorded cycles do.
 */
export function moduleWire(store: PlaneStore, module: ModuleRecord, withCounts: boolean): Wire {
  const { id, members, created_by, updated_by, project, workspace, lead, ...plain } = module;
  const counts = { total: 0, cancelled: 0, completed: 0, started: 0, unstarted: 0, backlog: 0 };
  if (withCounts) {
    for (const row of alive(store.moduleIssues)) {
      if (row.module !== module.id) continue;
      const item = store.workItems.get(row.issue);
      if (item === undefined || item.deleted_at !== null) continue;
      counts.total += 1;
      const group = store.states.get(item.state)?.group;
      if (group !== undefined && group in counts) counts[group as keyof typeof counts] += 1;
    }
  }
  return {
    id,
    ...(withCounts
      ? {
          total_issues: counts.total,
          cancelled_issues: counts.cancelled,
          completed_issues: counts.completed,
          started_issues: counts.started,
          unstarted_issues: counts.unstarted,
          backlog_issues: counts.backlog,
        }
      : {}),
    ...plain,
    created_by,
    updated_by,
    project,
    workspace,
    lead,
    members: [...members],
  };
}
