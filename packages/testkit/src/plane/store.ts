/**
 * The simulator's in-memory database. Records hold wire field names (snake_case) so serialisers only
 * choose and order keys; `deleted_at` marks soft deletes as in Plane, and deleted rows drop out of reads.
 */

export interface UserRecord {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  avatar: string;
  avatar_url: string | null;
  display_name: string;
  /** Workspace role: 20 admin, 15 member, 5 guest. */
  role: number;
  apiKey: string;
}

/** A project row (`db/models/project.py`). */
export interface ProjectRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name: string;
  description: string;
  description_text: null;
  description_html: null;
  network: number;
  identifier: string;
  emoji: string | null;
  icon_prop: unknown;
  module_view: boolean;
  cycle_view: boolean;
  issue_views_view: boolean;
  page_view: boolean;
  intake_view: boolean;
  is_time_tracking_enabled: boolean;
  is_issue_type_enabled: boolean;
  guest_view_all_features: boolean;
  cover_image: string | null;
  archive_in: number;
  close_in: number;
  logo_props: unknown;
  archived_at: string | null;
  timezone: string;
  external_source: string | null;
  external_id: string | null;
  created_by: string;
  updated_by: string | null;
  workspace: string;
  default_assignee: string | null;
  project_lead: string | null;
  cover_image_asset: null;
  estimate: null;
  default_state: string | null;
}

/** A project membership; `role` is 20 admin, 15 member, 5 guest. */
export interface ProjectMemberRecord {
  id: string;
  project: string;
  member: string;
  role: number;
  is_active: boolean;
}

/** A workflow state; the hidden triage state has `is_triage: true`. */
export interface StateRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name: string;
  description: string;
  color: string;
  slug: string;
  sequence: number;
  group: string;
  is_triage: boolean;
  default: boolean;
  external_source: string | null;
  external_id: string | null;
  created_by: string;
  updated_by: string | null;
  project: string;
  workspace: string;
}

/** A project label. */
export interface LabelRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name: string;
  description: string;
  color: string;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  created_by: string;
  updated_by: string | null;
  workspace: string;
  project: string;
  parent: string | null;
}

/** A work item (an `Issue` row) with its assignee and label ids. */
export interface WorkItemRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  point: number | null;
  name: string;
  description_html: string;
  description_binary: null;
  priority: string;
  start_date: string | null;
  target_date: string | null;
  sequence_id: number;
  sort_order: number;
  completed_at: string | null;
  archived_at: string | null;
  is_draft: boolean;
  external_source: string | null;
  external_id: string | null;
  created_by: string;
  updated_by: string | null;
  project: string;
  workspace: string;
  parent: string | null;
  state: string;
  estimate_point: string | null;
  type: string | null;
  assignees: string[];
  labels: string[];
}

/** A cycle; `start_date`/`end_date` are datetimes, as Plane stores them. */
export interface CycleRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name: string;
  description: string;
  start_date: string | null;
  end_date: string | null;
  view_props: Record<string, unknown>;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  progress_snapshot: Record<string, unknown>;
  archived_at: string | null;
  logo_props: Record<string, unknown>;
  timezone: string;
  version: number;
  created_by: string;
  updated_by: string | null;
  project: string;
  workspace: string;
  owned_by: string;
}

/** A work item's place in a cycle (at most one live row per item). */
export interface CycleIssueRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  created_by: string | null;
  updated_by: string | null;
  project: string;
  workspace: string;
  issue: string;
  cycle: string;
}

/** A module with its member ids. */
export interface ModuleRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name: string;
  description: string;
  description_text: null;
  description_html: null;
  start_date: string | null;
  target_date: string | null;
  status: string;
  view_props: Record<string, unknown>;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  archived_at: string | null;
  logo_props: Record<string, unknown>;
  created_by: string;
  updated_by: string | null;
  project: string;
  workspace: string;
  lead: string | null;
  members: string[];
}

/** A work item's place in a module (an item can be in several). */
export interface ModuleIssueRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  created_by: string | null;
  updated_by: string | null;
  project: string;
  workspace: string;
  module: string;
  issue: string;
}

/** A relation as Plane stores it: reverse types are normalised (`blocking` → `blocked_by` swapped). */
export interface RelationRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  issue: string;
  related_issue: string;
  relation_type: string;
  created_by: string;
  updated_by: string;
  project: string;
}

/** A link on a work item. */
export interface LinkRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  title: string | null;
  url: string;
  metadata: Record<string, unknown>;
  created_by: string | null;
  updated_by: string | null;
  project: string;
  workspace: string;
  issue: string;
}

/** A comment on a work item. */
export interface CommentRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  comment_html: string;
  attachments: unknown[];
  access: string;
  external_source: string | null;
  external_id: string | null;
  edited_at: string | null;
  created_by: string;
  updated_by: string | null;
  project: string;
  workspace: string;
  description: string;
  issue: string;
  actor: string;
  parent: string | null;
}

/** A row of a work item's history (`IssueActivity`). */
export interface ActivityRecord {
  id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  verb: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  comment: string;
  attachments: unknown[];
  old_identifier: string | null;
  new_identifier: string | null;
  epoch: number;
  project: string;
  workspace: string;
  issue: string;
  issue_comment: string | null;
  actor: string;
}

/** A configured webhook with its event toggles. */
export interface WebhookRecord {
  id: string;
  url: string;
  secret: string;
  project: boolean;
  issue: boolean;
  cycle: boolean;
  module: boolean;
  issue_comment: boolean;
  is_active: boolean;
}

/** Everything the simulated workspace holds. Maps keep insertion order, which list endpoints rely on. */
export interface PlaneStore {
  readonly workspaceId: string;
  readonly users: Map<string, UserRecord>;
  readonly projects: Map<string, ProjectRecord>;
  readonly projectMembers: Map<string, ProjectMemberRecord>;
  readonly states: Map<string, StateRecord>;
  readonly labels: Map<string, LabelRecord>;
  readonly workItems: Map<string, WorkItemRecord>;
  /** Highest sequence id handed out per project; never reused after a delete. */
  readonly sequences: Map<string, number>;
  readonly cycles: Map<string, CycleRecord>;
  readonly cycleIssues: Map<string, CycleIssueRecord>;
  readonly modules: Map<string, ModuleRecord>;
  readonly moduleIssues: Map<string, ModuleIssueRecord>;
  readonly relations: Map<string, RelationRecord>;
  readonly links: Map<string, LinkRecord>;
  readonly comments: Map<string, CommentRecord>;
  readonly activities: Map<string, ActivityRecord>;
  readonly webhooks: Map<string, WebhookRecord>;
}

/** An empty store for one workspace. */
export function createPlaneStore(workspaceId: string): PlaneStore {
  return {
    workspaceId,
    users: new Map(),
    projects: new Map(),
    projectMembers: new Map(),
    states: new Map(),
    labels: new Map(),
    workItems: new Map(),
    sequences: new Map(),
    cycles: new Map(),
    cycleIssues: new Map(),
    modules: new Map(),
    moduleIssues: new Map(),
    relations: new Map(),
    links: new Map(),
    comments: new Map(),
    activities: new Map(),
    webhooks: new Map(),
  };
}

/** Empties every table except users (the workspace and its members survive a reset). */
export function clearPlaneStore(store: PlaneStore): void {
  for (const table of [
    store.projects,
    store.projectMembers,
    store.states,
    store.labels,
    store.workItems,
    store.sequences,
    store.cycles,
    store.cycleIssues,
    store.modules,
    store.moduleIssues,
    store.relations,
    store.links,
    store.comments,
    store.activities,
    store.webhooks,
  ] as const) {
    table.clear();
  }
}

/** The rows of a table that are not soft-deleted. */
export function alive<T extends { deleted_at: string | null }>(table: Map<string, T>): T[] {
  return [...table.values()].filter((row) => row.deleted_at === null);
}
