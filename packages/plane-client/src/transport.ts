import ky from 'ky';
import { ResultAsync, err, ok, type Result } from 'neverthrow';
import { networkFailure } from './attempt-outcome.js';
import type { Clock } from './clock.js';
import { redactPlaneError, type PlaneClientError, type PlaneRequestInfo } from './errors.js';
import type { PlaneLane, RateLimiter } from './rate-limiter.js';
import { decideRetry, type RequestSafety, type RetryPolicy } from './retry-policy.js';
import { sendAttempt, type AttemptDeps } from './send-attempt.js';

/** One call to the Plane v1 API, described as data. */
export interface PlaneRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below `/api/v1/`, without a leading slash and with Plane's trailing slash. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Defaults to `repeatable` for GET, PATCH and DELETE and `once` for POST. */
  readonly safety?: RequestSafety;
  readonly lane: PlaneLane;
}

/** A successful (2xx) answer, body parsed. */
export interface PlaneResponse {
  readonly status: number;
  /** Parsed JSON, or `null` for an empty body (204). */
  readonly body: unknown;
  readonly info: PlaneRequestInfo;
}

/** Everything a transport needs; built once per client. */
export interface TransportOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly random: () => number;
}

/** Sends requests through the budget and the retry policy. */
export interface Transport {
  send(request: PlaneRequest): ResultAsync<PlaneResponse, PlaneClientError>;
}

/**
 * Creates the request core shared by every method of one client: URL building, the `X-Api-Key` header,
 * the per-instance rate-limit budget, timeouts, error classification and the retry loop.
 *
 * ky runs with `retry: 0`: its own retries would sleep on wall time, while this loop sleeps on the
 * injected clock. The timeout, in contrast, guards real I/O and runs on wall time.
 *
 * @example
 * const transport = createTransport({ baseUrl, apiKey, fetch, timeoutMs: 30_000, clock, limiter, retry, random: Math.random });
 * const result = await transport.send({ method: 'GET', path: 'users/me/', lane: 'live' });
 */
export function createTransport(options: TransportOptions): Transport {
  const origin = options.baseUrl.replace(/\/+$/, '');
  const attemptDeps: AttemptDeps = {
    http: ky.create({
      retry: 0,
      timeout: Number.isFinite(options.timeoutMs) ? options.timeoutMs : false,
      throwHttpErrors: false,
      fetch: options.fetch,
      // A followed redirect would carry X-Api-Key to whatever host Location names (issue 11.4).
      redirect: 'manual',
      headers: { 'X-Api-Key': options.apiKey, Accept: 'application/json' },
    }),
    limiter: options.limiter,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
  };

  const run = async (request: PlaneRequest): Promise<Result<PlaneResponse, PlaneClientError>> => {
    const info: PlaneRequestInfo = { method: request.method, url: requestUrl(origin, request) };
    const safety = request.safety ?? (request.method === 'POST' ? 'once' : 'repeatable');
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      const outcome = await sendAttempt(attemptDeps, request, info);
      if (outcome.ok) return ok(outcome.response);
      const decision = decideRetry(
        options.retry,
        attemptNumber,
        outcome.error,
        safety,
        options.random,
      );
      // The one exit for failures: whatever Plane or the HTTP stack echoed, the key does not leave here.
      if (!decision.retry) return err(redactPlaneError(outcome.error, options.apiKey));
      // A Retry-After wait is already enforced by the limiter for every lane; sleeping here as well
      // would double it.
      if (decision.reason === 'backoff') await options.clock.sleep(decision.delayMs);
    }
  };

  return {
    send: (request) =>
      new ResultAsync(
        run(request).catch((cause: unknown) =>
          err<PlaneResponse, PlaneClientError>(
            redactPlaneError(
              networkFailure(cause, {
                method: request.method,
                url: `${origin}/api/v1/${request.path}`,
              }),
              options.apiKey,
            ),
          ),
        ),
      ),
  };
}

/** The absolute URL of `request`, its query keys set (an `undefined` value leaves a key out). */
function requestUrl(origin: string, request: PlaneRequest): string {
  const url = new URL(`${origin}/api/v1/${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}
