import ky, { TimeoutError } from 'ky';
import { ResultAsync } from 'neverthrow';
import { networkError, type OdooClientError } from './errors.js';

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
 */
export function createHttpExchange(options: HttpExchangeOptions): HttpExchange {
  const client = ky.create({
    retry: 0,
    throwHttpErrors: false,
    timeout: options.timeoutMs ?? false,
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
        if (cause instanceof TimeoutError) return { kind: 'timeout', retryable: true };
        if (
          cause instanceof Error &&
          (cause.name === 'TimeoutError' || cause.name === 'AbortError')
        ) {
          return { kind: 'timeout', retryable: true };
        }
        return networkError(cause);
      },
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
