import {
  NOT_FOUND,
  fieldError,
  optionalString,
  plainError,
  recordActivity,
  type RouteContext,
  type RouteResult,
  asText,
} from '../context.js';
import { emitCreated, emitUpdated } from '../model-activity.js';
import { isPageRequestError, paginate, parsePageRequest } from '../pagination.js';
import { onBothItemPaths, type PlaneRoute } from '../route-table.js';
import { commentWire } from '../serializers.js';
import {
  alive,
  type CommentRecord,
  type LinkRecord,
  type RelationRecord,
  type WorkItemRecord,
} from '../store.js';
import { findWorkItem, itemKey } from './work-items.js';

const RELATION_TYPES = [
  'blocking',
  'blocked_by',
  'duplicate',
  'relates_to',
  'start_after',
  'start_before',
  'finish_after',
  'finish_before',
] as const;

/** `utils/issue_relation_mapper`: reverse types are stored as their forward twin with the sides swapped. */
const STORED_AS: Record<string, { type: string; swap: boolean }> = {
  blocking: { type: 'blocked_by', swap: true },
  start_after: { type: 'start_before', swap: true },
  finish_after: { type: 'finish_before', swap: true },
  blocked_by: { type: 'blocked_by', swap: false },
  start_before: { type: 'start_before', swap: false },
  finish_before: { type: 'finish_before', swap: false },
  duplicate: { type: 'duplicate', swap: false },
  relates_to: { type: 'relates_to', swap: false },
};

/** How a stored row reads from its `related_issue` side. */
const SEEN_FROM_RELATED: Record<string, string> = {
  blocked_by: 'blocking',
  start_before: 'start_after',
  finish_before: 'finish_after',
  duplicate: 'duplicate',
  relates_to: 'relates_to',
};

function withItem(handler: (context: RouteContext, item: WorkItemRecord) => RouteResult) {
  return (context: RouteContext): RouteResult => {
    const item = findWorkItem(context);
    return item === undefined ? NOT_FOUND : handler(context, item);
  };
}

function pageOf(context: RouteContext, rows: readonly unknown[]): RouteResult {
  const page = parsePageRequest(context.query);
  if (isPageRequestError(page)) return { status: 400, body: page };
  return { status: 200, body: paginate(rows, page) };
}

// ── relations ─────────────────────────────────────────────────────────────────

function listRelations(context: RouteContext, item: WorkItemRecord): RouteResult {
  const groups: Record<string, unknown[]> = Object.fromEntries(
    RELATION_TYPES.map((type) => [type, []]),
  );
  for (const row of alive(context.store.relations)) {
    const mine = row.issue === item.id;
    if (!mine && row.related_issue !== item.id) continue;
    const otherId = mine ? row.related_issue : row.issue;
    const other = context.store.workItems.get(otherId);
    if (other === undefined || other.deleted_at !== null) continue;
    const type = mine
      ? row.relation_type
      : (SEEN_FROM_RELATED[row.relation_type] ?? row.relation_type);
    // CE answers `{project_id, issue_id}` pairs; the Cloud docs and SDK types show bare uuids.
    groups[type]?.push(
      context.env.edition === 'cloud'
        ? other.id
        : { project_id: other.project, issue_id: other.id },
    );
  }
  return { status: 200, body: groups };
}

function createRelations(context: RouteContext, item: WorkItemRecord): RouteResult {
  const requested = context.body.relation_type;
  if (requested === undefined) return fieldError('relation_type', 'This field is required.');
  if (!RELATION_TYPES.includes(asText(requested) as (typeof RELATION_TYPES)[number])) {
    return fieldError('relation_type', `"${asText(requested)}" is not a valid choice.`);
  }
  const issues = context.body.issues;
  if (!Array.isArray(issues)) return fieldError('issues', 'This field is required.');
  if (issues.length === 0)
    return fieldError('issues', 'Ensure this field has at least 1 elements.');
  const mapping = STORED_AS[asText(requested)] ?? { type: asText(requested), swap: false };
  const created: Record<string, unknown>[] = [];
  for (const targetId of issues.map(String)) {
    const target = context.store.workItems.get(targetId);
    if (target === undefined || target.deleted_at !== null || target.id === item.id) continue;
    // The activity row is written even when the insert below is ignored (fixture 076).
    recordActivity(context, item.id, item.project, {
      verb: 'updated',
      field: asText(requested),
      old_value: '',
      new_value: itemKey(context, target),
      comment: `added ${asText(requested)} relation`,
      old_identifier: target.id,
    });
    // One relation per pair: a second type for the same pair is silently ignored (`ignore_conflicts`).
    const taken = alive(context.store.relations).some(
      (row) =>
        (row.issue === item.id && row.related_issue === target.id) ||
        (row.issue === target.id && row.related_issue === item.id),
    );
    if (taken) continue;
    const id = context.env.newId();
    const at = context.env.timestamp();
    const row: RelationRecord = {
      id,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      issue: mapping.swap ? target.id : item.id,
      related_issue: mapping.swap ? item.id : target.id,
      relation_type: mapping.type,
      created_by: context.user.id,
      updated_by: context.user.id,
      project: item.project,
    };
    context.store.relations.set(id, row);
    const head = {
      id: target.id,
      project_id: target.project,
      sequence_id: target.sequence_id,
      relation_type: mapping.type,
      name: target.name,
      state_id: target.state,
      priority: target.priority,
      created_by: context.user.id,
      created_at: at,
    };
    // The reverse types come back through another query whose keys are ordered differently (fixture 065).
    created.push(
      mapping.swap
        ? { ...head, updated_by: context.user.id, updated_at: at }
        : { ...head, updated_at: at, updated_by: context.user.id },
    );
  }
  return { status: 201, body: created };
}

function removeRelation(context: RouteContext, item: WorkItemRecord): RouteResult {
  const related = optionalString(context.body, 'related_issue');
  if (!related) return fieldError('related_issue', 'This field is required.');
  const row = alive(context.store.relations).find(
    (candidate) =>
      (candidate.issue === item.id && candidate.related_issue === related) ||
      (candidate.issue === related && candidate.related_issue === item.id),
  );
  if (row === undefined) return NOT_FOUND;
  row.deleted_at = context.env.timestamp();
  return { status: 204 };
}

// ── links ─────────────────────────────────────────────────────────────────────

const DEFAULT_FAVICON =
  'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIyNCIgaGVpZ2h0PSIyNCIgdmlld0JveD0iMCAwIDI0IDI0IiBmaWxsPSJub25lIiBzdHJva2U9ImN1cnJlbnRDb2xvciIgc3Ryb2tlLXdpZHRoPSIyIiBzdHJva2UtbGluZWNhcD0icm91bmQiIHN0cm9rZS1saW5lam9pbj0icm91bmQiIGNsYXNzPSJsdWNpZGUgbHVjaWRlLWxpbmstaWNvbiBsdWNpZGUtbGluayI+PHBhdGggZD0iTTEwIDEzYTUgNSAwIDAgMCA3LjU0LjU0bDMtM2E1IDUgMCAwIDAtNy4wNy03LjA3bC0xLjcyIDEuNzEiLz48cGF0aCBkPSJNMTQgMTFhNSA1IDAgMCAwLTcuNTQtLjU0bC0zIDNhNSA1IDAgMCAwIDcuMDcgNy4wN2wxLjcxLTEuNzEiLz48L3N2Zz4=';

/** The schemes Django's `URLValidator` accepts by default. */
const URL_VALIDATOR_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp', 'ftps']);

/**
 * IssueLinkSerializer.validate_url: Django's `URLValidator` first ("Invalid URL format." — any scheme
 * but http(s)/ftp(s), or no host), then a case-sensitive `startswith(("http://", "https://"))` ("Invalid
 * URL scheme."). So `mailto:`, `file://` or `ssh://` are a format error on CE 1.3.1; only `ftp://`,
 * `ftps://` or an upper-case `HTTP://` reach the scheme check (fixture 071).
 */
function urlError(value: unknown): RouteResult | undefined {
  if (value === undefined || value === null) return fieldError('url', 'This field is required.');
  const text = asText(value);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !URL_VALIDATOR_SCHEMES.has(scheme) || /\s/.test(text))
    return fieldError('url', 'Invalid URL format.');
  try {
    if (new URL(text).hostname === '') return fieldError('url', 'Invalid URL format.');
  } catch {
    return fieldError('url', 'Invalid URL format.');
  }
  if (!text.startsWith('http://') && !text.startsWith('https://'))
    return fieldError('url', 'Invalid URL scheme.');
  return undefined;
}

function itemLinks(context: RouteContext, item: WorkItemRecord): LinkRecord[] {
  return alive(context.store.links).filter((link) => link.issue === item.id);
}

function listLinks(context: RouteContext, item: WorkItemRecord): RouteResult {
  return pageOf(
    context,
    itemLinks(context, item).map((link) => ({ ...link })),
  );
}

function createLink(context: RouteContext, item: WorkItemRecord): RouteResult {
  const invalid = urlError(context.body.url);
  if (invalid !== undefined) return invalid;
  const url = asText(context.body.url);
  if (itemLinks(context, item).some((link) => link.url === url))
    return plainError(400, 'URL already exists for this Issue');
  const id = context.env.newId();
  const at = context.env.timestamp();
  const creator = optionalString(context.body, 'created_by') ?? context.user.id;
  const link: LinkRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    title: optionalString(context.body, 'title') ?? null,
    url,
    metadata: {},
    created_by: creator,
    updated_by: context.user.id,
    project: item.project,
    workspace: context.store.workspaceId,
    issue: item.id,
  };
  // The response is the row as inserted; Plane's crawler task then saves it again outside any request,
  // filling `metadata` (no page is fetched here, so the title stays null and the favicon is Plane's
  // default link icon) and leaving `created_by`/`updated_by` null, which is what later reads show.
  context.store.links.set(id, {
    ...link,
    metadata: { url, title: null, favicon: DEFAULT_FAVICON, favicon_url: null },
    created_by: null,
    updated_by: null,
  });
  recordActivity(context, item.id, item.project, {
    verb: 'created',
    field: 'link',
    old_value: null,
    new_value: url,
    comment: 'created a link',
  });
  return { status: 201, body: link };
}

function findLink(context: RouteContext, item: WorkItemRecord): LinkRecord | undefined {
  return itemLinks(context, item).find((link) => link.id === context.params.link_id);
}

function getLink(context: RouteContext, item: WorkItemRecord): RouteResult {
  const link = findLink(context, item);
  return link === undefined ? NOT_FOUND : { status: 200, body: { ...link } };
}

function patchLink(context: RouteContext, item: WorkItemRecord): RouteResult {
  const link = findLink(context, item);
  if (link === undefined) return NOT_FOUND;
  if (context.body.url !== undefined) {
    const invalid = urlError(context.body.url);
    if (invalid !== undefined) return invalid;
    const url = asText(context.body.url);
    if (itemLinks(context, item).some((other) => other.id !== link.id && other.url === url)) {
      return plainError(400, 'URL already exists for this Issue');
    }
    link.url = url;
  }
  const title = optionalString(context.body, 'title');
  if (title !== undefined) link.title = title;
  link.updated_at = context.env.timestamp();
  link.updated_by = context.user.id;
  return { status: 200, body: { ...link } };
}

function deleteLink(context: RouteContext, item: WorkItemRecord): RouteResult {
  const link = findLink(context, item);
  if (link === undefined) return NOT_FOUND;
  link.deleted_at = context.env.timestamp();
  return { status: 204 };
}

// ── comments ──────────────────────────────────────────────────────────────────

const DUPLICATE_COMMENT =
  'Work item comment with the same external id and external source already exists';

// The duplicate check is project-wide, not per work item.
function commentClash(
  context: RouteContext,
  item: WorkItemRecord,
  exceptId?: string,
): CommentRecord | undefined {
  const externalId = optionalString(context.body, 'external_id');
  const externalSource = optionalString(context.body, 'external_source');
  if (!externalId || !externalSource) return undefined;
  return alive(context.store.comments).find(
    (comment) =>
      comment.id !== exceptId &&
      comment.project === item.project &&
      comment.external_id === externalId &&
      comment.external_source === externalSource,
  );
}

function listComments(context: RouteContext, item: WorkItemRecord): RouteResult {
  const rows = alive(context.store.comments)
    .filter((comment) => comment.issue === item.id)
    .reverse()
    .map((comment) => commentWire(comment, true));
  return pageOf(context, rows);
}

function createComment(context: RouteContext, item: WorkItemRecord): RouteResult {
  const clash = commentClash(context, item);
  if (clash !== undefined) return { status: 409, body: { error: DUPLICATE_COMMENT, id: clash.id } };
  const access = optionalString(context.body, 'access') ?? 'INTERNAL';
  if (access !== 'INTERNAL' && access !== 'EXTERNAL')
    return fieldError('access', `"${access}" is not a valid choice.`);
  const id = context.env.newId();
  const at = optionalString(context.body, 'created_at') ?? context.env.timestamp();
  const creator = optionalString(context.body, 'created_by') ?? context.user.id;
  const comment: CommentRecord = {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    comment_html: optionalString(context.body, 'comment_html') ?? '<p></p>',
    attachments: [],
    access,
    external_source: optionalString(context.body, 'external_source') ?? null,
    external_id: optionalString(context.body, 'external_id') ?? null,
    edited_at: null,
    created_by: creator,
    updated_by: null,
    project: item.project,
    workspace: context.store.workspaceId,
    description: context.env.newId(),
    issue: item.id,
    actor: creator,
    parent: null,
  };
  context.store.comments.set(id, comment);
  emitCreated(context, 'issue_comment', commentWire(comment, false));
  // The create response shows `updated_by` set; later reads (and the webhook) show null, as recorded.
  return { status: 201, body: commentWire({ ...comment, updated_by: context.user.id }, false) };
}

function findComment(context: RouteContext, item: WorkItemRecord): CommentRecord | undefined {
  return alive(context.store.comments).find(
    (comment) => comment.issue === item.id && comment.id === context.params.comment_id,
  );
}

function getComment(context: RouteContext, item: WorkItemRecord): RouteResult {
  const comment = findComment(context, item);
  return comment === undefined ? NOT_FOUND : { status: 200, body: commentWire(comment, false) };
}

function patchComment(context: RouteContext, item: WorkItemRecord): RouteResult {
  const comment = findComment(context, item);
  if (comment === undefined) return NOT_FOUND;
  const externalId = optionalString(context.body, 'external_id');
  if (
    externalId &&
    externalId !== comment.external_id &&
    commentClash(context, item, comment.id) !== undefined
  ) {
    return { status: 409, body: { error: DUPLICATE_COMMENT, id: comment.id } };
  }
  const before = commentWire(comment, false);
  const html = optionalString(context.body, 'comment_html');
  if (html !== undefined) {
    comment.comment_html = html ?? '<p></p>';
    comment.edited_at = context.env.timestamp();
  }
  const access = optionalString(context.body, 'access');
  if (access === 'INTERNAL' || access === 'EXTERNAL') comment.access = access;
  if (externalId !== undefined) comment.external_id = externalId;
  const externalSource = optionalString(context.body, 'external_source');
  if (externalSource !== undefined) comment.external_source = externalSource;
  comment.updated_at = context.env.timestamp();
  comment.updated_by = context.user.id;
  emitUpdated(context, 'issue_comment', before, commentWire(comment, false));
  return { status: 200, body: commentWire(comment, false) };
}

function deleteComment(context: RouteContext, item: WorkItemRecord): RouteResult {
  const comment = findComment(context, item);
  if (comment === undefined) return NOT_FOUND;
  comment.deleted_at = context.env.timestamp();
  return { status: 204 };
}

// ── activities ────────────────────────────────────────────────────────────────

const HIDDEN_ACTIVITY_FIELDS = new Set(['comment', 'vote', 'reaction', 'draft']);

function itemActivities(context: RouteContext, item: WorkItemRecord) {
  return alive(context.store.activities).filter(
    (row) =>
      row.issue === item.id && (row.field === null || !HIDDEN_ACTIVITY_FIELDS.has(row.field)),
  );
}

function listActivities(context: RouteContext, item: WorkItemRecord): RouteResult {
  return pageOf(
    context,
    itemActivities(context, item).map((row) => ({ ...row })),
  );
}

function getActivity(context: RouteContext, item: WorkItemRecord): RouteResult {
  const row = itemActivities(context, item).find(
    (candidate) => candidate.id === context.params.activity_id,
  );
  return row === undefined
    ? { status: 404, body: { message: 'Activity not found.', code: 'NOT_FOUND' } }
    : { status: 200, body: { ...row } };
}

const item = '/workspaces/:slug/projects/:project_id/{items}/:work_item_id';

/** Relations (only under `/work-items/`), links, comments and activities of a work item. */
export const workItemChildRoutes: readonly PlaneRoute[] = [
  {
    path: `${item.replace('{items}', 'work-items')}/relations/`,
    access: 'project',
    methods: { GET: withItem(listRelations), POST: withItem(createRelations) },
  },
  {
    // Cloud only: CE v1.3.1 has no public relation removal and answers 404 "Page not found.".
    path: `${item.replace('{items}', 'work-items')}/relations/remove/`,
    access: 'project',
    methods: { POST: withItem(removeRelation) },
    cloudOnly: true,
  },
  ...onBothItemPaths({
    path: `${item}/links/`,
    access: 'project',
    methods: { GET: withItem(listLinks), POST: withItem(createLink) },
  }),
  ...onBothItemPaths({
    path: `${item}/links/:link_id/`,
    access: 'project',
    methods: { GET: withItem(getLink), PATCH: withItem(patchLink), DELETE: withItem(deleteLink) },
  }),
  ...onBothItemPaths({
    path: `${item}/comments/`,
    access: 'project',
    methods: { GET: withItem(listComments), POST: withItem(createComment) },
  }),
  ...onBothItemPaths({
    path: `${item}/comments/:comment_id/`,
    access: 'project',
    methods: {
      GET: withItem(getComment),
      PATCH: withItem(patchComment),
      DELETE: withItem(deleteComment),
    },
  }),
  ...onBothItemPaths({
    path: `${item}/activities/`,
    access: 'project',
    methods: { GET: withItem(listActivities) },
  }),
  ...onBothItemPaths({
    path: `${item}/activities/:activity_id/`,
    access: 'project',
    methods: { GET: withItem(getActivity) },
  }),
];
