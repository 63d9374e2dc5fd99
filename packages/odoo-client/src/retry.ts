import { errAsync, ResultAsync } from 'neverthrow';
import type { Clock } from './clock.js';
import type { OdooClientError } from './errors.js';

/** How many times to try again and how long to wait between tries. */
export interface RetryPolicy {
  /** Retries after the first attempt; default 3. */
  readonly limit?: number;
  /** First delay; doubles each retry. Default 500 ms. */
  readonly backoffMs?: number;
  /** Cap on one delay, also on a server's `Retry-After`. Default 10 s. */
  readonly maxDelayMs?: number;
}

/** Default retry policy values. */
export const DEFAULT_RETRY = { limit: 3, backoffMs: 500, maxDelayMs: 10_000 } as const;

/**
 * The delay before retry number `retry` (0-based): exponential backoff, or the server's `Retry-After` when
 * it asks for longer, both capped.
 */
export function retryDelayMs(retry: number, error: OdooClientError, policy: RetryPolicy): number {
  const backoffMs = policy.backoffMs ?? DEFAULT_RETRY.backoffMs;
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const exponential = backoffMs * 2 ** retry;
  const requested = error.kind === 'http' ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(maxDelayMs, Math.max(exponential, requested));
}

/**
 * Runs `attempt` until it succeeds, `shouldRetry` says no, or the retry limit is reached, sleeping on the
 * injected clock between tries. The last error is returned as it is.
 */
export function withRetry<T>(
  attempt: () => ResultAsync<T, OdooClientError>,
  shouldRetry: (error: OdooClientError) => boolean,
  policy: RetryPolicy,
  clock: Clock,
): ResultAsync<T, OdooClientError> {
  const limit = policy.limit ?? DEFAULT_RETRY.limit;
  const run = (retry: number): ResultAsync<T, OdooClientError> =>
    attempt().orElse((error) => {
      if (retry >= limit || !shouldRetry(error)) return errAsync(error);
      return ResultAsync.fromSafePromise(clock.sleep(retryDelayMs(retry, error, policy))).andThen(
        () => run(retry + 1),
      );
    });
  return run(0);
}
