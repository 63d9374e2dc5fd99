import { TimeoutError } from 'ky';
import type {
  PlaneClientError,
  PlaneNetworkError,
  PlaneRateLimitedError,
  PlaneRedirectError,
  PlaneRequestInfo,
} from './errors.js';
import { failureKindOfStatus, isRetryableFailureKind } from './failure-kind.js';
import { parseBody, parseJson } from './response-body.js';
import type { PlaneResponse } from './transport.js';

/** What one attempt of a request ended with: the answer, or the error the retry policy decides on. */
export type AttemptOutcome =
  | { readonly ok: true; readonly response: PlaneResponse }
  | { readonly ok: false; readonly error: PlaneClientError };

/** The parts of a fetch `Response` the outcome is decided on (the body is read beforehand). */
export type AnswerHead = Pick<Response, 'status' | 'type' | 'headers'>;

/** The request never got an HTTP answer. */
export function networkFailure(cause: unknown, info: PlaneRequestInfo): PlaneNetworkError {
  return { kind: 'network', cause, failureKind: 'network', retryable: true, ...info };
}

/** What the HTTP stack threw: ky's timeout, or anything else as a network failure. */
export function thrownFailure(
  cause: unknown,
  info: PlaneRequestInfo,
  timeoutMs: number,
): PlaneClientError {
  if (cause instanceof TimeoutError) {
    return { kind: 'timeout', timeoutMs, failureKind: 'timeout', retryable: true, ...info };
  }
  return networkFailure(cause, info);
}

/** A 429, with the wait Plane asked for (already fed to the limiter). */
export function rateLimitedFailure(
  retryAfterMs: number,
  text: string,
  info: PlaneRequestInfo,
): PlaneRateLimitedError {
  return {
    kind: 'rate-limited',
    status: 429,
    retryAfterMs,
    body: parseBody(text),
    failureKind: 'rate-limited',
    retryable: true,
    ...info,
  };
}

/**
 * Refuses a redirect, or `null` when the answer is none. `redirect: 'manual'` hands back the 3xx itself
 * (browsers give an opaque redirect with status 0).
 */
export function redirectRefusal(
  head: AnswerHead,
  info: PlaneRequestInfo,
): PlaneRedirectError | null {
  if ((head.status < 300 || head.status > 399) && head.type !== 'opaqueredirect') return null;
  return {
    kind: 'redirect',
    status: head.status,
    location: head.headers.get('location'),
    failureKind: 'redirect',
    retryable: false,
    ...info,
  };
}

/**
 * Decides an answer that is not a 429: a refused redirect, an HTTP failure classified by its status, or
 * a success whose body is JSON (`null` for an empty body).
 */
export function answerOutcome(
  head: AnswerHead,
  text: string,
  info: PlaneRequestInfo,
): AttemptOutcome {
  const redirect = redirectRefusal(head, info);
  if (redirect !== null) return { ok: false, error: redirect };
  if (head.status < 200 || head.status > 299) {
    const failureKind = failureKindOfStatus(head.status);
    return {
      ok: false,
      error: {
        kind: 'http',
        status: head.status,
        body: parseBody(text),
        failureKind,
        retryable: isRetryableFailureKind(failureKind),
        ...info,
      },
    };
  }
  if (text === '') return { ok: true, response: { status: head.status, body: null, info } };
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return {
      ok: false,
      error: {
        kind: 'invalid-response',
        issues: [{ path: [], message: 'The body is not JSON.' }],
        failureKind: 'invalid-response',
        retryable: false,
        ...info,
      },
    };
  }
  return { ok: true, response: { status: head.status, body: parsed.value, info } };
}
