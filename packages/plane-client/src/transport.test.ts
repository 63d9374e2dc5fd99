import { createFakeClock, type FakeClock } from '@odoo-plane-sync/testkit';
import { describe, expect, it } from 'vitest';
import { loadExchange } from './test-support/fixture-replay.js';
import { createPlaneClient, type PlaneClientOptions } from './plane-client.js';

const API_KEY = 'plane_api_0123456789abcdef0123456789abcdef';
const ORIGIN = 'http://plane.test';

type Step = Response | Error | 'hang';

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(steps: readonly Step[]) {
  const requests: Request[] = [];
  let index = 0;
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const step = steps[Math.min(index, steps.length - 1)];
    index += 1;
    if (step === undefined) return Promise.reject(new Error('empty script'));
    if (step === 'hang') return new Promise<Response>(() => undefined);
    if (step instanceof Error) return Promise.reject(step);
    return Promise.resolve(step.clone());
  };
  return { fetch: fetchImpl, requests };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function recorded(number: string): Response {
  const exchange = loadExchange(number);
  return json(exchange.response.status, exchange.response.body, exchange.response.headers);
}

/** Wraps a fake clock to record every sleep the client asks for. */
function recordingClock(clock: FakeClock) {
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => clock.now(),
      sleep: (ms: number) => {
        sleeps.push(ms);
        return clock.sleep(ms);
      },
    },
  };
}

function client(fetchImpl: typeof fetch, options: Partial<PlaneClientOptions> = {}) {
  return createPlaneClient({
    baseUrl: `${ORIGIN}/`,
    apiKey: API_KEY,
    workspaceSlug: 'sync-test',
    fetch: fetchImpl,
    clock: createFakeClock({ start: 0 }),
    random: () => 0,
    ...options,
  });
}

describe('createPlaneClient transport', () => {
  it('sends the key as X-Api-Key to /api/v1/ paths with the trailing slash', async () => {
    const script = scriptedFetch([recorded('001')]);

    const me = await client(script.fetch).getMe();

    expect(me._unsafeUnwrap().displayName).toBe('admin');
    expect(script.requests[0]!.url).toBe(`${ORIGIN}/api/v1/users/me/`);
    expect(script.requests[0]!.headers.get('x-api-key')).toBe(API_KEY);
  });

  it('returns a missing key (401) and a bad key (403) as non-retryable http errors with the body', async () => {
    const script = scriptedFetch([recorded('002'), recorded('003')]);
    const plane = client(script.fetch);

    const missing = await plane.getMe();
    const invalid = await plane.getMe();

    expect(missing._unsafeUnwrapErr()).toMatchObject({
      kind: 'http',
      status: 401,
      retryable: false,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(invalid._unsafeUnwrapErr()).toMatchObject({
      kind: 'http',
      status: 403,
      body: { detail: 'Given API token is not valid' },
    });
    expect(script.requests).toHaveLength(2);
  });

  it('retries a GET after 503 with backoff on the injected clock', async () => {
    const script = scriptedFetch([json(503, { error: 'down' }), json(502, {}), recorded('001')]);
    const { clock, sleeps } = recordingClock(createFakeClock({ start: 0 }));

    const me = await client(script.fetch, { clock, retry: { backoffMs: 1_000 } }).getMe();

    expect(me.isOk()).toBe(true);
    expect(script.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1_000]);
  });

  it('gives up after the retry limit and reports the last failure', async () => {
    const script = scriptedFetch([
      json(500, { error: 'Something went wrong please try again later' }),
    ]);

    const me = await client(script.fetch, { retry: { limit: 2 } }).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 500, retryable: true });
    expect(script.requests).toHaveLength(3);
  });

  it('does not repeat a create without external id after a 503', async () => {
    const script = scriptedFetch([json(503, {}), recorded('016')]);

    const created = await client(script.fetch).createWorkItem('p1', { name: 'No key' });

    expect(created._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 503 });
    expect(script.requests).toHaveLength(1);
  });

  it('repeats a create that carries an external id after a network failure', async () => {
    const script = scriptedFetch([new TypeError('fetch failed'), recorded('029')]);

    const created = await client(script.fetch).createWorkItem('p1', {
      name: 'Ext item',
      externalId: 'odoo-task-42',
      externalSource: 'odoo',
    });

    expect(created._unsafeUnwrap().created).toBe(true);
    expect(script.requests).toHaveLength(2);
  });

  it('waits for Retry-After after a 429, then retries, even for a one-shot POST', async () => {
    const script = scriptedFetch([recorded('104'), recorded('016')]);
    const fake = createFakeClock({ start: 0 });
    const plane = client(script.fetch, { clock: fake });

    const created = await plane.createWorkItem('p1', { name: 'After 429' });

    expect(created._unsafeUnwrap().created).toBe(true);
    expect(script.requests).toHaveLength(2);
    expect(fake.now()).toBe(1_000);
  });

  it('reports rate-limited without waiting when Retry-After exceeds the cap', async () => {
    const script = scriptedFetch([
      json(
        429,
        { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
        { 'retry-after': '90' },
      ),
    ]);

    const me = await client(script.fetch, { retry: { maxDelayMs: 60_000 } }).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 90_000,
      body: { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
    });
    expect(script.requests).toHaveLength(1);
  });

  it('holds the next request for a window when Plane reports no requests remaining', async () => {
    const exhausted = json(200, loadExchange('001').response.body, {
      'x-ratelimit-remaining': '0',
    });
    const script = scriptedFetch([exhausted, recorded('001')]);
    const fake = createFakeClock({ start: 0 });
    const plane = client(script.fetch, { clock: fake });

    await plane.getMe();
    await plane.getMe();

    expect(fake.now()).toBe(60_000);
  });

  it('times out a request that never answers', async () => {
    const script = scriptedFetch(['hang']);

    const me = await client(script.fetch, { timeoutMs: 5, retry: { limit: 0 } }).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({ kind: 'timeout', timeoutMs: 5, retryable: true });
  });

  it('classifies a failed connection as a network error and never leaks the key', async () => {
    const script = scriptedFetch([new Error(`connect ECONNREFUSED with X-Api-Key ${API_KEY}`)]);

    const me = await client(script.fetch, { retry: { limit: 1 } }).getMe();

    const error = me._unsafeUnwrapErr();
    expect(error.kind).toBe('network');
    expect(script.requests).toHaveLength(2);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(String(error.kind === 'network' ? error.cause : '')).not.toContain(API_KEY);
  });

  it('returns invalid-response with issues when a success body lacks what the client reads', async () => {
    const script = scriptedFetch([json(200, { first_name: 'Admin' })]);

    const me = await client(script.fetch).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({
      kind: 'invalid-response',
      issues: [expect.objectContaining({ path: ['id'] })],
    });
  });

  it('returns invalid-response when a success body is not JSON', async () => {
    const script = scriptedFetch([new Response('<html>proxy</html>', { status: 200 })]);

    const me = await client(script.fetch).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-response' });
  });

  it('keeps the raw text as body when an error response is not JSON', async () => {
    const script = scriptedFetch([new Response('Bad Gateway', { status: 502 })]);

    const me = await client(script.fetch, { retry: { limit: 0 } }).getMe();

    expect(me._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 502, body: 'Bad Gateway' });
  });
});

describe('createPlaneClient error redaction', () => {
  it('removes its own key from a 400 body that echoes it, JSON and text alike, keeping the rest', async () => {
    const echo = json(400, {
      non_field_errors: [`Invalid header X-Api-Key: ${API_KEY}`],
      request: { headers: { 'X-Api-Key': API_KEY }, [API_KEY]: 'as a key' },
    });
    const script = scriptedFetch([echo, new Response(`bad key ${API_KEY}`, { status: 400 })]);
    const plane = client(script.fetch);

    const fromJson = (await plane.getMe())._unsafeUnwrapErr();
    const fromText = (await plane.getMe())._unsafeUnwrapErr();

    expect(fromJson).toMatchObject({
      kind: 'http',
      status: 400,
      body: {
        non_field_errors: ['Invalid header X-Api-Key: <redacted>'],
        request: { headers: { 'X-Api-Key': '<redacted>' }, '<redacted>': 'as a key' },
      },
    });
    expect(fromText).toMatchObject({ kind: 'http', body: 'bad key <redacted>' });
    expect(JSON.stringify([fromJson, fromText])).not.toContain(API_KEY);
  });

  it('removes its key from a failure’s message, stack and nested cause', async () => {
    const inner = new Error(`socket to ${ORIGIN} with ${API_KEY}`);
    const failure = new TypeError('fetch failed', { cause: inner });
    const script = scriptedFetch([failure]);

    const error = (await client(script.fetch, { retry: { limit: 0 } }).getMe())._unsafeUnwrapErr();

    expect(error.kind).toBe('network');
    const cause = (error as { cause: Error }).cause;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed');
    expect(String((cause.cause as Error).message)).toBe(`socket to ${ORIGIN} with <redacted>`);
    expect(cause.stack ?? '').not.toContain(API_KEY);
    expect((cause.cause as Error).stack ?? '').not.toContain(API_KEY);
  });
});
