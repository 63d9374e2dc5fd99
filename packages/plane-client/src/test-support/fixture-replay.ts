import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';

// Test support only (not exported from index.ts): replays the request/response pairs recorded from a
// real Plane CE 1.3.1, so client behaviour is checked against what the server really said.

/**
 * Where the recorded Plane exchanges live: the testkit's copy in the repository, or else the reference
 * set next to it (`../shared/reference/fixtures`).
 */
export const PLANE_FIXTURES_DIR =
  [
    new URL('../../../testkit/src/plane/fixtures/plane-ce-1.3.1/', import.meta.url),
    new URL('../../../../../shared/reference/fixtures/plane-ce-1.3.1/', import.meta.url),
  ].find((directory) => existsSync(directory)) ??
  new URL('../../../testkit/src/plane/fixtures/plane-ce-1.3.1/', import.meta.url);

/** One recorded request/response pair. */
export interface RecordedExchange {
  readonly description: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
}

/** One recorded webhook delivery. */
export interface RecordedDelivery {
  readonly description: string;
  readonly delivery: {
    readonly method: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly rawBody: string;
  };
}

function fixtureFile(prefix: string): string {
  const file = readdirSync(PLANE_FIXTURES_DIR).find((name) => name.startsWith(`${prefix}-`));
  if (file === undefined) throw new Error(`No Plane fixture numbered ${prefix}`);
  return readFileSync(new URL(file, PLANE_FIXTURES_DIR), 'utf8');
}

/** Loads a request/response fixture by its number, e.g. `'016'`. */
export function loadExchange(number: string): RecordedExchange {
  return JSON.parse(fixtureFile(number)) as RecordedExchange;
}

/** Loads a webhook delivery fixture by its number, e.g. `'091'`. */
export function loadDelivery(number: string): RecordedDelivery {
  return JSON.parse(fixtureFile(number)) as RecordedDelivery;
}

/** A request the replay server received. */
export interface ReplayedCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
}

/** An msw server that answers with recorded exchanges. */
export interface ReplayServer {
  readonly calls: readonly ReplayedCall[];
  /** Queues exchanges; each answers one matching request, in the order queued. */
  use(...numbers: readonly string[]): void;
  /** Queues a hand-made exchange (for statuses the recording does not cover). */
  useExchange(exchange: RecordedExchange): void;
  listen(): void;
  reset(): void;
  close(): void;
}

const FORWARDED_HEADERS = ['x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'allow'];

/**
 * Creates a replay server for `origin`. A request matches a queued exchange when method and path are
 * equal and every recorded query parameter but `per_page` is present with the same value; the most
 * specific match wins. Unmatched requests fail the test.
 */
export function createReplayServer(origin: string): ReplayServer {
  let queue: RecordedExchange[] = [];
  const calls: ReplayedCall[] = [];
  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const text = await request.text();
    calls.push({
      method: request.method,
      url,
      headers: request.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    });
    const candidates = queue
      .map((exchange) => ({ exchange, score: matchScore(exchange, request.method, url) }))
      .filter((candidate) => candidate.score >= 0)
      .sort((left, right) => right.score - left.score);
    const chosen = candidates[0]?.exchange;
    if (chosen === undefined) {
      return HttpResponse.json(
        { error: `No recorded exchange for ${request.method} ${url.pathname}${url.search}` },
        { status: 599 },
      );
    }
    queue = queue.filter((exchange) => exchange !== chosen);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = chosen.response.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    if (chosen.response.body === null || chosen.response.body === undefined) {
      return new HttpResponse(null, { status: chosen.response.status, headers });
    }
    return HttpResponse.json(chosen.response.body as JsonBodyType, {
      status: chosen.response.status,
      headers,
    });
  });
  const server = setupServer(handler);
  return {
    calls,
    use: (...numbers) => {
      queue.push(...numbers.map(loadExchange));
    },
    useExchange: (exchange) => {
      queue.push(exchange);
    },
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    reset: () => {
      queue = [];
      calls.length = 0;
    },
    close: () => server.close(),
  };
}

function matchScore(exchange: RecordedExchange, method: string, url: URL): number {
  if (exchange.request.method !== method) return -1;
  const recorded = new URL(exchange.request.path, url.origin);
  if (recorded.pathname !== url.pathname) return -1;
  let score = 0;
  for (const [name, value] of recorded.searchParams) {
    // The client always sends its own page size; the recording's does not change what is matched.
    if (name === 'per_page') continue;
    if (url.searchParams.get(name) !== value) return -1;
    score += 1;
  }
  return score;
}
