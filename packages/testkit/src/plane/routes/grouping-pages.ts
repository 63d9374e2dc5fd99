import type { RouteContext, RouteResult } from '../context.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import { workItemWire } from '../serializers.js';
import { viewOf } from './work-items.js';

/**
 * The paginated work items of a grouping (cycle-issues, module-issues): Plane answers both with the
 * work-item list serializer over `Issue.issue_objects`, the manager the project's list uses too, so items
 * deleted since they were added, archived, drafts and triage items are left out.
 */
export function groupedWorkItemsPage(
  context: RouteContext,
  issueIds: readonly string[],
): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  const view = viewOf(context.query);
  const items = issueIds.flatMap((issueId) => {
    const item = context.store.workItems.get(issueId);
    return item === undefined ||
      item.deleted_at !== null ||
      item.archived_at !== null ||
      item.is_draft ||
      context.store.states.get(item.state)?.is_triage === true
      ? []
      : [workItemWire(context.store, item, view)];
  });
  return { status: 200, body: paginate(items, page) };
}

/** The paginated archived groupings of a project (archived-cycles, archived-modules). */
export function archivedGroupingsPage<Grouping extends { readonly archived_at: string | null }>(
  context: RouteContext,
  groupings: readonly Grouping[],
  wire: (grouping: Grouping) => unknown,
): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  return {
    status: 200,
    body: paginate(groupings.filter((grouping) => grouping.archived_at !== null).map(wire), page),
  };
}
