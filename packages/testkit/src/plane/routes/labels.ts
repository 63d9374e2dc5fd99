import {
  NOT_FOUND,
  asText,
  optionalString,
  type RouteContext,
  type RouteResult,
} from '../context.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import type { PlaneRoute } from '../route-table.js';
import { labelWire } from '../serializers.js';
import { alive, type LabelRecord } from '../store.js';

function projectLabels(context: RouteContext): LabelRecord[] {
  return alive(context.store.labels).filter((label) => label.project === context.params.project_id);
}

function validate(
  context: RouteContext,
  partial: boolean,
  exceptId?: string,
): RouteResult | undefined {
  const name = context.body.name;
  if (name === undefined && !partial)
    return { status: 400, body: { name: ['This field is required.'] } };
  if (name === null) return { status: 400, body: { name: ['This field may not be null.'] } };
  if (name !== undefined && asText(name).trim() === '') {
    return { status: 400, body: { name: ['This field may not be blank.'] } };
  }
  const externalId = optionalString(context.body, 'external_id');
  const externalSource = optionalString(context.body, 'external_source');
  if (externalId && externalSource) {
    const clash = projectLabels(context).find(
      (label) =>
        label.id !== exceptId &&
        label.external_id === externalId &&
        label.external_source === externalSource,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: {
          error: 'Label with the same external id and external source already exists',
          id: clash.id,
        },
      };
    }
  }
  if (typeof name === 'string') {
    const clash = projectLabels(context).find(
      (label) => label.id !== exceptId && label.name === name,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: { error: 'Label with the same name already exists in the project', id: clash.id },
      };
    }
  }
  return undefined;
}

function listLabels(context: RouteContext): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  return { status: 200, body: paginate(projectLabels(context).map(labelWire), page) };
}

function createLabel(context: RouteContext): RouteResult {
  const invalid = validate(context, false);
  if (invalid !== undefined) return invalid;
  const existing = projectLabels(context);
  const id = context.env.newId();
  const at = context.env.timestamp();
  const label: LabelRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    name: asText(context.body.name),
    description: optionalString(context.body, 'description') ?? '',
    color: optionalString(context.body, 'color') ?? '',
    // Label.save puts a new label after the last one (max + 10000), starting at 65535.
    sort_order:
      typeof context.body.sort_order === 'number'
        ? context.body.sort_order
        : existing.length === 0
          ? 65535
          : Math.max(...existing.map((row) => row.sort_order)) + 10000,
    external_source: optionalString(context.body, 'external_source') ?? null,
    external_id: optionalString(context.body, 'external_id') ?? null,
    created_by: context.user.id,
    updated_by: null,
    workspace: context.store.workspaceId,
    project: context.params.project_id ?? '',
    parent: optionalString(context.body, 'parent') ?? null,
  };
  context.store.labels.set(id, label);
  return { status: 201, body: labelWire(label) };
}

function findLabel(context: RouteContext): LabelRecord | undefined {
  return projectLabels(context).find((label) => label.id === context.params.label_id);
}

function getLabel(context: RouteContext): RouteResult {
  const label = findLabel(context);
  return label === undefined ? NOT_FOUND : { status: 200, body: labelWire(label) };
}

function patchLabel(context: RouteContext): RouteResult {
  const label = findLabel(context);
  if (label === undefined) return NOT_FOUND;
  const invalid = validate(context, true, label.id);
  if (invalid !== undefined) return invalid;
  for (const key of [
    'name',
    'description',
    'color',
    'external_source',
    'external_id',
    'parent',
  ] as const) {
    const value = optionalString(context.body, key);
    if (value === undefined) continue;
    if (key === 'name' || key === 'description' || key === 'color') label[key] = value ?? '';
    else label[key] = value;
  }
  if (typeof context.body.sort_order === 'number') label.sort_order = context.body.sort_order;
  label.updated_at = context.env.timestamp();
  label.updated_by = context.user.id;
  return { status: 200, body: labelWire(label) };
}

function deleteLabel(context: RouteContext): RouteResult {
  const label = findLabel(context);
  if (label === undefined) return NOT_FOUND;
  label.deleted_at = context.env.timestamp();
  for (const item of context.store.workItems.values()) {
    item.labels = item.labels.filter((id) => id !== label.id);
  }
  return { status: 204 };
}

/** Project labels. */
export const labelRoutes: readonly PlaneRoute[] = [
  {
    path: '/workspaces/:slug/projects/:project_id/labels/',
    access: 'project',
    methods: { GET: listLabels, POST: createLabel },
  },
  {
    path: '/workspaces/:slug/projects/:project_id/labels/:label_id/',
    access: 'project',
    methods: { GET: getLabel, PATCH: patchLabel, DELETE: deleteLabel },
  },
];
