import {
  failureKindOfException,
  failureKindOfStatus,
  isRetryableFailureKind,
  type OdooFailureKind,
} from './failure-kind.js';

/**
 * Everything that can go wrong talking to Odoo, classified once. `kind` says what happened on the wire,
 * `failureKind` what it means (the same names as plane-client's, see `failure-kind.ts`) and `retryable`
 * whether the same call may succeed later; both are computed when the error is built, so callers never
 * re-derive them from status codes or exception names.
 *
 * - `rpc`: Odoo raised an exception and said so in its own format (JSON-RPC error envelope with HTTP 200,
 *   or a JSON-2 error body with a 4xx/5xx status). `name` is Odoo's `module.Class`, e.g.
 *   `odoo.exceptions.MissingError`; `message` is `<name>: <Odoo's text>` on one line, never the traceback.
 * - `http`: a status the transport does not expect and no Odoo error body (proxy pages, plain-text 400).
 * - `redirect`: the server answered 3xx. Redirects are never followed: the API key travels in every
 *   request (JSON-RPC body, JSON-2 header), and following a redirect would hand it to whatever origin the
 *   `Location` names.
 * - `unsupported`: the server cannot do what the options ask (JSON-2 forced on a server older than 19).
 * - `network`: the request never got an answer (DNS, refused, reset).
 * - `timeout`: no answer within `timeoutMs`.
 * - `invalid-response`: an answer that does not have the shape we read.
 *
 * Every member has a one-line `message` without secrets, so a caller that only prints `kind` and
 * `message` (sync-core's `describeSyncError`) still says what happened.
 */
export type OdooClientError =
  | {
      readonly kind: 'rpc';
      readonly name: string;
      /** `odoo.exceptions.AccessDenied: Access Denied`: the exception name, then Odoo's text. */
      readonly message: string;
      /** The HTTP status when the transport carries one (JSON-2); absent on JSON-RPC, which always says 200. */
      readonly status?: number;
      readonly failureKind: OdooFailureKind;
      readonly retryable: boolean;
    }
  | {
      readonly kind: 'http';
      readonly status: number;
      /** The response text, cut to 2,000 characters, with credentials removed. */
      readonly body: string;
      /** `Retry-After` in milliseconds when the server sent one. */
      readonly retryAfterMs?: number;
      readonly message: string;
      readonly failureKind: OdooFailureKind;
      readonly retryable: boolean;
    }
  | {
      readonly kind: 'redirect';
      readonly status: number;
      /** The `Location` the server named (user info removed), or `''` when it sent none. */
      readonly location: string;
      readonly message: string;
      readonly failureKind: 'redirect';
      readonly retryable: false;
    }
  | {
      readonly kind: 'unsupported';
      readonly message: string;
      readonly failureKind: 'unsupported';
      readonly retryable: false;
    }
  | {
      readonly kind: 'network';
      readonly cause: Error;
      readonly message: string;
      readonly failureKind: 'network';
      readonly retryable: true;
    }
  | {
      readonly kind: 'timeout';
      readonly message: string;
      readonly failureKind: 'timeout';
      readonly retryable: true;
    }
  | {
      readonly kind: 'invalid-response';
      readonly issues: readonly OdooResponseIssue[];
      readonly message: string;
      readonly failureKind: 'invalid-response';
      readonly retryable: false;
    };

/** One reason a response was rejected: where in the payload, and what was wrong. */
export interface OdooResponseIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * True when an Odoo exception is a concurrency failure: the call rolled back and can be sent again, even
 * when it writes.
 */
export function isConcurrencyFailure(error: OdooClientError): boolean {
  return error.failureKind === 'concurrency';
}

const MAX_BODY_LENGTH = 2_000;
const MAX_MESSAGE_LENGTH = 1_000;

/**
 * Builds an `rpc` error from Odoo's exception name and text. Odoo's exception name decides the kind,
 * whatever the status (see `failureKindOfException`).
 */
export function rpcError(
  name: string,
  text: string,
  status?: number,
): Extract<OdooClientError, { kind: 'rpc' }> {
  const failureKind = failureKindOfException(name);
  const retryable = isRetryableFailureKind(failureKind);
  // One line, so a log entry stays one entry: Odoo's texts have paragraphs ("…records.\n\nThis operation
  // is allowed for the following groups:\n\t- Access Rights").
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  const shown = line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}…` : line;
  const message = shown === '' || shown === name ? name : `${name}: ${shown}`;
  return status === undefined
    ? { kind: 'rpc', name, message, failureKind, retryable }
    : { kind: 'rpc', name, message, status, failureKind, retryable };
}

/** Builds an `http` error, its kind from the status (see `failureKindOfStatus`). */
export function httpError(
  status: number,
  body: string,
  retryAfterMs?: number,
): Extract<OdooClientError, { kind: 'http' }> {
  const failureKind = failureKindOfStatus(status);
  const retryable = isRetryableFailureKind(failureKind);
  const text = body.length > MAX_BODY_LENGTH ? `${body.slice(0, MAX_BODY_LENGTH)}…` : body;
  const message = `HTTP ${status}${bodySummary(text)}`;
  return retryAfterMs === undefined
    ? { kind: 'http', status, body: text, message, failureKind, retryable }
    : { kind: 'http', status, body: text, retryAfterMs, message, failureKind, retryable };
}

/** The first line of a plain-text body, for messages; an HTML page (a proxy's or Odoo's 404) says only that. */
function bodySummary(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  if (/<!doctype html|<html[\s>]|<body[\s>]/i.test(trimmed.slice(0, 1_000)))
    return ' (an HTML page)';
  const line = trimmed.split('\n', 1)[0] ?? '';
  return `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

/**
 * Builds a `redirect` error for a 3xx answer. The `Location` is kept without user info, so a redirect
 * to `https://user:pw@elsewhere` cannot leak a password into logs.
 */
export function redirectError(
  status: number,
  location: string | null,
): Extract<OdooClientError, { kind: 'redirect' }> {
  const shown = location === null ? '' : withoutUserInfo(location);
  return {
    kind: 'redirect',
    status,
    location: shown,
    message:
      `HTTP ${status} redirect to ${shown === '' ? '(no Location)' : shown} not followed: ` +
      'the client sends its API key with every request, so it only talks to the configured base URL ' +
      '(set baseUrl to the final address)',
    failureKind: 'redirect',
    retryable: false,
  };
}

/** Builds an `unsupported` error: what the options ask cannot be done on this server. */
export function unsupportedError(
  message: string,
): Extract<OdooClientError, { kind: 'unsupported' }> {
  return { kind: 'unsupported', message, failureKind: 'unsupported', retryable: false };
}

/** Builds the `timeout` error. */
export function timeoutError(
  timeoutMs: number | undefined,
): Extract<OdooClientError, { kind: 'timeout' }> {
  return {
    kind: 'timeout',
    message: timeoutMs === undefined ? 'no answer (aborted)' : `no answer within ${timeoutMs} ms`,
    failureKind: 'timeout',
    retryable: true,
  };
}

/** Builds a `network` error around a sanitised copy of the cause. */
export function networkError(cause: unknown): Extract<OdooClientError, { kind: 'network' }> {
  const source = cause instanceof Error ? cause : new Error(String(cause));
  // A copy without the original's own `cause` chain: fetch implementations attach the request (and with it
  // the Authorization header) to their errors, and errors end up in logs and the audit ledger.
  const copy = new Error(source.message);
  copy.name = source.name;
  return {
    kind: 'network',
    cause: copy,
    message: `network error: ${copy.message}`,
    failureKind: 'network',
    retryable: true,
  };
}

/** Builds an `invalid-response` error. */
export function invalidResponse(
  issues: readonly OdooResponseIssue[],
): Extract<OdooClientError, { kind: 'invalid-response' }> {
  const listed = issues
    .slice(0, 3)
    .map((issue) => `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`)
    .join('; ');
  return {
    kind: 'invalid-response',
    issues,
    message: `unexpected response${listed === '' ? '' : ` (${listed}${issues.length > 3 ? '; …' : ''})`}`,
    failureKind: 'invalid-response',
    retryable: false,
  };
}

/**
 * A URL as it may be printed: without `user:password@`. Unparsable text is returned unchanged, as it
 * cannot carry user info that `URL` would honour.
 */
export function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * A one-line description of an Odoo client error, safe for logs: exception names and texts are kept,
 * API keys are already redacted, tracebacks and HTML pages are left out. The counterpart of
 * plane-client's `describePlaneError`.
 *
 * @example
 * const uid = await odoo.authenticate();
 * if (uid.isErr()) logger.error(describeOdooError(uid.error));
 * // "Odoo raised odoo.exceptions.AccessDenied: Access Denied"
 */
export function describeOdooError(error: OdooClientError): string {
  switch (error.kind) {
    case 'rpc':
      return `Odoo raised ${error.message}${error.status === undefined ? '' : ` (HTTP ${error.status})`}`;
    case 'http':
      return `Odoo answered ${error.message}`;
    case 'redirect':
      return `Odoo answered ${error.message}`;
    case 'unsupported':
      return error.message;
    case 'network':
      return `Odoo unreachable: ${error.message}`;
    case 'timeout':
      return `Odoo timed out: ${error.message}`;
    case 'invalid-response':
      return `Odoo sent an ${error.message}`;
  }
}

/** Replaces every occurrence of the given secrets in an error's texts with `<redacted>`. */
export function redactError(error: OdooClientError, secrets: readonly string[]): OdooClientError {
  const usable = secrets.filter((secret) => secret.length >= 4);
  if (usable.length === 0) return error;
  const redact = (text: string): string =>
    usable.reduce((current, secret) => current.split(secret).join('<redacted>'), text);
  switch (error.kind) {
    case 'rpc':
    case 'unsupported':
    case 'timeout':
      return { ...error, message: redact(error.message) };
    case 'http':
      return { ...error, body: redact(error.body), message: redact(error.message) };
    case 'redirect':
      return { ...error, location: redact(error.location), message: redact(error.message) };
    case 'network': {
      const copy = new Error(redact(error.cause.message));
      copy.name = error.cause.name;
      return { ...error, cause: copy, message: redact(error.message) };
    }
    case 'invalid-response':
      return {
        ...error,
        message: redact(error.message),
        issues: error.issues.map((issue) => ({ path: issue.path, message: redact(issue.message) })),
      };
  }
}
