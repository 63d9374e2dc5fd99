/**
 * Everything that can go wrong talking to Odoo, classified once. `retryable` is computed when the error is
 * built, so callers never re-derive it from status codes or exception names.
 *
 * - `rpc`: Odoo raised an exception and said so in its own format (JSON-RPC error envelope with HTTP 200,
 *   or a JSON-2 error body with a 4xx/5xx status). `name` is Odoo's `module.Class`, e.g.
 *   `odoo.exceptions.MissingError`; `message` is the human text, never the traceback.
 * - `http`: a status the transport does not expect and no Odoo error body (proxy pages, plain-text 400).
 * - `network`: the request never got an answer (DNS, refused, reset).
 * - `timeout`: no answer within `timeoutMs`.
 * - `invalid-response`: an answer that does not have the shape we read.
 */
export type OdooClientError =
  | {
      readonly kind: 'rpc';
      readonly name: string;
      readonly message: string;
      /** The HTTP status when the transport carries one (JSON-2); absent on JSON-RPC, which always says 200. */
      readonly status?: number;
      readonly retryable: boolean;
    }
  | {
      readonly kind: 'http';
      readonly status: number;
      /** The response text, cut to 2,000 characters, with credentials removed. */
      readonly body: string;
      /** `Retry-After` in milliseconds when the server sent one. */
      readonly retryAfterMs?: number;
      readonly retryable: boolean;
    }
  | { readonly kind: 'network'; readonly cause: Error; readonly retryable: true }
  | { readonly kind: 'timeout'; readonly retryable: true }
  | {
      readonly kind: 'invalid-response';
      readonly issues: readonly OdooResponseIssue[];
      readonly retryable: false;
    };

/** One reason a response was rejected: where in the payload, and what was wrong. */
export interface OdooResponseIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Exceptions that mean "the transaction was rolled back because of a concurrent one; the same call may
 * succeed now". Odoo already retried these five times server-side (`odoo/service/model.py` `retrying`)
 * before letting them reach us.
 */
const CONCURRENCY_ERROR_NAMES: ReadonlySet<string> = new Set([
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.LockNotAvailable',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.errors.TransactionRollback',
  'psycopg2.extensions.TransactionRollbackError',
  'psycopg2.OperationalError',
  'odoo.exceptions.ConcurrencyError',
  'odoo.exceptions.LockError',
]);

/**
 * True when an Odoo exception is a concurrency failure: the call rolled back and can be sent again, even
 * when it writes.
 */
export function isConcurrencyFailure(error: OdooClientError): boolean {
  return error.kind === 'rpc' && CONCURRENCY_ERROR_NAMES.has(error.name);
}

const MAX_BODY_LENGTH = 2_000;

/**
 * Builds an `rpc` error. Odoo's exception names decide `retryable`, whatever the status: a JSON-2 500 that
 * carries `builtins.ValueError` is as deterministic as the same error over JSON-RPC.
 */
export function rpcError(
  name: string,
  message: string,
  status?: number,
): Extract<OdooClientError, { kind: 'rpc' }> {
  const retryable = CONCURRENCY_ERROR_NAMES.has(name);
  return status === undefined
    ? { kind: 'rpc', name, message, retryable }
    : { kind: 'rpc', name, message, status, retryable };
}

/** Builds an `http` error: 408, 425, 429 and 5xx are worth another try, every other status is final. */
export function httpError(
  status: number,
  body: string,
  retryAfterMs?: number,
): Extract<OdooClientError, { kind: 'http' }> {
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const text = body.length > MAX_BODY_LENGTH ? `${body.slice(0, MAX_BODY_LENGTH)}…` : body;
  return retryAfterMs === undefined
    ? { kind: 'http', status, body: text, retryable }
    : { kind: 'http', status, body: text, retryAfterMs, retryable };
}

/** Builds a `network` error around a sanitised copy of the cause. */
export function networkError(cause: unknown): Extract<OdooClientError, { kind: 'network' }> {
  const source = cause instanceof Error ? cause : new Error(String(cause));
  // A copy without the original's own `cause` chain: fetch implementations attach the request (and with it
  // the Authorization header) to their errors, and errors end up in logs and the audit ledger.
  const copy = new Error(source.message);
  copy.name = source.name;
  return { kind: 'network', cause: copy, retryable: true };
}

/** Builds an `invalid-response` error. */
export function invalidResponse(
  issues: readonly OdooResponseIssue[],
): Extract<OdooClientError, { kind: 'invalid-response' }> {
  return { kind: 'invalid-response', issues, retryable: false };
}

/** Replaces every occurrence of the given secrets in an error's texts with `<redacted>`. */
export function redactError(error: OdooClientError, secrets: readonly string[]): OdooClientError {
  const usable = secrets.filter((secret) => secret.length >= 4);
  if (usable.length === 0) return error;
  const redact = (text: string): string =>
    usable.reduce((current, secret) => current.split(secret).join('<redacted>'), text);
  switch (error.kind) {
    case 'rpc':
      return { ...error, message: redact(error.message) };
    case 'http':
      return { ...error, body: redact(error.body) };
    case 'network': {
      const copy = new Error(redact(error.cause.message));
      copy.name = error.cause.name;
      return { ...error, cause: copy };
    }
    case 'invalid-response':
      return {
        ...error,
        issues: error.issues.map((issue) => ({ path: issue.path, message: redact(issue.message) })),
      };
    case 'timeout':
      return error;
  }
}
