import type { PlaneFailureKind } from './failure-kind.js';

/** One problem found while decoding a response, in a form that does not leak the schema library. */
export interface PlaneSchemaIssue {
  /** Where in the body, e.g. `['results', 3, 'id']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The HTTP method and URL of the request that failed. URLs never carry the API key (it is a header). */
export interface PlaneRequestInfo {
  readonly method: string;
  readonly url: string;
}

/** Plane answered with a status that is neither success nor rate limiting. */
export interface PlaneHttpError extends PlaneRequestInfo {
  readonly kind: 'http';
  readonly status: number;
  /** The parsed JSON body, or the raw text when it is not JSON, or `null` when empty. */
  readonly body: unknown;
  /** What the status means (see `failureKindOfStatus`). */
  readonly failureKind: PlaneFailureKind;
  /** Whether repeating the same request may succeed: `isRetryableFailureKind(failureKind)`, computed once. */
  readonly retryable: boolean;
}

/** Plane answered 429 and the retries are used up, or its `Retry-After` is longer than `maxDelayMs`. */
export interface PlaneRateLimitedError extends PlaneRequestInfo {
  readonly kind: 'rate-limited';
  /** How long Plane asked to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number;
  readonly status: 429;
  readonly body: unknown;
  readonly failureKind: 'rate-limited';
  readonly retryable: true;
}

/**
 * Plane's URL answered with a redirect (3xx). Redirects are never followed: the client would carry the
 * `X-Api-Key` to wherever `Location` points, possibly another host. The operator fixes the configured URL
 * (for example `http://` → `https://`, or the host a proxy moved to).
 */
export interface PlaneRedirectError extends PlaneRequestInfo {
  readonly kind: 'redirect';
  readonly status: number;
  /** Where the server pointed, as sent (`null` when the answer had no `Location`). */
  readonly location: string | null;
  readonly failureKind: 'redirect';
  readonly retryable: false;
}

/** The request never got an HTTP answer (DNS, refused connection, reset). */
export interface PlaneNetworkError extends PlaneRequestInfo {
  readonly kind: 'network';
  readonly cause: unknown;
  readonly failureKind: 'network';
  readonly retryable: true;
}

/** No answer within `timeoutMs`. */
export interface PlaneTimeoutError extends PlaneRequestInfo {
  readonly kind: 'timeout';
  readonly timeoutMs: number;
  readonly failureKind: 'timeout';
  readonly retryable: true;
}

/** A success response whose body does not have the shape this client reads. */
export interface PlaneInvalidResponseError extends PlaneRequestInfo {
  readonly kind: 'invalid-response';
  readonly issues: readonly PlaneSchemaIssue[];
  readonly failureKind: 'invalid-response';
  readonly retryable: false;
}

/** The server does not offer the operation (for example relation removal on Plane Community Edition). */
export interface PlaneUnsupportedError {
  readonly kind: 'unsupported';
  readonly operation: 'relation-removal';
  readonly message: string;
  readonly failureKind: 'unsupported';
  readonly retryable: false;
}

/**
 * The API key's user cannot reach the configured workspace: Plane answers a slug that does not exist
 * exactly like one the user is not a member of (403 "You do not have permission…"), so `message` names
 * the slug and both causes. Found by `detectCapabilities`, i.e. at start-up.
 */
export interface PlaneWorkspaceUnreachableError extends PlaneRequestInfo {
  readonly kind: 'workspace-unreachable';
  readonly workspaceSlug: string;
  readonly status: number;
  readonly message: string;
  readonly failureKind: 'forbidden';
  readonly retryable: false;
}

/**
 * Every failure a Plane client method can return. `kind` says what happened on the wire, `failureKind`
 * what it means (the same names as odoo-client's), and `retryable` whether the same request may succeed
 * later. The API key never appears in any member.
 */
export type PlaneClientError =
  | PlaneHttpError
  | PlaneRateLimitedError
  | PlaneRedirectError
  | PlaneNetworkError
  | PlaneTimeoutError
  | PlaneInvalidResponseError
  | PlaneUnsupportedError
  | PlaneWorkspaceUnreachableError;

/**
 * Removes every occurrence of a secret from a string. Used on error causes and messages, which may echo
 * request details from the host's HTTP stack.
 */
export function redactSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('<redacted>');
}

/**
 * A copy of `value` with every occurrence of the secret replaced, however deep: strings, arrays, plain
 * objects (keys too) and `Error`s (message, stack and `cause`). A Plane 400 may echo the request, key
 * included, and error bodies end in ledgers and logs; values without the secret come back unchanged.
 */
export function redactSecretDeep(value: unknown, secret: string): unknown {
  if (secret === '') return value;
  if (typeof value === 'string') return redactSecret(value, secret);
  if (value instanceof Error) {
    const cause: unknown = value.cause;
    const redactedCause = cause === undefined ? undefined : redactSecretDeep(cause, secret);
    const leaks =
      value.message.includes(secret) ||
      (value.stack ?? '').includes(secret) ||
      redactedCause !== cause;
    if (!leaks) return value;
    const safe = new Error(
      redactSecret(value.message, secret),
      redactedCause === undefined ? undefined : { cause: redactedCause },
    );
    safe.name = value.name;
    if (value.stack !== undefined) safe.stack = redactSecret(value.stack, secret);
    return safe;
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => redactSecretDeep(item, secret));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, member]) => {
      const safeKey = redactSecret(key, secret);
      const safeMember = redactSecretDeep(member, secret);
      if (safeKey !== key || safeMember !== member) changed = true;
      return [safeKey, safeMember] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The error with the secret removed from every member (body, url, issues, cause). */
export function redactPlaneError(error: PlaneClientError, secret: string): PlaneClientError {
  return redactSecretDeep(error, secret) as PlaneClientError;
}

/** Long enough for Plane's reason, short enough for one log line. */
const MAX_REASON_LENGTH = 200;

/**
 * Plane's own reason in an error body, on one line: DRF's `detail` ("Given API token is not valid"), the
 * views' `error`, `non_field_errors` ("Invalid HTML passed") or per-field lists (`url: Invalid URL
 * format.`). Undefined when the body says nothing readable (an empty 502, an HTML page).
 */
export function planeReasonOf(body: unknown): string | undefined {
  const reason = reasonOf(body, 0);
  if (reason === undefined) return undefined;
  const line = reason.replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

function reasonOf(body: unknown, depth: number): string | undefined {
  if (depth > 3 || body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body.trim().startsWith('<') ? undefined : body;
  if (Array.isArray(body)) {
    const parts = body
      .map((item) => reasonOf(item, depth + 1))
      .filter((part) => part !== undefined);
    return parts.length === 0 ? undefined : parts.join('; ');
  }
  if (typeof body !== 'object') return undefined;
  const fields = body as Readonly<Record<string, unknown>>;
  for (const key of ['error', 'detail', 'non_field_errors']) {
    const reason = reasonOf(fields[key], depth + 1);
    if (reason !== undefined) return reason;
  }
  const perField = Object.entries(fields).flatMap(([field, value]) => {
    const reason = reasonOf(value, depth + 1);
    return reason === undefined ? [] : [`${field}: ${reason}`];
  });
  return perField.length === 0 ? undefined : perField.join('; ');
}

/** A short human-readable line for logs, with Plane's own reason when it gave one. Never contains the API key. */
export function describePlaneError(error: PlaneClientError): string {
  switch (error.kind) {
    case 'http': {
      const reason = planeReasonOf(error.body);
      return `Plane answered ${error.status} to ${error.method} ${error.url}${reason === undefined ? '' : `: ${reason}`}`;
    }
    case 'rate-limited':
      return `Plane rate limit hit on ${error.method} ${error.url}; retry after ${error.retryAfterMs} ms`;
    case 'redirect':
      return `Plane answered ${error.status} to ${error.method} ${error.url}, redirecting to ${error.location ?? '(no Location)'}; redirects are not followed, so the API key stays with the configured origin: set the Plane URL to where it points`;
    case 'network':
      return `Network failure on ${error.method} ${error.url}`;
    case 'timeout':
      return `No answer within ${error.timeoutMs} ms to ${error.method} ${error.url}`;
    case 'invalid-response':
      return `Unexpected response shape from ${error.method} ${error.url} (${error.issues.length} issues)`;
    case 'unsupported':
    case 'workspace-unreachable':
      return error.message;
  }
}
