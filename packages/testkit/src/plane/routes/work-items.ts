import {
  FORBIDDEN,
  NOT_FOUND,
  isUuid,
  nonFieldError,
  optionalString,
  plainError,
  recordActivity,
  type RouteContext,
  type RouteResult,
  asText,
} from '../context.js';
import { changedFields, emitCreated, emitUpdated } from '../model-activity.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import { onBothItemPaths, type PlaneRoute } from '../route-table.js';
import { workItemWebhookWire, workItemWire, type WorkItemView } from '../serializers.js';
import { alive, type WorkItemRecord } from '../store.js';
import { membershipOf } from './projects.js';

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'];
const STATE_GROUP_ORDER = ['backlog', 'unstarted', 'started', 'completed', 'cancelled'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `?expand=` and `?fields=` of a read. */
export function viewOf(query: URLSearchParams): WorkItemView {
  const set = (name: string): Set<string> =>
    new Set(
      (query.get(name) ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    );
  return { expand: set('expand'), fields: set('fields') };
}

/** A live work item of the route's project, by the `:work_item_id` param. */
export function findWorkItem(
  context: RouteContext,
  id = context.params.work_item_id,
): WorkItemRecord | undefined {
  const item = id === undefined ? undefined : context.store.workItems.get(id);
  return item !== undefined &&
    item.deleted_at === null &&
    item.project === context.params.project_id
    ? item
    : undefined;
}

/** The `PROJ-12` key Plane shows for a work item. */
export function itemKey(context: RouteContext, item: WorkItemRecord): string {
  return `${context.store.projects.get(item.project)?.identifier ?? ''}-${item.sequence_id}`;
}

function invalidPk(value: unknown): string {
  return `Invalid pk "${asText(value)}" - object does not exist.`;
}

/**
 * IssueSerializer validation: field checks first (all collected), then `validate()` in CE's order —
 * date order, description HTML, assignees (non-members silently dropped), labels (other projects silently dropped),
 * state and parent (must be in this project). Returns the cleaned assignee and label lists.
 */
function validateWorkItem(
  context: RouteContext,
  partial: boolean,
): RouteResult | { assignees?: string[]; labels?: string[] } {
  const body = context.body;
  const errors: Record<string, unknown> = {};
  if (body.name === undefined) {
    if (!partial) errors.name = ['This field is required.'];
  } else if (body.name === null) errors.name = ['This field may not be null.'];
  else if (asText(body.name).trim() === '') errors.name = ['This field may not be blank.'];
  else if (asText(body.name).length > 255)
    errors.name = ['Ensure this field has no more than 255 characters.'];
  if (body.priority !== undefined && !PRIORITIES.includes(asText(body.priority))) {
    errors.priority = [`"${asText(body.priority)}" is not a valid choice.`];
  }
  for (const field of ['start_date', 'target_date']) {
    const value = body[field];
    if (value !== undefined && value !== null && !(typeof value === 'string' && DATE.test(value))) {
      errors[field] = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
    }
  }
  for (const [field, exists] of [
    ['assignees', (id: string) => context.store.users.has(id)],
    ['labels', (id: string) => context.store.labels.get(id)?.deleted_at === null],
  ] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      errors[field] = [`Expected a list of items but got type "${typeof value}".`];
      continue;
    }
    const perIndex: Record<string, string[]> = {};
    value.forEach((id: unknown, index) => {
      if (!isUuid(id) || !exists(id)) perIndex[asText(index)] = [invalidPk(id)];
    });
    if (Object.keys(perIndex).length > 0) errors[field] = perIndex;
  }
  for (const [field, exists] of [
    ['state', (id: string) => context.store.states.get(id)?.deleted_at === null],
    ['parent', (id: string) => context.store.workItems.get(id)?.deleted_at === null],
  ] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!isUuid(value) || !exists(value)) errors[field] = [invalidPk(value)];
  }
  if (Object.keys(errors).length > 0) return { status: 400, body: errors };

  const startDate = optionalString(body, 'start_date');
  const targetDate = optionalString(body, 'target_date');
  if (startDate && targetDate && startDate > targetDate)
    return nonFieldError('Start date cannot exceed target date');
  // validate() parses description_html with lxml's html.fromstring, which raises on an empty or blank
  // document: "" is refused on create and PATCH alike (sync-traffic plane-ce-1.3.1-with-odoo-16.jsonl).
  const description = body.description_html;
  if (typeof description === 'string' && description.trim() === '')
    return nonFieldError('Invalid HTML passed');

  const projectId = context.params.project_id ?? '';
  const cleaned: { assignees?: string[]; labels?: string[] } = {};
  if (Array.isArray(body.assignees)) {
    cleaned.assignees = unique(body.assignees as string[]).filter((id) => {
      const membership = membershipOf(context, projectId, id);
      return membership !== undefined && membership.role >= 15;
    });
  }
  if (Array.isArray(body.labels)) {
    cleaned.labels = unique(body.labels as string[]).filter(
      (id) => context.store.labels.get(id)?.project === projectId,
    );
  }
  const stateId = optionalString(body, 'state');
  if (stateId) {
    const state = context.store.states.get(stateId);
    if (state === undefined || state.project !== projectId || state.is_triage) {
      return nonFieldError('State is not valid please pass a valid state_id');
    }
  }
  const parentId = optionalString(body, 'parent');
  if (parentId && context.store.workItems.get(parentId)?.project !== projectId) {
    return nonFieldError('Parent is not valid issue_id please pass a valid issue_id');
  }
  return cleaned;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function externalClash(
  context: RouteContext,
  externalId: string,
  externalSource: string,
  exceptId?: string,
) {
  return alive(context.store.workItems).find(
    (item) =>
      item.id !== exceptId &&
      item.project === context.params.project_id &&
      item.external_id === externalId &&
      item.external_source === externalSource,
  );
}

const DUPLICATE_EXTERNAL = 'Issue with the same external id and external source already exists';

function createWorkItem(context: RouteContext): RouteResult {
  const body = context.body;
  const externalId = optionalString(body, 'external_id');
  const externalSource = optionalString(body, 'external_source');
  // The duplicate check runs in the view before validation, and answers with the existing item's id.
  if (externalId && externalSource) {
    const clash = externalClash(context, externalId, externalSource);
    if (clash !== undefined)
      return { status: 409, body: { error: DUPLICATE_EXTERNAL, id: clash.id } };
  }
  const validated = validateWorkItem(context, false);
  if ('status' in validated) return validated;
  const projectId = context.params.project_id ?? '';
  const project = context.store.projects.get(projectId);
  const states = alive(context.store.states).filter((state) => state.project === projectId);
  const stateId = optionalString(body, 'state') || states.find((state) => state.default)?.id || '';
  const siblings = alive(context.store.workItems).filter(
    (item) => item.project === projectId && item.state === stateId,
  );
  const sequence = (context.store.sequences.get(projectId) ?? 0) + 1;
  context.store.sequences.set(projectId, sequence);
  const id = context.env.newId();
  const at = optionalString(body, 'created_at') ?? context.env.timestamp();
  const defaultAssignee = project?.default_assignee;
  const item: WorkItemRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    point: typeof body.point === 'number' ? body.point : null,
    name: asText(body.name),
    description_html: optionalString(body, 'description_html') ?? '<p></p>',
    description_binary: null,
    priority: optionalString(body, 'priority') ?? 'none',
    start_date: optionalString(body, 'start_date') ?? null,
    target_date: optionalString(body, 'target_date') ?? null,
    sequence_id: sequence,
    // Issue.save: after the largest sort_order among items in the same state, else 65535.
    sort_order:
      typeof body.sort_order === 'number'
        ? body.sort_order
        : siblings.length === 0
          ? 65535
          : Math.max(...siblings.map((row) => row.sort_order)) + 10000,
    completed_at: null,
    archived_at: null,
    is_draft: body.is_draft === true,
    external_source: externalSource ?? null,
    external_id: externalId ?? null,
    created_by: optionalString(body, 'created_by') ?? context.user.id,
    updated_by: null,
    project: projectId,
    workspace: context.store.workspaceId,
    parent: optionalString(body, 'parent') ?? null,
    state: stateId,
    estimate_point: null,
    type: null,
    assignees: validated.assignees ?? (defaultAssignee ? [defaultAssignee] : []),
    labels: validated.labels ?? [],
  };
  if (context.store.states.get(stateId)?.group === 'completed') item.completed_at = at;
  context.store.workItems.set(id, item);
  recordActivity(context, id, projectId, {
    verb: 'created',
    field: null,
    old_value: null,
    new_value: null,
    comment: 'created the issue',
  });
  emitCreated(context, 'issue', workItemWebhookWire(context.store, item));
  return { status: 201, body: workItemWire(context.store, item) };
}

function compareBy(
  orderBy: string,
): (a: WorkItemRecord, b: WorkItemRecord, context: RouteContext) => number {
  const descending = orderBy.startsWith('-');
  const key = descending ? orderBy.slice(1) : orderBy;
  const rank = (item: WorkItemRecord, context: RouteContext): string | number | null => {
    switch (key) {
      case 'priority':
        return PRIORITIES.indexOf(item.priority);
      case 'state__group':
        return STATE_GROUP_ORDER.indexOf(context.store.states.get(item.state)?.group ?? '');
      case 'labels__name':
        return item.labels.map((id) => context.store.labels.get(id)?.name ?? '').sort()[0] ?? null;
      case 'assignees__first_name':
        return (
          item.assignees.map((id) => context.store.users.get(id)?.first_name ?? '').sort()[0] ??
          null
        );
      default: {
        const value = (item as unknown as Record<string, unknown>)[key];
        return typeof value === 'string' || typeof value === 'number' ? value : null;
      }
    }
  };
  return (a, b, context) => {
    const left = rank(a, context);
    const right = rank(b, context);
    // nulls last in either direction, as the paginator orders them.
    if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
    const order = left < right ? -1 : left > right ? 1 : 0;
    return descending ? -order : order;
  };
}

function listWorkItems(context: RouteContext): RouteResult {
  const externalId = context.query.get('external_id');
  const externalSource = context.query.get('external_source');
  if (externalId && externalSource) {
    // The lookup returns one object (archived and draft items included), or 404.
    const item = externalClash(context, externalId, externalSource);
    return item === undefined
      ? NOT_FOUND
      : { status: 200, body: workItemWire(context.store, item, viewOf(context.query)) };
  }
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  const byKey = compareBy(context.query.get('order_by') ?? '-created_at');
  const newestFirst = compareBy('-created_at');
  const rows = alive(context.store.workItems)
    .filter(
      (item) =>
        item.project === context.params.project_id &&
        item.archived_at === null &&
        !item.is_draft &&
        context.store.states.get(item.state)?.is_triage !== true,
    )
    .sort((a, b) => byKey(a, b, context) || newestFirst(a, b, context));
  const view = viewOf(context.query);
  return {
    status: 200,
    body: paginate(
      rows.map((item) => workItemWire(context.store, item, view)),
      page,
    ),
  };
}

function getWorkItem(context: RouteContext): RouteResult {
  const item = findWorkItem(context);
  return item === undefined
    ? NOT_FOUND
    : { status: 200, body: workItemWire(context.store, item, viewOf(context.query)) };
}

function patchWorkItem(context: RouteContext): RouteResult {
  const item = findWorkItem(context);
  if (item === undefined) return NOT_FOUND;
  const body = context.body;
  const externalId = optionalString(body, 'external_id');
  if (externalId && item.external_id !== externalId) {
    const source = optionalString(body, 'external_source') ?? item.external_source ?? '';
    // CE answers with the id of the item being patched here, not of the one it collides with.
    if (externalClash(context, externalId, source, item.id) !== undefined) {
      return { status: 409, body: { error: DUPLICATE_EXTERNAL, id: item.id } };
    }
  }
  const validated = validateWorkItem(context, true);
  if ('status' in validated) return validated;
  const before = workItemWire(context.store, item);
  const effectiveBody: Record<string, unknown> = { ...body };
  if (validated.assignees !== undefined) effectiveBody.assignees = validated.assignees;
  if (validated.labels !== undefined) effectiveBody.labels = validated.labels;
  const now = context.env.timestamp();
  for (const key of [
    'name',
    'description_html',
    'priority',
    'start_date',
    'target_date',
    'parent',
    'external_id',
    'external_source',
    'archived_at',
    'estimate_point',
  ] as const) {
    const value = optionalString(body, key);
    if (value === undefined) continue;
    if (key === 'name' || key === 'description_html' || key === 'priority') item[key] = value ?? '';
    else item[key] = value;
  }
  if (typeof body.is_draft === 'boolean') item.is_draft = body.is_draft;
  if (typeof body.sort_order === 'number') item.sort_order = body.sort_order;
  if (typeof body.point === 'number' || body.point === null) item.point = body.point;
  if (validated.assignees !== undefined) item.assignees = validated.assignees;
  if (validated.labels !== undefined) item.labels = validated.labels;
  const stateId = optionalString(body, 'state');
  if (stateId) {
    item.state = stateId;
    const completed = context.store.states.get(stateId)?.group === 'completed';
    item.completed_at = completed ? (item.completed_at ?? now) : null;
  }
  item.updated_at = now;
  item.updated_by = context.user.id;
  for (const change of changedFields(effectiveBody, before)) {
    recordActivity(context, item.id, item.project, activityFor(context, change));
  }
  emitUpdated(context, 'issue', before, workItemWebhookWire(context.store, item));
  return { status: 200, body: workItemWire(context.store, item) };
}

function activityFor(
  context: RouteContext,
  change: { field: string; oldValue: unknown; newValue: unknown },
): Parameters<typeof recordActivity>[3] {
  if (change.field === 'assignees' || change.field === 'labels') {
    const before = new Set(change.oldValue as string[]);
    const added = (change.newValue as string[]).find((id) => !before.has(id));
    const name =
      added === undefined
        ? ''
        : change.field === 'assignees'
          ? (context.store.users.get(added)?.display_name ?? '')
          : (context.store.labels.get(added)?.name ?? '');
    return {
      verb: 'updated',
      field: change.field,
      old_value: '',
      new_value: name,
      comment: change.field === 'assignees' ? 'added assignee ' : 'added label ',
      new_identifier: added ?? null,
    };
  }
  const text = (value: unknown): string | null =>
    value === null || value === undefined
      ? null
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  return {
    verb: 'updated',
    field: change.field,
    old_value: text(change.oldValue),
    new_value: text(change.newValue),
    comment: `updated the ${change.field} to`,
  };
}

function deleteWorkItem(context: RouteContext): RouteResult {
  const item = findWorkItem(context);
  if (item === undefined) return NOT_FOUND;
  const membership = membershipOf(context, item.project, context.user.id);
  if (item.created_by !== context.user.id && membership?.role !== 20) {
    return plainError(403, 'Only admin or creator can delete the work item');
  }
  // Soft delete, and no webhook: CE never sends a work-item `deleted` event (makeplane/plane#8054).
  item.deleted_at = context.env.timestamp();
  return { status: 204 };
}

function getByKey(context: RouteContext): RouteResult {
  const project = alive(context.store.projects).find(
    (candidate) => candidate.identifier === context.params.project_identifier,
  );
  if (project === undefined) return FORBIDDEN;
  const sequence = Number(context.params.issue_identifier);
  const item = alive(context.store.workItems).find(
    (candidate) => candidate.project === project.id && candidate.sequence_id === sequence,
  );
  return item === undefined
    ? NOT_FOUND
    : { status: 200, body: workItemWire(context.store, item, viewOf(context.query)) };
}

function search(context: RouteContext): RouteResult {
  const term = (context.query.get('search') ?? '').trim().toLowerCase();
  const limit = Number(context.query.get('limit') ?? '10') || 10;
  const projectId = context.query.get('project_id');
  const workspaceSearch = context.query.get('workspace_search') === 'true';
  const issues = alive(context.store.workItems)
    .filter((item) => workspaceSearch || projectId === null || item.project === projectId)
    .filter((item) => {
      const key =
        `${context.store.projects.get(item.project)?.identifier ?? ''}-${item.sequence_id}`.toLowerCase();
      return (
        term === '' ||
        item.name.toLowerCase().includes(term) ||
        asText(item.sequence_id) === term ||
        key === term
      );
    })
    .slice(0, limit)
    .map((item) => ({
      name: item.name,
      id: item.id,
      sequence_id: item.sequence_id,
      project__identifier: context.store.projects.get(item.project)?.identifier ?? '',
      project_id: item.project,
      workspace__slug: context.params.slug,
    }));
  return { status: 200, body: { issues } };
}

/** Work items under both `/issues/` and `/work-items/`. */
export const workItemRoutes: readonly PlaneRoute[] = [
  ...onBothItemPaths({
    path: '/workspaces/:slug/{items}/search/',
    access: 'workspace',
    methods: { GET: search },
  }),
  ...onBothItemPaths({
    path: '/workspaces/:slug/{items}/:issue_key/',
    access: 'project-identifier',
    methods: { GET: getByKey },
  }),
  ...onBothItemPaths({
    path: '/workspaces/:slug/projects/:project_id/{items}/',
    access: 'project',
    methods: { GET: listWorkItems, POST: createWorkItem },
  }),
  ...onBothItemPaths({
    path: '/workspaces/:slug/projects/:project_id/{items}/:work_item_id/',
    access: 'project',
    methods: { GET: getWorkItem, PATCH: patchWorkItem, DELETE: deleteWorkItem },
  }),
];
