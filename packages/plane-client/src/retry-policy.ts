import type { PlaneClientError } from './errors.js';

/** How the client repeats failed requests. Plain data, so tests can assert on requested delays. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `limit + 1` attempts at most). */
  readonly limit: number;
  /** Delay before the first retry; doubles with every further retry. */
  readonly backoffMs: number;
  /** Upper bound for any single wait, backoff or `Retry-After`. A longer `Retry-After` is not waited for. */
  readonly maxDelayMs: number;
}

/** Options accepted by `createPlaneClient({ retry })`; missing fields take the defaults. */
export interface RetryOptions {
  readonly limit?: number;
  readonly backoffMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Defaults: three retries, 1 s then 2 s then 4 s (with jitter), and waits capped at one rate-limit
 * window (Plane's `Retry-After` is at most 60 s by construction: DRF derives it from the oldest request in a 60 s window).
 */
export const defaultRetryPolicy: RetryPolicy = { limit: 3, backoffMs: 1_000, maxDelayMs: 60_000 };

/** Merges user options over the defaults. */
export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  return {
    limit: Math.max(0, options?.limit ?? defaultRetryPolicy.limit),
    backoffMs: Math.max(0, options?.backoffMs ?? defaultRetryPolicy.backoffMs),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? defaultRetryPolicy.maxDelayMs),
  };
}

/**
 * Whether a request may be sent twice without changing the outcome. Reads, PATCH and DELETE may; a POST
 * only when the caller marked it (a create carrying `external_id`, which Plane answers with 409 the
 * second time, or a set-style POST such as adding work items to a cycle).
 */
export type RequestSafety = 'repeatable' | 'once';

/** What to do after a failed attempt. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: 'backoff' | 'retry-after' }
  | { readonly retry: false };

/**
 * Decides whether to retry after `attempt` failed attempts (1-based).
 *
 * A 429 is repeated even for a one-shot POST: Plane checks the rate limit before the view runs
 * (DRF `initial()`), so a throttled request changed nothing. A network failure or timeout on a one-shot
 * POST is not repeated: the server may have acted.
 *
 * `random` returns a number in [0, 1); delays use "equal jitter" (half fixed, half random) so that
 * clients sharing a key do not retry in lock-step.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  error: PlaneClientError,
  safety: RequestSafety,
  random: () => number,
): RetryDecision {
  if (attempt > policy.limit) return { retry: false };
  if (error.kind === 'rate-limited') {
    if (error.retryAfterMs > policy.maxDelayMs) return { retry: false };
    return { retry: true, delayMs: error.retryAfterMs, reason: 'retry-after' };
  }
  if (!error.retryable || safety === 'once') return { retry: false };
  const exponential = policy.backoffMs * 2 ** (attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const delayMs = Math.round(capped / 2 + (capped / 2) * clampUnit(random()));
  return { retry: true, delayMs, reason: 'backoff' };
}

function clampUnit(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
