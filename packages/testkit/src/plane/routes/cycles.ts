import {
  NOT_FOUND,
  fieldError,
  nonFieldError,
  optionalString,
  plainError,
  recordActivity,
  type RouteContext,
  type RouteResult,
  asText,
} from '../context.js';
import { emitCreated, emitUpdated } from '../model-activity.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import type { PlaneRoute } from '../route-table.js';
import { cycleWire } from '../serializers.js';
import { alive, type CycleIssueRecord, type CycleRecord } from '../store.js';
import { dateOf } from '../timestamps.js';
import { membershipOf } from './projects.js';
import { archivedGroupingsPage, groupedWorkItemsPage } from './grouping-pages.js';

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})/;

function projectCycles(context: RouteContext): CycleRecord[] {
  return alive(context.store.cycles).filter((cycle) => cycle.project === context.params.project_id);
}

function findCycle(context: RouteContext): CycleRecord | undefined {
  return projectCycles(context).find((cycle) => cycle.id === context.params.cycle_id);
}

function isCompleted(context: RouteContext, cycle: CycleRecord): boolean {
  return cycle.end_date !== null && Date.parse(cycle.end_date) < context.env.now();
}

/**
 * `convert_to_utc` in the project time zone (UTC here): a start date of today becomes *now*, any other
 * start 00:00:01, an end 23:59:00, as the recorded cycles show.
 */
function toStart(context: RouteContext, value: string): string {
  const day = DATE_PREFIX.exec(value)?.[1] ?? value;
  return day === dateOf(context.env.now()) ? context.env.timestamp() : `${day}T00:00:01Z`;
}

function toEnd(value: string): string {
  return `${DATE_PREFIX.exec(value)?.[1] ?? value}T23:59:00Z`;
}

function datesError(context: RouteContext): RouteResult | undefined {
  const start = optionalString(context.body, 'start_date');
  const end = optionalString(context.body, 'end_date');
  for (const [field, value] of [
    ['start_date', start],
    ['end_date', end],
  ] as const) {
    if (value && !DATE_PREFIX.test(value)) {
      return fieldError(
        field,
        'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
      );
    }
  }
  if (start && end && start.slice(0, 10) > end.slice(0, 10))
    return nonFieldError('Start date cannot exceed end date');
  return undefined;
}

function listCycles(context: RouteContext): RouteResult {
  const view = context.query.get('cycle_view') ?? 'all';
  const now = context.env.now();
  const cycles = projectCycles(context).filter((cycle) => cycle.archived_at === null);
  const starts = (cycle: CycleRecord): number =>
    cycle.start_date === null ? NaN : Date.parse(cycle.start_date);
  const ends = (cycle: CycleRecord): number =>
    cycle.end_date === null ? NaN : Date.parse(cycle.end_date);
  const filtered = cycles.filter((cycle) => {
    switch (view) {
      case 'current':
        return starts(cycle) <= now && ends(cycle) >= now;
      case 'upcoming':
        return starts(cycle) > now;
      case 'completed':
        return ends(cycle) < now;
      case 'draft':
        return cycle.start_date === null && cycle.end_date === null;
      case 'incomplete':
        return cycle.end_date === null || ends(cycle) >= now;
      default:
        return true;
    }
  });
  const rows = filtered.map((cycle) => cycleWire(context.store, cycle, true));
  // `current` is answered with a bare array, every other view with the paginated envelope.
  if (view === 'current') return { status: 200, body: rows };
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  return { status: 200, body: paginate(rows, page) };
}

function createCycle(context: RouteContext): RouteResult {
  const body = context.body;
  const start = optionalString(body, 'start_date') ?? null;
  const end = optionalString(body, 'end_date') ?? null;
  // Checked in the view before the serializer, hence the `error` shape.
  if ((start === null) !== (end === null)) {
    return plainError(400, 'Both start date and end date are either required or are to be null');
  }
  if (body.name === undefined || body.name === null || asText(body.name).trim() === '') {
    return fieldError(
      'name',
      body.name === undefined ? 'This field is required.' : 'This field may not be blank.',
    );
  }
  // CycleCreateSerializer.validate reads project_id from the body; the URL's id is not used.
  const projectId = optionalString(body, 'project_id');
  if (!projectId) return nonFieldError('Project ID is required');
  const project = context.store.projects.get(projectId);
  if (project === undefined || project.deleted_at !== null)
    return nonFieldError('Project ID is required');
  if (!project.cycle_view) return nonFieldError('Cycles are not enabled for this project');
  const invalidDates = datesError(context);
  if (invalidDates !== undefined) return invalidDates;
  const externalId = optionalString(body, 'external_id');
  const externalSource = optionalString(body, 'external_source');
  if (externalId && externalSource) {
    const clash = projectCycles(context).find(
      (cycle) => cycle.external_id === externalId && cycle.external_source === externalSource,
    );
    if (clash !== undefined) {
      return {
        status: 409,
        body: {
          error: 'Cycle with the same external id and external source already exists',
          id: clash.id,
        },
      };
    }
  }
  const existing = projectCycles(context);
  const startDate = start === null ? null : toStart(context, start);
  const id = context.env.newId();
  const at = context.env.timestamp();
  const cycle: CycleRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    name: asText(body.name),
    description: optionalString(body, 'description') ?? '',
    start_date: startDate,
    end_date: end === null ? null : toEnd(end),
    view_props: {},
    // Cycle.save puts a new cycle before the first one (min - 10000), starting at 65535.
    sort_order:
      existing.length === 0 ? 65535 : Math.min(...existing.map((row) => row.sort_order)) - 10000,
    external_source: externalSource ?? null,
    external_id: externalId ?? null,
    progress_snapshot: {},
    archived_at: null,
    logo_props: {},
    timezone: optionalString(body, 'timezone') ?? 'UTC',
    version: 1,
    created_by: context.user.id,
    updated_by: null,
    project: context.params.project_id ?? projectId,
    workspace: context.store.workspaceId,
    owned_by: optionalString(body, 'owned_by') ?? context.user.id,
  };
  context.store.cycles.set(id, cycle);
  emitCreated(context, 'cycle', cycleWire(context.store, cycle, false));
  return { status: 201, body: cycleWire(context.store, cycle, false) };
}

function getCycle(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  return cycle === undefined
    ? NOT_FOUND
    : { status: 200, body: cycleWire(context.store, cycle, true) };
}

function patchCycle(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  if (cycle.archived_at !== null) return plainError(400, 'Archived cycle cannot be edited');
  // Only a reorder (`sort_order`) is allowed on a completed cycle.
  if (isCompleted(context, cycle) && context.body.sort_order === undefined) {
    return plainError(400, 'The Cycle has already been completed so it cannot be edited');
  }
  const invalidDates = datesError(context);
  if (invalidDates !== undefined) return invalidDates;
  const before = cycleWire(context.store, cycle, false);
  const body = context.body;
  if (typeof body.name === 'string') cycle.name = body.name;
  if (typeof body.description === 'string') cycle.description = body.description;
  if (typeof body.sort_order === 'number') cycle.sort_order = body.sort_order;
  const start = optionalString(body, 'start_date');
  if (start !== undefined) cycle.start_date = start === null ? null : toStart(context, start);
  const end = optionalString(body, 'end_date');
  if (end !== undefined) cycle.end_date = end === null ? null : toEnd(end);
  for (const key of ['external_id', 'external_source', 'owned_by', 'timezone'] as const) {
    const value = optionalString(body, key);
    if (value === undefined) continue;
    if (key === 'owned_by' || key === 'timezone') cycle[key] = value ?? cycle[key];
    else cycle[key] = value;
  }
  cycle.updated_at = context.env.timestamp();
  cycle.updated_by = context.user.id;
  emitUpdated(context, 'cycle', before, cycleWire(context.store, cycle, false));
  return { status: 200, body: cycleWire(context.store, cycle, false) };
}

function deleteCycle(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  const role = membershipOf(context, cycle.project, context.user.id)?.role ?? 0;
  if (cycle.owned_by !== context.user.id && role < 20) {
    return plainError(403, 'Only admin or creator can delete the cycle');
  }
  const at = context.env.timestamp();
  cycle.deleted_at = at;
  for (const row of context.store.cycleIssues.values())
    if (row.cycle === cycle.id) row.deleted_at = at;
  return { status: 204 };
}

function cycleRows(context: RouteContext, cycleId: string): CycleIssueRecord[] {
  return alive(context.store.cycleIssues).filter((row) => row.cycle === cycleId);
}

function listCycleIssues(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  return groupedWorkItemsPage(
    context,
    cycleRows(context, cycle.id).map((row) => row.issue),
  );
}

function cycleIssueWire(context: RouteContext, row: CycleIssueRecord): Record<string, unknown> {
  const { id, ...rest } = row;
  const subIssues = alive(context.store.workItems).filter(
    (item) => item.parent === row.issue,
  ).length;
  return { id, sub_issues_count: subIssues, ...rest };
}

function addCycleIssues(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  const issues = Array.isArray(context.body.issues)
    ? (context.body.issues as unknown[]).map(String)
    : [];
  if (issues.length === 0)
    return { status: 400, body: { error: 'Work items are required', code: 'MISSING_WORK_ITEMS' } };
  if (isCompleted(context, cycle)) {
    return {
      status: 400,
      body: {
        code: 'CYCLE_COMPLETED',
        message: 'The Cycle has already been completed so no new issues can be added',
      },
    };
  }
  const rows: CycleIssueRecord[] = [];
  for (const issueId of issues) {
    const item = context.store.workItems.get(issueId);
    if (item === undefined || item.deleted_at !== null || item.project !== cycle.project) continue;
    // A work item sits in at most one cycle: adding it here moves it out of any other.
    const existing = alive(context.store.cycleIssues).find((row) => row.issue === issueId);
    const at = context.env.timestamp();
    if (existing !== undefined) {
      if (existing.cycle !== cycle.id) {
        existing.cycle = cycle.id;
        existing.updated_at = at;
      }
      rows.push(existing);
      continue;
    }
    const id = context.env.newId();
    const row: CycleIssueRecord = {
      id,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      created_by: null,
      updated_by: null,
      project: cycle.project,
      workspace: context.store.workspaceId,
      issue: issueId,
      cycle: cycle.id,
    };
    context.store.cycleIssues.set(id, row);
    rows.push(row);
    item.updated_at = at;
    recordActivity(context, issueId, cycle.project, {
      verb: 'created',
      field: 'cycles',
      old_value: '',
      new_value: cycle.name,
      comment: `added cycle ${cycle.name}`,
      new_identifier: cycle.id,
    });
  }
  // Answered with 200 and a bare array of CycleIssue rows (fixture 053).
  return { status: 200, body: rows.map((row) => cycleIssueWire(context, row)) };
}

function findCycleIssue(context: RouteContext): CycleIssueRecord | undefined {
  return cycleRows(context, context.params.cycle_id ?? '').find(
    (row) => row.issue === context.params.issue_id,
  );
}

function getCycleIssue(context: RouteContext): RouteResult {
  const row = findCycleIssue(context);
  return row === undefined ? NOT_FOUND : { status: 200, body: cycleIssueWire(context, row) };
}

function removeCycleIssue(context: RouteContext): RouteResult {
  const row = findCycleIssue(context);
  if (row === undefined) return NOT_FOUND;
  row.deleted_at = context.env.timestamp();
  return { status: 204 };
}

function transferIssues(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  const targetId = optionalString(context.body, 'new_cycle_id');
  if (!targetId) return plainError(400, 'New Cycle Id is required');
  const target = projectCycles(context).find((candidate) => candidate.id === targetId);
  if (target === undefined) return NOT_FOUND;
  if (isCompleted(context, target))
    return plainError(400, 'The cycle where the issues are transferred is already completed');
  for (const row of cycleRows(context, cycle.id)) {
    const group = context.store.states.get(
      context.store.workItems.get(row.issue)?.state ?? '',
    )?.group;
    if (group === 'completed' || group === 'cancelled') continue;
    row.cycle = target.id;
    row.updated_at = context.env.timestamp();
  }
  return { status: 200, body: { message: 'Success' } };
}

function archiveCycle(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined) return NOT_FOUND;
  if (!isCompleted(context, cycle)) return plainError(400, 'Only completed cycles can be archived');
  cycle.archived_at = context.env.timestamp();
  return { status: 204 };
}

function listArchivedCycles(context: RouteContext): RouteResult {
  return archivedGroupingsPage(context, projectCycles(context), (cycle) =>
    cycleWire(context.store, cycle, true),
  );
}

function unarchiveCycle(context: RouteContext): RouteResult {
  const cycle = findCycle(context);
  if (cycle === undefined || cycle.archived_at === null) return NOT_FOUND;
  cycle.archived_at = null;
  return { status: 204 };
}

const base = '/workspaces/:slug/projects/:project_id';

/** Cycles, their work items, transfer and archive. */
export const cycleRoutes: readonly PlaneRoute[] = [
  { path: `${base}/cycles/`, access: 'project', methods: { GET: listCycles, POST: createCycle } },
  {
    path: `${base}/cycles/:cycle_id/`,
    access: 'project',
    methods: { GET: getCycle, PATCH: patchCycle, DELETE: deleteCycle },
  },
  {
    path: `${base}/cycles/:cycle_id/cycle-issues/`,
    access: 'project',
    methods: { GET: listCycleIssues, POST: addCycleIssues },
  },
  {
    path: `${base}/cycles/:cycle_id/cycle-issues/:issue_id/`,
    access: 'project',
    methods: { GET: getCycleIssue, DELETE: removeCycleIssue },
  },
  {
    path: `${base}/cycles/:cycle_id/transfer-issues/`,
    access: 'project',
    methods: { POST: transferIssues },
  },
  { path: `${base}/cycles/:cycle_id/archive/`, access: 'project', methods: { POST: archiveCycle } },
  { path: `${base}/archived-cycles/`, access: 'project', methods: { GET: listArchivedCycles } },
  {
    path: `${base}/archived-cycles/:cycle_id/unarchive/`,
    access: 'project',
    methods: { DELETE: unarchiveCycle },
  },
];
