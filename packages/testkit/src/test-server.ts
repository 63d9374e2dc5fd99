import { http, HttpResponse, type JsonBodyType as JsonBody, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

/** What a route answers to one call. */
export type TestServerResponse =
  | {
      readonly type: 'json';
      readonly body: unknown;
      readonly status?: number;
      readonly headers?: Record<string, string>;
    }
  | {
      readonly type: 'text';
      readonly body: string;
      readonly status?: number;
      readonly headers?: Record<string, string>;
    }
  | { readonly type: 'empty'; readonly status?: number; readonly headers?: Record<string, string> }
  | { readonly type: 'network-error' };

/**
 * How a route answers: one response for every call, a sequence (call n gets element n, the last one
 * repeats), or a function of the zero-based call number on that route.
 */
export type TestServerRoute =
  TestServerResponse | readonly TestServerResponse[] | ((callNumber: number) => TestServerResponse);

/** One request the server received, recorded for assertions. */
export interface TestServerCall {
  readonly method: string;
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text ('' when there is none). */
  readonly rawBody: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly body: unknown;
}

/** A private msw server with per-URL canned responses and a log of calls. */
export interface TestServer {
  /** Routes keyed by absolute URL without query string; assign to change a route between tests. */
  readonly urls: Record<string, { response: TestServerRoute }>;
  /** Every call received since the last `reset()`, in order. */
  readonly calls: readonly TestServerCall[];
  /** Starts intercepting `fetch`; unhandled requests fail the test (`onUnhandledRequest: 'error'`). */
  listen(): void;
  /** Forgets recorded calls and per-route call counters. */
  reset(): void;
  /** Stops intercepting. */
  close(): void;
}

export interface TestServerOptions {
  /** Extra msw handlers (for example a simulator's) consulted after the canned routes. */
  readonly handlers?: readonly RequestHandler[];
}

/**
 * Creates an msw-backed test server in the spirit of vercel/ai's `test-server`.
 *
 * @example
 * const server = createTestServer({
 *   'https://plane.test/api/v1/users/me/': { response: { type: 'json', body: { id: 'u1' } } },
 * });
 * beforeAll(() => server.listen());
 * afterEach(() => server.reset());
 * afterAll(() => server.close());
 */
export function createTestServer(
  routes: Record<string, { response: TestServerRoute }>,
  options: TestServerOptions = {},
): TestServer {
  const urls: Record<string, { response: TestServerRoute }> = { ...routes };
  const calls: TestServerCall[] = [];
  const callCounts = new Map<string, number>();

  const cannedHandler = http.all('*', async ({ request }) => {
    const url = new URL(request.url);
    const key = `${url.origin}${url.pathname}`;
    const route = urls[key];
    if (route === undefined) return undefined;

    const rawBody = await request.clone().text();
    calls.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      rawBody,
      body: parseJsonOrUndefined(rawBody),
    });
    const callNumber = callCounts.get(key) ?? 0;
    callCounts.set(key, callNumber + 1);
    return toHttpResponse(pickResponse(route.response, callNumber));
  });

  const server = setupServer(cannedHandler, ...(options.handlers ?? []));

  return {
    urls,
    calls,
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    reset: () => {
      calls.length = 0;
      callCounts.clear();
    },
    close: () => server.close(),
  };
}

function pickResponse(route: TestServerRoute, callNumber: number): TestServerResponse {
  if (typeof route === 'function') return route(callNumber);
  if (isSequence(route)) {
    const last = route[route.length - 1];
    const picked = route[callNumber] ?? last;
    if (picked === undefined) throw new Error('A test server route sequence must not be empty');
    return picked;
  }
  return route;
}

function isSequence(route: TestServerRoute): route is readonly TestServerResponse[] {
  return Array.isArray(route);
}

function toHttpResponse(response: TestServerResponse): Response {
  switch (response.type) {
    case 'json':
      return HttpResponse.json(response.body as JsonBody, {
        status: response.status ?? 200,
        headers: response.headers ?? {},
      });
    case 'text':
      return new HttpResponse(response.body, {
        status: response.status ?? 200,
        headers: { 'content-type': 'text/plain', ...response.headers },
      });
    case 'empty':
      return new HttpResponse(null, {
        status: response.status ?? 204,
        headers: response.headers ?? {},
      });
    case 'network-error':
      return HttpResponse.error();
  }
}

function parseJsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
