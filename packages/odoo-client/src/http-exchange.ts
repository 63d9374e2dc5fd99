import ky, { TimeoutError } from 'ky';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { networkError, redirectError, timeoutError, type OdooClientError } from './errors.js';

/** What the transports need from one HTTP exchange: the status, the headers and the body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One HTTP request, described as data. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

/** Sends one request; never throws, never retries. */
export type HttpExchange = (request: HttpRequest) => ResultAsync<HttpAnswer, OdooClientError>;

/** Options for {@link createHttpExchange}. */
export interface HttpExchangeOptions {
  readonly fetch?: typeof fetch;
  /** Wall-clock limit for one exchange; `undefined` means no limit. */
  readonly timeoutMs?: number;
}

/**
 * Wraps ky for the transports: `retry: 0` (retries are ours, on the injected clock, and per method) and
 * `throwHttpErrors: false` (every status is interpreted by the transport, since JSON-2 answers errors with
 * 4xx/5xx bodies that carry Odoo exception names).
 *
 * The timeout is measured on the wall clock on purpose: it bounds real I/O, which a fake clock cannot speed up.
 *
 * Redirects are not followed (`redirect: 'manual'`): every request carries the API key (JSON-RPC in its
 * body, JSON-2 in its `Authorization` header), and fetch would re-send the body to any origin a 307/308
 * names. A 3xx is answered as a `redirect` error naming the `Location` instead.
 */
export function createHttpExchange(options: HttpExchangeOptions): HttpExchange {
  const client = ky.create({
    retry: 0,
    throwHttpErrors: false,
    timeout: options.timeoutMs ?? false,
    redirect: 'manual',
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return (request) =>
    ResultAsync.fromPromise(
      (async (): Promise<HttpAnswer> => {
        const response = await client(request.url, {
          method: request.method,
          headers: { 'user-agent': 'odoo-plane-sync', ...request.headers },
          ...(request.json === undefined ? {} : { json: request.json }),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, text };
      })(),
      (cause): OdooClientError => {
        if (cause instanceof TimeoutError) return timeoutError(options.timeoutMs);
        if (
          cause instanceof Error &&
          (cause.name === 'TimeoutError' || cause.name === 'AbortError')
        ) {
          return timeoutError(options.timeoutMs);
        }
        return networkError(cause);
      },
    ).andThen((answer) =>
      // `opaqueredirect` (status 0) is what a browser-style fetch gives for a manual redirect.
      (answer.status >= 300 && answer.status < 400) || answer.status === 0
        ? errAsync(redirectError(answer.status, answer.headers.get('location')))
        : okAsync(answer),
    );
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) as milliseconds from `now`, or `undefined`.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
