/** The verdict on one request. */
export type RateLimitVerdict =
  | { readonly allowed: true; readonly remaining: number; readonly resetEpochSeconds: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** A per-key sliding-window limiter, the way DRF's `SimpleRateThrottle` keeps its history. */
export interface PlaneRateLimiter {
  check(key: string): RateLimitVerdict;
  clear(): void;
}

/**
 * Creates Plane's API-key throttle (`api/rate_limit.py`): a sliding window of request times per key;
 * a request is refused while the window already holds `requests` entries, and refused requests are not
 * recorded. `X-RateLimit-Remaining` is what is left after this request; `X-RateLimit-Reset` is always
 * now + window (not when a slot frees up); `Retry-After` is DRF's `ceil((window - age of the oldest entry)
 * / (free slots + 1))`.
 *
 * @example
 * const limiter = createPlaneRateLimiter({ requests: 60, windowMs: 60_000 }, () => clock.now());
 * limiter.check('plane_api_…'); // { allowed: true, remaining: 59, resetEpochSeconds: … }
 */
export function createPlaneRateLimiter(
  limit: { readonly requests: number; readonly windowMs: number },
  now: () => number,
): PlaneRateLimiter {
  const histories = new Map<string, number[]>();
  return {
    check: (key) => {
      const time = now();
      // Newest first, as DRF stores it.
      const history = (histories.get(key) ?? []).filter((at) => at > time - limit.windowMs);
      if (history.length >= limit.requests) {
        histories.set(key, history);
        const oldest = history[history.length - 1] ?? time;
        const freeSlots = limit.requests - history.length + 1;
        const waitMs = Math.max(0, limit.windowMs - (time - oldest)) / Math.max(1, freeSlots);
        return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
      }
      history.unshift(time);
      histories.set(key, history);
      return {
        allowed: true,
        remaining: Math.max(0, limit.requests - history.length),
        resetEpochSeconds: Math.floor((time + limit.windowMs) / 1000),
      };
    },
    clear: () => histories.clear(),
  };
}
