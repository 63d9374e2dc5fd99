/**
 * What a failure means for the caller, whatever the transport said: the one classification the sync
 * decides on (adopt on `conflict`, skip on `not-found`, retry on the retryable kinds). odoo-client uses the
 * same names, so a caller handles both systems with one `switch`. The HTTP status stays on the error for
 * messages; nothing outside this file turns a status into a decision.
 *
 * - `validation`: the request was refused as invalid (400, 422).
 * - `auth`: the credentials were refused (401).
 * - `forbidden`: the credentials are fine but may not do this (403); Plane CE also answers 403 for a
 *   project identifier it does not know.
 * - `not-found`: no such resource (404).
 * - `conflict`: the resource exists already (409, e.g. a duplicate `external_id`).
 * - `rate-limited`: 429.
 * - `timeout`: no answer in time (the client's own timeout, or 408).
 * - `unavailable`: the server or a proxy in front of it failed for now (500, 502, 503, 504).
 * - `network`: no HTTP answer at all (DNS, refused, reset).
 * - `concurrency`: the server rolled the call back because of a concurrent one (Odoo only; never Plane).
 * - `redirect`: a 3xx, never followed (the API key would travel with it).
 * - `invalid-response`: an answer that does not have the shape the client reads.
 * - `unsupported`: the server does not offer the operation.
 * - `rejected`: any other refusal (another 4xx, 501, 505…).
 */
export type PlaneFailureKind =
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
export function isRetryableFailureKind(kind: PlaneFailureKind): boolean {
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
 * The kind of a Plane answer with a failing status. Only 500, 502, 503 and 504 are `unavailable`: those
 * are what Plane's gunicorn and the proxies in front of it send while they recover; a 501 or 505 will
 * not change on a retry.
 */
export function failureKindOfStatus(status: number): PlaneFailureKind {
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
    case 429:
      return 'rate-limited';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 300 && status <= 399 ? 'redirect' : 'rejected';
  }
}
