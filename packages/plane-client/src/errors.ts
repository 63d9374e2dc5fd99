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
  /** Whether repeating the same request may succeed (408, 5xx). Computed once, here. */
  readonly retryable: boolean;
}

/** Plane answered 429 and the retries are used up, or its `Retry-After` is longer than `maxDelayMs`. */
export interface PlaneRateLimitedError extends PlaneRequestInfo {
  readonly kind: 'rate-limited';
  /** How long Plane asked to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number;
  readonly status: 429;
  readonly body: unknown;
  readonly retryable: true;
}

/** The request never got an HTTP answer (DNS, refused connection, reset). */
export interface PlaneNetworkError extends PlaneRequestInfo {
  readonly kind: 'network';
  readonly cause: unknown;
  readonly retryable: true;
}

/** No answer within `timeoutMs`. */
export interface PlaneTimeoutError extends PlaneRequestInfo {
  readonly kind: 'timeout';
  readonly timeoutMs: number;
  readonly retryable: true;
}

/** A success response whose body does not have the shape this client reads. */
export interface PlaneInvalidResponseError extends PlaneRequestInfo {
  readonly kind: 'invalid-response';
  readonly issues: readonly PlaneSchemaIssue[];
  readonly retryable: false;
}

/** The server does not offer the operation (for example relation removal on Plane Community Edition). */
export interface PlaneUnsupportedError {
  readonly kind: 'unsupported';
  readonly operation: 'relation-removal';
  readonly message: string;
  readonly retryable: false;
}

/**
 * Every failure a Plane client method can return. Switch on `kind`; `retryable` says whether the same
 * request may succeed later. The API key never appears in any member.
 */
export type PlaneClientError =
  | PlaneHttpError
  | PlaneRateLimitedError
  | PlaneNetworkError
  | PlaneTimeoutError
  | PlaneInvalidResponseError
  | PlaneUnsupportedError;

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** Whether an HTTP status (other than 429, which has its own kind) is worth repeating. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Removes every occurrence of a secret from a string. Used on error causes and messages, which may echo
 * request details from the host's HTTP stack.
 */
export function redactSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('<redacted>');
}

/** A short human-readable line for logs. Never contains the API key. */
export function describePlaneError(error: PlaneClientError): string {
  switch (error.kind) {
    case 'http':
      return `Plane answered ${error.status} to ${error.method} ${error.url}`;
    case 'rate-limited':
      return `Plane rate limit hit on ${error.method} ${error.url}; retry after ${error.retryAfterMs} ms`;
    case 'network':
      return `Network failure on ${error.method} ${error.url}`;
    case 'timeout':
      return `No answer within ${error.timeoutMs} ms to ${error.method} ${error.url}`;
    case 'invalid-response':
      return `Unexpected response shape from ${error.method} ${error.url} (${error.issues.length} issues)`;
    case 'unsupported':
      return error.message;
  }
}
