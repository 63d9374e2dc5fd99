import {
  NOT_FOUND,
  optionalString,
  plainError,
  type RouteContext,
  type RouteResult,
  asText,
} from '../context.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import type { PlaneRoute } from '../route-table.js';
import { stateWire } from '../serializers.js';
import { alive, type StateRecord } from '../store.js';

const GROUPS = ['backlog', 'unstarted', 'started', 'completed', 'cancelled'];

/** Django's `slugify`: lower case, non-word characters dropped, spaces and dashes collapsed to one dash. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^ -~]/g, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[-\s]+/g, '-');
}

function projectStates(context: RouteContext): StateRecord[] {
  return alive(context.store.states).filter((state) => state.project === context.params.project_id);
}

function findState(context: RouteContext): StateRecord | undefined {
  return projectStates(context).find(
    (state) => state.id === context.params.state_id && !state.is_triage,
  );
}

function validate(
  context: RouteContext,
  partial: boolean,
  exceptId?: string,
): RouteResult | undefined {
  const errors: Record<string, string[]> = {};
  for (const field of ['name', 'color']) {
    const value = context.body[field];
    if (value === undefined) {
      if (!partial) errors[field] = ['This field is required.'];
    } else if (value === null) errors[field] = ['This field may not be null.'];
    else if (asText(value).trim() === '') errors[field] = ['This field may not be blank.'];
  }
  const group = context.body.group;
  if (group !== undefined && group !== 'triage' && !GROUPS.includes(asText(group))) {
    errors.group = [`"${asText(group)}" is not a valid choice.`];
  }
  if (Object.keys(errors).length > 0) return { status: 400, body: errors };
  if (group === 'triage') return plainError(400, 'Cannot create triage state');
  const externalId = optionalString(context.body, 'external_id');
  const externalSource = optionalString(context.body, 'external_source');
  if (externalId && externalSource) {
    const clash = projectStates(context).find(
      (state) =>
        state.id !== exceptId &&
        state.external_id === externalId &&
        state.external_source === externalSource,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: {
          error: 'State with the same external id and external source already exists',
          id: clash.id,
        },
      };
    }
  }
  const name = optionalString(context.body, 'name');
  if (name) {
    const clash = projectStates(context).find(
      (state) => state.id !== exceptId && state.name === name,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: { error: 'State with the same name already exists in the project', id: clash.id },
      };
    }
  }
  return undefined;
}

function listStates(context: RouteContext): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  const rows = projectStates(context)
    .filter((state) => !state.is_triage)
    .sort((a, b) => a.sequence - b.sequence)
    .map(stateWire);
  return { status: 200, body: paginate(rows, page) };
}

function createState(context: RouteContext): RouteResult {
  const invalid = validate(context, false);
  if (invalid !== undefined) return invalid;
  const states = projectStates(context).filter((state) => !state.is_triage);
  const id = context.env.newId();
  const at = context.env.timestamp();
  const name = asText(context.body.name);
  const isDefault = context.body.default === true;
  if (isDefault) for (const state of states) state.default = false;
  const state: StateRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    name,
    description: optionalString(context.body, 'description') ?? '',
    color: asText(context.body.color),
    slug: slugify(name),
    sequence:
      typeof context.body.sequence === 'number'
        ? context.body.sequence
        : Math.max(0, ...states.map((row) => row.sequence)) + 15000,
    group: optionalString(context.body, 'group') ?? 'backlog',
    is_triage: false,
    default: isDefault,
    external_source: optionalString(context.body, 'external_source') ?? null,
    external_id: optionalString(context.body, 'external_id') ?? null,
    created_by: context.user.id,
    updated_by: null,
    project: context.params.project_id ?? '',
    workspace: context.store.workspaceId,
  };
  context.store.states.set(id, state);
  // CE answers a state create with 200, not 201 (`api/views/state.py`).
  return { status: 200, body: stateWire(state) };
}

function getState(context: RouteContext): RouteResult {
  const state = findState(context);
  return state === undefined ? NOT_FOUND : { status: 200, body: stateWire(state) };
}

function patchState(context: RouteContext): RouteResult {
  const state = findState(context);
  if (state === undefined) return NOT_FOUND;
  const invalid = validate(context, true, state.id);
  if (invalid !== undefined) return invalid;
  const body = context.body;
  if (typeof body.name === 'string') {
    state.name = body.name;
    state.slug = slugify(body.name);
  }
  if (typeof body.color === 'string') state.color = body.color;
  if (typeof body.group === 'string') state.group = body.group;
  if (typeof body.description === 'string') state.description = body.description;
  if (typeof body.sequence === 'number') state.sequence = body.sequence;
  if (body.default === true) {
    for (const other of projectStates(context)) other.default = false;
    state.default = true;
  }
  const externalId = optionalString(body, 'external_id');
  if (externalId !== undefined) state.external_id = externalId;
  const externalSource = optionalString(body, 'external_source');
  if (externalSource !== undefined) state.external_source = externalSource;
  state.updated_at = context.env.timestamp();
  state.updated_by = context.user.id;
  return { status: 200, body: stateWire(state) };
}

function deleteState(context: RouteContext): RouteResult {
  const state = findState(context);
  if (state === undefined) return NOT_FOUND;
  if (state.default) return plainError(400, 'Default state cannot be deleted');
  const used = alive(context.store.workItems).some((item) => item.state === state.id);
  if (used) return plainError(400, 'The state is not empty, only empty states can be deleted');
  state.deleted_at = context.env.timestamp();
  return { status: 204 };
}

/** Workflow states of a project. */
export const stateRoutes: readonly PlaneRoute[] = [
  {
    path: '/workspaces/:slug/projects/:project_id/states/',
    access: 'project',
    methods: { GET: listStates, POST: createState },
  },
  {
    path: '/workspaces/:slug/projects/:project_id/states/:state_id/',
    access: 'project',
    methods: { GET: getState, PATCH: patchState, DELETE: deleteState },
  },
];
