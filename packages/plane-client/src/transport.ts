import ky, { TimeoutError } from 'ky';
import { ResultAsync, err, ok, type Result } from 'neverthrow';
import type { Clock } from './clock.js';
import { redactPlaneError, type PlaneClientError, type PlaneRequestInfo } from './errors.js';
import { failureKindOfStatus, isRetryableFailureKind } from './failure-kind.js';
import type { PlaneLane, RateLimiter } from './rate-limiter.js';
import { decideRetry, type RequestSafety, type RetryPolicy } from './retry-policy.js';

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

type AttemptOutcome =
  | { readonly ok: true; readonly response: PlaneResponse }
  | { readonly ok: false; readonly error: PlaneClientError };

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
  const http = ky.create({
    retry: 0,
    timeout: Number.isFinite(options.timeoutMs) ? options.timeoutMs : false,
    throwHttpErrors: false,
    fetch: options.fetch,
    // A followed redirect would carry X-Api-Key to whatever host Location names (issue 11.4).
    redirect: 'manual',
    headers: { 'X-Api-Key': options.apiKey, Accept: 'application/json' },
  });

  const buildUrl = (request: PlaneRequest): string => {
    const url = new URL(`${origin}/api/v1/${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  };

  const attempt = async (
    request: PlaneRequest,
    info: PlaneRequestInfo,
  ): Promise<AttemptOutcome> => {
    const slot = await options.limiter.acquire(request.lane);
    let response: Response;
    try {
      response = await http(info.url, {
        method: request.method,
        ...(request.body === undefined ? {} : { json: request.body }),
      });
    } catch (cause) {
      slot.settle({});
      if (cause instanceof TimeoutError) {
        return {
          ok: false,
          error: {
            kind: 'timeout',
            timeoutMs: options.timeoutMs,
            failureKind: 'timeout',
            retryable: true,
            ...info,
          },
        };
      }
      return {
        ok: false,
        error: {
          kind: 'network',
          cause,
          failureKind: 'network',
          retryable: true,
          ...info,
        },
      };
    }
    const text = await response.text().catch(() => '');
    const remaining = parseInteger(response.headers.get('x-ratelimit-remaining'));
    if (response.status === 429) {
      const retryAfterMs =
        parseRetryAfter(response.headers.get('retry-after'), options.clock) ?? 1_000;
      slot.settle({ retryAfterMs });
      return {
        ok: false,
        error: {
          kind: 'rate-limited',
          status: 429,
          retryAfterMs,
          body: parseBody(text),
          failureKind: 'rate-limited',
          retryable: true,
          ...info,
        },
      };
    }
    slot.settle(remaining === undefined ? {} : { remaining });
    // `redirect: 'manual'` hands back the 3xx itself (browsers give an opaque redirect with status 0).
    if ((response.status >= 300 && response.status <= 399) || response.type === 'opaqueredirect') {
      return {
        ok: false,
        error: {
          kind: 'redirect',
          status: response.status,
          location: response.headers.get('location'),
          failureKind: 'redirect',
          retryable: false,
          ...info,
        },
      };
    }
    if (response.status < 200 || response.status > 299) {
      const failureKind = failureKindOfStatus(response.status);
      return {
        ok: false,
        error: {
          kind: 'http',
          status: response.status,
          body: parseBody(text),
          failureKind,
          retryable: isRetryableFailureKind(failureKind),
          ...info,
        },
      };
    }
    if (text === '') return { ok: true, response: { status: response.status, body: null, info } };
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
    return { ok: true, response: { status: response.status, body: parsed.value, info } };
  };

  const run = async (request: PlaneRequest): Promise<Result<PlaneResponse, PlaneClientError>> => {
    const info: PlaneRequestInfo = { method: request.method, url: buildUrl(request) };
    const safety = request.safety ?? (request.method === 'POST' ? 'once' : 'repeatable');
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      const outcome = await attempt(request, info);
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
              {
                kind: 'network',
                cause,
                failureKind: 'network',
                retryable: true,
                method: request.method,
                url: `${origin}/api/v1/${request.path}`,
              },
              options.apiKey,
            ),
          ),
        ),
      ),
  };
}

function parseInteger(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null, clock: Clock): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1_000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
}
