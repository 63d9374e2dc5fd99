import type { ActivityRecord, PlaneStore, UserRecord } from './store.js';
import type { PlaneWebhookDispatcher } from './webhooks.js';

/** What a route handler answers: a status and a JSON body (none for 204). */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** Shared services of one simulator instance, handed to every route. */
export interface PlaneEnvironment {
  readonly store: PlaneStore;
  readonly edition: 'ce' | 'cloud';
  readonly webhooks: PlaneWebhookDispatcher;
  /** Epoch milliseconds from the injected clock. */
  now(): number;
  /** A fresh, strictly increasing `created_at`-style timestamp. */
  timestamp(): string;
  newId(): string;
}

/** One request after routing, authentication and JSON parsing. */
export interface RouteContext {
  readonly env: PlaneEnvironment;
  readonly store: PlaneStore;
  /** The owner of the API key: every write is made as this user. */
  readonly user: UserRecord;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The JSON body (an empty object when there is none). */
  readonly body: Record<string, unknown>;
}

/** A view: one method of one route. */
export type RouteHandler = (context: RouteContext) => RouteResult;

/** 400 with DRF's per-field shape. */
export function fieldError(field: string, message: string): RouteResult {
  return { status: 400, body: { [field]: [message] } };
}

/** 400 with DRF's `non_field_errors` shape (raised from a serializer's `validate()`). */
export function nonFieldError(message: string): RouteResult {
  return { status: 400, body: { non_field_errors: [message] } };
}

/** A hand-written Plane error: `{"error": message}`. */
export function plainError(status: number, message: string): RouteResult {
  return { status, body: { error: message } };
}

/** Object lookup failures (`DoesNotExist`) as Plane's exception handler words them. */
export const NOT_FOUND: RouteResult = {
  status: 404,
  body: { error: 'The requested resource does not exist.' },
};

/** DRF's permission failure. */
export const FORBIDDEN: RouteResult = {
  status: 403,
  body: { detail: 'You do not have permission to perform this action.' },
};

/** Text of a JSON value as Python's `str()` gives it for scalars (JSON text for the rest). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

/** Reads an optional string field: `undefined` when absent, `null` when null. */
export function optionalString(
  body: Record<string, unknown>,
  key: string,
): string | null | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  return asText(value);
}

/** Whether a value is a uuid as Django's `UUIDField` accepts it (hyphens optional). */
export function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)
  );
}

/** Appends an `IssueActivity` row (the work item's history, listed by `…/activities/`). */
export function recordActivity(
  context: RouteContext,
  issueId: string,
  projectId: string,
  row: Pick<ActivityRecord, 'verb' | 'field' | 'old_value' | 'new_value' | 'comment'> &
    Partial<Pick<ActivityRecord, 'old_identifier' | 'new_identifier' | 'issue_comment'>>,
): void {
  const at = context.env.timestamp();
  const id = context.env.newId();
  context.store.activities.set(id, {
    id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    verb: row.verb,
    field: row.field,
    old_value: row.old_value,
    new_value: row.new_value,
    comment: row.comment,
    attachments: [],
    old_identifier: row.old_identifier ?? null,
    new_identifier: row.new_identifier ?? null,
    epoch: Math.floor(context.env.now() / 1000),
    project: projectId,
    workspace: context.store.workspaceId,
    issue: issueId,
    issue_comment: row.issue_comment ?? null,
    actor: context.user.id,
  });
}
