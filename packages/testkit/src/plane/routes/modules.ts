import {
  NOT_FOUND,
  asText,
  fieldError,
  nonFieldError,
  optionalString,
  plainError,
  type RouteContext,
  type RouteResult,
} from '../context.js';
import { emitCreated, emitUpdated } from '../model-activity.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import type { PlaneRoute } from '../route-table.js';
import { moduleWire } from '../serializers.js';
import { alive, type ModuleIssueRecord, type ModuleRecord } from '../store.js';
import { membershipOf } from './projects.js';
import { archivedGroupingsPage, groupedWorkItemsPage } from './grouping-pages.js';

// No recording covers modules: the rules and messages below come from the reference notes (§4.5).

const STATUSES = ['backlog', 'planned', 'in-progress', 'paused', 'completed', 'cancelled'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function projectModules(context: RouteContext): ModuleRecord[] {
  return alive(context.store.modules).filter(
    (module) => module.project === context.params.project_id,
  );
}

function findModule(context: RouteContext): ModuleRecord | undefined {
  return projectModules(context).find((module) => module.id === context.params.module_id);
}

/** Members who are not project members are silently dropped, as with work-item assignees. */
function projectMembersOnly(context: RouteContext, ids: unknown): string[] {
  if (!Array.isArray(ids)) return [];
  return [...new Set(ids.map(asText))].filter(
    (id) => membershipOf(context, context.params.project_id ?? '', id) !== undefined,
  );
}

function validate(
  context: RouteContext,
  partial: boolean,
  exceptId?: string,
): RouteResult | undefined {
  const body = context.body;
  if (body.name === undefined && !partial) return fieldError('name', 'This field is required.');
  if (body.name !== undefined && asText(body.name).trim() === '')
    return fieldError('name', 'This field may not be blank.');
  if (body.status !== undefined && !STATUSES.includes(asText(body.status))) {
    return fieldError('status', `"${asText(body.status)}" is not a valid choice.`);
  }
  for (const field of ['start_date', 'target_date']) {
    const value = body[field];
    if (value !== undefined && value !== null && !(typeof value === 'string' && DATE.test(value))) {
      return fieldError(
        field,
        'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
      );
    }
  }
  const start = optionalString(body, 'start_date');
  const target = optionalString(body, 'target_date');
  if (start && target && start > target)
    return nonFieldError('Start date cannot exceed target date');
  const externalId = optionalString(body, 'external_id');
  const externalSource = optionalString(body, 'external_source');
  if (externalId && externalSource) {
    const clash = projectModules(context).find(
      (module) =>
        module.id !== exceptId &&
        module.external_id === externalId &&
        module.external_source === externalSource,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: {
          error: 'Module with the same external id and external source already exists',
          id: clash.id,
        },
      };
    }
  }
  const name = optionalString(body, 'name');
  const sameName = projectModules(context).find(
    (module) => module.id !== exceptId && module.name === name,
  );
  if (name && sameName !== undefined) {
    // A duplicate module name is a 400, not a 409.
    return {
      status: 400,
      body: {
        id: sameName.id,
        code: 'MODULE_NAME_ALREADY_EXISTS',
        error: 'Module with this name already exists',
        message: 'Module with this name already exists',
      },
    };
  }
  return undefined;
}

function listModules(context: RouteContext): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  const rows = projectModules(context)
    .filter((module) => module.archived_at === null)
    .map((module) => moduleWire(context.store, module, true));
  return { status: 200, body: paginate(rows, page) };
}

function createModule(context: RouteContext): RouteResult {
  const project = context.store.projects.get(context.params.project_id ?? '');
  if (project?.module_view !== true)
    return nonFieldError('Modules are not enabled for this project');
  const invalid = validate(context, false);
  if (invalid !== undefined) return invalid;
  const body = context.body;
  const existing = projectModules(context);
  const id = context.env.newId();
  const at = context.env.timestamp();
  const module: ModuleRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    name: asText(body.name),
    description: optionalString(body, 'description') ?? '',
    description_text: null,
    description_html: null,
    start_date: optionalString(body, 'start_date') ?? null,
    target_date: optionalString(body, 'target_date') ?? null,
    status: optionalString(body, 'status') ?? 'planned',
    view_props: {},
    sort_order:
      existing.length === 0 ? 65535 : Math.max(...existing.map((row) => row.sort_order)) + 10000,
    external_source: optionalString(body, 'external_source') ?? null,
    external_id: optionalString(body, 'external_id') ?? null,
    archived_at: null,
    logo_props: {},
    created_by: context.user.id,
    updated_by: null,
    project: project.id,
    workspace: context.store.workspaceId,
    lead: optionalString(body, 'lead') ?? null,
    members: projectMembersOnly(context, body.members),
  };
  context.store.modules.set(id, module);
  emitCreated(context, 'module', moduleWire(context.store, module, false));
  return { status: 201, body: moduleWire(context.store, module, true) };
}

function getModule(context: RouteContext): RouteResult {
  const module = findModule(context);
  return module === undefined
    ? NOT_FOUND
    : { status: 200, body: moduleWire(context.store, module, true) };
}

function patchModule(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined) return NOT_FOUND;
  if (module.archived_at !== null) return plainError(400, 'Archived module cannot be edited');
  const invalid = validate(context, true, module.id);
  if (invalid !== undefined) return invalid;
  const before = moduleWire(context.store, module, false);
  const body = context.body;
  for (const key of ['name', 'description', 'status'] as const) {
    const value = optionalString(body, key);
    if (value !== undefined && value !== null) module[key] = value;
  }
  for (const key of [
    'start_date',
    'target_date',
    'external_id',
    'external_source',
    'lead',
  ] as const) {
    const value = optionalString(body, key);
    if (value !== undefined) module[key] = value;
  }
  if (body.members !== undefined) module.members = projectMembersOnly(context, body.members);
  if (typeof body.sort_order === 'number') module.sort_order = body.sort_order;
  module.updated_at = context.env.timestamp();
  module.updated_by = context.user.id;
  emitUpdated(context, 'module', before, moduleWire(context.store, module, false));
  return { status: 200, body: moduleWire(context.store, module, true) };
}

function deleteModule(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined) return NOT_FOUND;
  const role = membershipOf(context, module.project, context.user.id)?.role ?? 0;
  if (module.created_by !== context.user.id && role < 20) {
    return plainError(403, 'Only admin or creator can delete the module');
  }
  const at = context.env.timestamp();
  module.deleted_at = at;
  for (const row of context.store.moduleIssues.values())
    if (row.module === module.id) row.deleted_at = at;
  return { status: 204 };
}

function moduleRows(context: RouteContext, moduleId: string): ModuleIssueRecord[] {
  return alive(context.store.moduleIssues).filter((row) => row.module === moduleId);
}

function listModuleIssues(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined) return NOT_FOUND;
  return groupedWorkItemsPage(
    context,
    moduleRows(context, module.id).map((row) => row.issue),
  );
}

function addModuleIssues(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined) return NOT_FOUND;
  const issues = Array.isArray(context.body.issues) ? context.body.issues.map(asText) : [];
  if (issues.length === 0)
    return { status: 400, body: { error: 'Work items are required', code: 'MISSING_WORK_ITEMS' } };
  const rows: ModuleIssueRecord[] = [];
  for (const issueId of issues) {
    const item = context.store.workItems.get(issueId);
    if (item === undefined || item.deleted_at !== null || item.project !== module.project) continue;
    // Unlike cycles, a work item can sit in several modules.
    const existing = moduleRows(context, module.id).find((row) => row.issue === issueId);
    if (existing !== undefined) {
      rows.push(existing);
      continue;
    }
    const id = context.env.newId();
    const at = context.env.timestamp();
    const row: ModuleIssueRecord = {
      id,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      created_by: context.user.id,
      updated_by: context.user.id,
      project: module.project,
      workspace: context.store.workspaceId,
      module: module.id,
      issue: issueId,
    };
    context.store.moduleIssues.set(id, row);
    rows.push(row);
  }
  return { status: 200, body: rows.map((row) => ({ ...row })) };
}

function removeModuleIssue(context: RouteContext): RouteResult {
  const row = moduleRows(context, context.params.module_id ?? '').find(
    (candidate) => candidate.issue === context.params.issue_id,
  );
  if (row === undefined) return NOT_FOUND;
  row.deleted_at = context.env.timestamp();
  return { status: 204 };
}

function archiveModule(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined) return NOT_FOUND;
  if (module.status !== 'completed' && module.status !== 'cancelled') {
    return plainError(400, 'Only completed or cancelled modules can be archived');
  }
  module.archived_at = context.env.timestamp();
  return { status: 204 };
}

function listArchivedModules(context: RouteContext): RouteResult {
  return archivedGroupingsPage(context, projectModules(context), (module) =>
    moduleWire(context.store, module, true),
  );
}

function unarchiveModule(context: RouteContext): RouteResult {
  const module = findModule(context);
  if (module === undefined || module.archived_at === null) return NOT_FOUND;
  module.archived_at = null;
  return { status: 204 };
}

const base = '/workspaces/:slug/projects/:project_id';

/** Modules, their work items and archive. */
export const moduleRoutes: readonly PlaneRoute[] = [
  {
    path: `${base}/modules/`,
    access: 'project',
    methods: { GET: listModules, POST: createModule },
  },
  {
    path: `${base}/modules/:module_id/`,
    access: 'project',
    methods: { GET: getModule, PATCH: patchModule, DELETE: deleteModule },
  },
  {
    path: `${base}/modules/:module_id/module-issues/`,
    access: 'project',
    methods: { GET: listModuleIssues, POST: addModuleIssues },
  },
  {
    path: `${base}/modules/:module_id/module-issues/:issue_id/`,
    access: 'project',
    methods: { DELETE: removeModuleIssue },
  },
  {
    path: `${base}/modules/:module_id/archive/`,
    access: 'project',
    methods: { POST: archiveModule },
  },
  { path: `${base}/archived-modules/`, access: 'project', methods: { GET: listArchivedModules } },
  {
    path: `${base}/archived-modules/:module_id/unarchive/`,
    access: 'project',
    methods: { DELETE: unarchiveModule },
  },
];
