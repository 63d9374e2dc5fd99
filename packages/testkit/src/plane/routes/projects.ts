import {
  FORBIDDEN,
  NOT_FOUND,
  fieldError,
  nonFieldError,
  optionalString,
  plainError,
  type RouteContext,
  type RouteResult,
  asText,
} from '../context.js';
import { emitDeleted, emitUpdated } from '../model-activity.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import type { PlaneRoute } from '../route-table.js';
import { projectWebhookWire, projectWire } from '../serializers.js';
import { alive, type ProjectRecord, type StateRecord } from '../store.js';
import { emitCreated } from '../model-activity.js';

/** `FORBIDDEN_IDENTIFIER_CHARS_PATTERN` of CE, applied to identifiers and names alike. */
const FORBIDDEN_CHARACTERS = /[&+,:;$^}{*=?@#|'<>.()%!-]/;

/** The states every new project gets (`db/models/state.py` DEFAULT_STATES), colours as recorded. */
const DEFAULT_STATES: readonly {
  name: string;
  color: string;
  sequence: number;
  group: string;
  default?: true;
}[] = [
  { name: 'Backlog', color: '#60646C', sequence: 15000, group: 'backlog', default: true },
  { name: 'Todo', color: '#60646C', sequence: 25000, group: 'unstarted' },
  { name: 'In Progress', color: '#F59E0B', sequence: 35000, group: 'started' },
  { name: 'Done', color: '#46A758', sequence: 45000, group: 'completed' },
  { name: 'Cancelled', color: '#9AA4BC', sequence: 55000, group: 'cancelled' },
];

const BOOLEAN_FLAGS = [
  'module_view',
  'cycle_view',
  'issue_views_view',
  'page_view',
  'intake_view',
  'is_time_tracking_enabled',
  'is_issue_type_enabled',
  'guest_view_all_features',
] as const;

/** The user's active membership row in a project, if any. */
export function membershipOf(context: RouteContext, projectId: string, userId: string) {
  return [...context.store.projectMembers.values()].find(
    (row) => row.project === projectId && row.member === userId && row.is_active,
  );
}

function liveProject(context: RouteContext, id: string | undefined): ProjectRecord | undefined {
  const project = id === undefined ? undefined : context.store.projects.get(id);
  return project === undefined || project.deleted_at !== null ? undefined : project;
}

/** DRF field checks shared by create and update; `partial` skips the required checks. */
function validateProjectFields(context: RouteContext, partial: boolean): RouteResult | undefined {
  const errors: Record<string, string[]> = {};
  for (const [field, max] of [
    ['name', 255],
    ['identifier', 12],
  ] as const) {
    const raw = context.body[field];
    if (raw === undefined) {
      if (!partial) errors[field] = ['This field is required.'];
      continue;
    }
    if (raw === null) {
      errors[field] = ['This field may not be null.'];
      continue;
    }
    const value = asText(raw).trim();
    if (value === '') errors[field] = ['This field may not be blank.'];
    else if (value.length > max)
      errors[field] = [`Ensure this field has no more than ${max} characters.`];
  }
  if (Object.keys(errors).length > 0) return { status: 400, body: errors };
  const identifier = optionalString(context.body, 'identifier');
  if (identifier !== undefined && identifier !== null && FORBIDDEN_CHARACTERS.test(identifier)) {
    return nonFieldError('Project identifier cannot contain special characters.');
  }
  const name = optionalString(context.body, 'name');
  if (name !== undefined && name !== null && FORBIDDEN_CHARACTERS.test(name)) {
    return nonFieldError('Project name cannot contain special characters.');
  }
  const lead = optionalString(context.body, 'project_lead');
  if (lead !== undefined && lead !== null && !context.store.users.has(lead)) {
    return nonFieldError('Project lead should be a user in the workspace');
  }
  return undefined;
}

// A duplicate identifier hits the DB constraint, whose handler answers with the *name* message
// (fixture 008), so both duplicates share one body.
function duplicateOf(context: RouteContext, exceptId: string | undefined): RouteResult | undefined {
  const name = optionalString(context.body, 'name')?.trim();
  const identifier = optionalString(context.body, 'identifier')?.trim().toUpperCase();
  const clash = alive(context.store.projects).some(
    (project) =>
      project.id !== exceptId &&
      ((name !== undefined && project.name === name) ||
        (identifier !== undefined && project.identifier === identifier)),
  );
  return clash ? { status: 409, body: { name: 'The project name is already taken' } } : undefined;
}

function addMember(context: RouteContext, projectId: string, userId: string, role: number): void {
  if (membershipOf(context, projectId, userId) !== undefined) return;
  const id = context.env.newId();
  context.store.projectMembers.set(id, {
    id,
    project: projectId,
    member: userId,
    role,
    is_active: true,
  });
}

function createDefaultStates(context: RouteContext, projectId: string): void {
  const rows: Omit<StateRecord, 'id' | 'created_at' | 'updated_at'>[] = [
    ...DEFAULT_STATES.map((state) => ({
      deleted_at: null,
      name: state.name,
      description: '',
      color: state.color,
      slug: '',
      sequence: state.sequence,
      group: state.group,
      is_triage: false,
      default: state.default ?? false,
      external_source: null,
      external_id: null,
      created_by: context.user.id,
      updated_by: null,
      project: projectId,
      workspace: context.store.workspaceId,
    })),
  ];
  // The hidden triage state is created too but never listed and never assignable through v1.
  rows.push({
    ...rows[0]!,
    name: 'Triage',
    color: '#4E5355',
    sequence: 0,
    group: 'triage',
    is_triage: true,
    default: false,
  });
  for (const row of rows) {
    const id = context.env.newId();
    const at = context.env.timestamp();
    context.store.states.set(id, { id, created_at: at, updated_at: at, ...row });
  }
}

function createProject(context: RouteContext): RouteResult {
  // Creating a project needs the workspace role Admin or Member.
  if (context.user.role < 15) return FORBIDDEN;
  const invalid = validateProjectFields(context, false) ?? duplicateOf(context, undefined);
  if (invalid !== undefined) return invalid;
  const id = context.env.newId();
  const at = context.env.timestamp();
  const body = context.body;
  const flag = (key: (typeof BOOLEAN_FLAGS)[number], fallback: boolean): boolean =>
    typeof body[key] === 'boolean' ? body[key] : fallback;
  const project: ProjectRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    name: asText(body.name).trim(),
    description: optionalString(body, 'description') ?? '',
    description_text: null,
    description_html: null,
    network: typeof body.network === 'number' ? body.network : 2,
    identifier: asText(body.identifier).trim().toUpperCase(),
    emoji: optionalString(body, 'emoji') ?? null,
    icon_prop: body.icon_prop ?? null,
    // Since v1.0.0 (migration 0105) cycles, modules and views are off until the project enables them.
    module_view: flag('module_view', false),
    cycle_view: flag('cycle_view', false),
    issue_views_view: flag('issue_views_view', false),
    page_view: flag('page_view', true),
    intake_view: flag('intake_view', false),
    is_time_tracking_enabled: flag('is_time_tracking_enabled', false),
    is_issue_type_enabled: flag('is_issue_type_enabled', false),
    guest_view_all_features: flag('guest_view_all_features', false),
    cover_image: optionalString(body, 'cover_image') ?? null,
    archive_in: typeof body.archive_in === 'number' ? body.archive_in : 0,
    close_in: typeof body.close_in === 'number' ? body.close_in : 0,
    logo_props: body.logo_props ?? {
      icon: { name: 'create_new_folder', color: '#6d7b8a' },
      in_use: 'icon',
    },
    archived_at: null,
    timezone: optionalString(body, 'timezone') ?? 'UTC',
    external_source: optionalString(body, 'external_source') ?? null,
    external_id: optionalString(body, 'external_id') ?? null,
    created_by: context.user.id,
    updated_by: null,
    workspace: context.store.workspaceId,
    default_assignee: optionalString(body, 'default_assignee') ?? null,
    project_lead: optionalString(body, 'project_lead') ?? null,
    cover_image_asset: null,
    estimate: null,
    default_state: null,
  };
  context.store.projects.set(id, project);
  addMember(context, id, context.user.id, 20);
  if (project.project_lead !== null) addMember(context, id, project.project_lead, 20);
  createDefaultStates(context, id);
  emitCreated(context, 'project', projectWebhookWire(project));
  return { status: 201, body: projectWire(context.store, project, context.user.id, false) };
}

function listProjects(context: RouteContext): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  const visible = alive(context.store.projects).filter(
    (project) =>
      project.archived_at === null &&
      (project.network === 2 || membershipOf(context, project.id, context.user.id) !== undefined),
  );
  return {
    status: 200,
    body: paginate(
      visible.map((project) => projectWire(context.store, project, context.user.id, true)),
      page,
    ),
  };
}

function getProject(context: RouteContext): RouteResult {
  const project = liveProject(context, context.params.project_id);
  if (project === undefined) return NOT_FOUND;
  return { status: 200, body: projectWire(context.store, project, context.user.id, false) };
}

function patchProject(context: RouteContext): RouteResult {
  const project = liveProject(context, context.params.project_id);
  if (project === undefined) return NOT_FOUND;
  if (membershipOf(context, project.id, context.user.id) === undefined) return FORBIDDEN;
  if (project.archived_at !== null) return plainError(400, 'Archived project cannot be updated');
  const invalid = validateProjectFields(context, true) ?? duplicateOf(context, project.id);
  if (invalid !== undefined) return invalid;
  const before = projectWebhookWire(project);
  const body = context.body;
  if (body.name !== undefined) project.name = asText(body.name).trim();
  if (body.identifier !== undefined)
    project.identifier = asText(body.identifier).trim().toUpperCase();
  for (const key of [
    'description',
    'emoji',
    'cover_image',
    'timezone',
    'external_source',
    'external_id',
    'default_assignee',
    'project_lead',
    'default_state',
  ] as const) {
    const value = optionalString(body, key);
    if (value !== undefined)
      (project as unknown as Record<string, unknown>)[key] =
        key === 'description' ? (value ?? '') : value;
  }
  for (const key of BOOLEAN_FLAGS) {
    if (typeof body[key] === 'boolean') project[key] = body[key];
  }
  for (const key of ['archive_in', 'close_in', 'network'] as const) {
    if (typeof body[key] === 'number') project[key] = body[key];
  }
  if (body.logo_props !== undefined) project.logo_props = body.logo_props;
  if (body.icon_prop !== undefined) project.icon_prop = body.icon_prop;
  project.updated_at = context.env.timestamp();
  project.updated_by = context.user.id;
  emitUpdated(context, 'project', before, projectWebhookWire(project));
  return { status: 200, body: projectWire(context.store, project, context.user.id, false) };
}

function deleteProject(context: RouteContext): RouteResult {
  const project = liveProject(context, context.params.project_id);
  if (project === undefined) return NOT_FOUND;
  const membership = membershipOf(context, project.id, context.user.id);
  if (membership === undefined || (membership.role < 20 && context.user.role < 20))
    return FORBIDDEN;
  project.deleted_at = context.env.timestamp();
  // Project deletion is the one delete event CE sends (since v0.25.0), with `data = {"id": …}`.
  emitDeleted(context, 'project', project.id);
  return { status: 204 };
}

function archiveProject(archived: boolean) {
  return (context: RouteContext): RouteResult => {
    const project = liveProject(context, context.params.project_id);
    if (project === undefined) return NOT_FOUND;
    project.archived_at = archived ? context.env.timestamp() : null;
    return { status: 204 };
  };
}

function listProjectMembers(context: RouteContext): RouteResult {
  const users = [...context.store.projectMembers.values()]
    .filter((row) => row.project === context.params.project_id && row.is_active)
    .flatMap((row) => {
      const user = context.store.users.get(row.member);
      return user === undefined ? [] : [user];
    });
  return {
    status: 200,
    body: users.map((user) => ({
      id: user.id,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      avatar: user.avatar,
      avatar_url: user.avatar_url,
      display_name: user.display_name,
    })),
  };
}

function addProjectMember(context: RouteContext): RouteResult {
  const projectId = context.params.project_id ?? '';
  const own = membershipOf(context, projectId, context.user.id);
  if (own === undefined || own.role < 20) return FORBIDDEN;
  const memberId = optionalString(context.body, 'member');
  if (memberId === undefined || memberId === null)
    return fieldError('member', 'This field is required.');
  if (!context.store.users.has(memberId))
    return fieldError('member', 'Member not found in workspace');
  const role = typeof context.body.role === 'number' ? context.body.role : 15;
  if (![20, 15, 5].includes(role)) return fieldError('role', `"${role}" is not a valid choice.`);
  const existing = membershipOf(context, projectId, memberId);
  if (existing !== undefined) {
    existing.role = role;
    return { status: 201, body: { id: existing.id, member: memberId, role } };
  }
  const id = context.env.newId();
  context.store.projectMembers.set(id, {
    id,
    project: projectId,
    member: memberId,
    role,
    is_active: true,
  });
  return { status: 201, body: { id, member: memberId, role } };
}

/** Projects, their archive switch and their members. */
export const projectRoutes: readonly PlaneRoute[] = [
  {
    path: '/workspaces/:slug/projects/',
    access: 'workspace',
    methods: { GET: listProjects, POST: createProject },
  },
  {
    path: '/workspaces/:slug/projects/:project_id/',
    access: 'workspace',
    methods: { GET: getProject, PATCH: patchProject, DELETE: deleteProject },
  },
  {
    path: '/workspaces/:slug/projects/:project_id/archive/',
    access: 'project',
    methods: { POST: archiveProject(true), DELETE: archiveProject(false) },
  },
  ...['members', 'project-members'].map((segment): PlaneRoute => ({
    path: `/workspaces/:slug/projects/:project_id/${segment}/`,
    access: 'project',
    methods: { GET: listProjectMembers, POST: addProjectMember },
  })),
];
