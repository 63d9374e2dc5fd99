/**
 * What a failure means for the caller, whatever the transport said: the one classification the sync
 * decides on (skip on `not-found`, retry on the retryable kinds). plane-client uses the same names, so a
 * caller handles both systems with one `switch`. The HTTP status and Odoo's exception name stay on the
 * error for messages; nothing outside this file turns either into a decision.
 *
 * - `validation`: the call was refused as invalid (400, 422; `ValidationError`, `UserError`, werkzeug's
 *   `BadRequest` and `UnprocessableEntity`).
 * - `auth`: the credentials were refused (401; `AccessDenied`, werkzeug's `Unauthorized`).
 * - `forbidden`: the user may not do this (403; `AccessError`, werkzeug's `Forbidden`).
 * - `not-found`: no such record or route (404; `MissingError`, werkzeug's `NotFound`).
 * - `conflict`: 409.
 * - `rate-limited`: 429.
 * - `timeout`: no answer in time (the client's own timeout, or 408).
 * - `unavailable`: the server or a proxy in front of it failed for now (425, 5xx without an Odoo
 *   exception).
 * - `network`: no HTTP answer at all (DNS, refused, reset).
 * - `concurrency`: Odoo rolled the call back because of a concurrent transaction (serialization
 *   failure, lock not available); the same call, even a write, may succeed now.
 * - `redirect`: a 3xx, never followed (the API key would travel with it).
 * - `invalid-response`: an answer that does not have the shape the client reads.
 * - `unsupported`: the server cannot do what the options ask.
 * - `rejected`: any other refusal (another 4xx, any other Odoo exception such as `builtins.ValueError`).
 */
export type OdooFailureKind =
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'network'
  | 'concurrency'
  | 'redirect'
  | 'invalid-response'
  | 'unsupported'
  | 'rejected';

/**
 * The one retryable rule of this client: a failure is worth repeating when its kind says the server may
 * answer differently later. Every error's `retryable` is computed from it, once, when the error is built.
 */
export function isRetryableFailureKind(kind: OdooFailureKind): boolean {
  switch (kind) {
    case 'rate-limited':
    case 'timeout':
    case 'unavailable':
    case 'network':
    case 'concurrency':
      return true;
    case 'validation':
    case 'auth':
    case 'forbidden':
    case 'not-found':
    case 'conflict':
    case 'redirect':
    case 'invalid-response':
    case 'unsupported':
    case 'rejected':
      return false;
  }
}

/**
 * The kind of an answer with a failing status and no Odoo exception in its body (a proxy page, a
 * plain-text 400). Every 5xx is `unavailable`: without an exception name it is a proxy or a worker
 * restart, not a deterministic refusal; 425 (Too Early) asks for the same call later.
 */
export function failureKindOfStatus(status: number): OdooFailureKind {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 408:
      return 'timeout';
    case 409:
      return 'conflict';
    case 425:
      return 'unavailable';
    case 429:
      return 'rate-limited';
    default:
      return status >= 500 ? 'unavailable' : 'rejected';
  }
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

const EXCEPTION_KINDS: ReadonlyMap<string, OdooFailureKind> = new Map([
  ['odoo.exceptions.ValidationError', 'validation'],
  ['odoo.exceptions.UserError', 'validation'],
  ['werkzeug.exceptions.BadRequest', 'validation'],
  ['werkzeug.exceptions.UnprocessableEntity', 'validation'],
  ['odoo.exceptions.AccessDenied', 'auth'],
  ['werkzeug.exceptions.Unauthorized', 'auth'],
  ['odoo.exceptions.AccessError', 'forbidden'],
  ['werkzeug.exceptions.Forbidden', 'forbidden'],
  ['odoo.exceptions.MissingError', 'not-found'],
  ['werkzeug.exceptions.NotFound', 'not-found'],
]);

/**
 * The kind of an Odoo exception, by its `module.Class` name alone, whatever the HTTP status: a JSON-2
 * 500 that carries `builtins.ValueError` is as deterministic as the same error over JSON-RPC.
 */
export function failureKindOfException(name: string): OdooFailureKind {
  if (CONCURRENCY_ERROR_NAMES.has(name)) return 'concurrency';
  return EXCEPTION_KINDS.get(name) ?? 'rejected';
}
