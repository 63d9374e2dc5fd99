import type { KyInstance } from 'ky';
import type { Clock } from './clock.js';
import type { PlaneRequestInfo } from './errors.js';
import {
  answerOutcome,
  rateLimitedFailure,
  thrownFailure,
  type AttemptOutcome,
} from './attempt-outcome.js';
import { parseRateLimitRemaining, parseRetryAfter } from './rate-limit-headers.js';
import type { RateLimiter } from './rate-limiter.js';
import type { PlaneRequest } from './transport.js';

/** What one attempt needs from its transport. */
export interface AttemptDeps {
  /** ky with `retry: 0`, `throwHttpErrors: false` and `redirect: 'manual'`. */
  readonly http: KyInstance;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

/**
 * Sends `request` once: waits for a slot of the budget, makes the call, feeds what Plane said about the
 * budget back into the slot, and decides the outcome. Never throws for an HTTP or network failure.
 */
export async function sendAttempt(
  deps: AttemptDeps,
  request: PlaneRequest,
  info: PlaneRequestInfo,
): Promise<AttemptOutcome> {
  const slot = await deps.limiter.acquire(request.lane);
  let response: Response;
  try {
    response = await deps.http(info.url, {
      method: request.method,
      ...(request.body === undefined ? {} : { json: request.body }),
    });
  } catch (cause) {
    slot.settle({});
    return { ok: false, error: thrownFailure(cause, info, deps.timeoutMs) };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.clock) ?? 1_000;
    slot.settle({ retryAfterMs });
    return { ok: false, error: rateLimitedFailure(retryAfterMs, text, info) };
  }
  const remaining = parseRateLimitRemaining(response.headers.get('x-ratelimit-remaining'));
  slot.settle(remaining === undefined ? {} : { remaining });
  return answerOutcome(response, text, info);
}
