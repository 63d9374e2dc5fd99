import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createTestServer } from './test-server.js';

const base = 'https://api.test.invalid';

describe('createTestServer', () => {
  const server = createTestServer(
    {
      [`${base}/value`]: {
        response: { type: 'json', body: { ok: true }, headers: { 'x-a': '1' } },
      },
      [`${base}/sequence`]: {
        response: [
          { type: 'json', body: { error: 'busy' }, status: 429, headers: { 'retry-after': '1' } },
          { type: 'json', body: { n: 2 } },
        ],
      },
      [`${base}/by-call`]: { response: (n) => ({ type: 'json', body: { call: n } }) },
      [`${base}/empty`]: { response: { type: 'empty', status: 204 } },
      [`${base}/down`]: { response: { type: 'network-error' } },
    },
    { handlers: [http.get(`${base}/extra`, () => HttpResponse.json({ extra: true }))] },
  );
  beforeAll(() => server.listen());
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it('answers a fixed JSON value with its status and headers', async () => {
    const response = await fetch(`${base}/value`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-a')).toBe('1');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers a sequence in order and repeats its last element', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${base}/sequence`)).status);

    expect(statuses).toEqual([429, 200, 200]);
  });

  it('passes the zero-based call number to a function route', async () => {
    const first = (await (await fetch(`${base}/by-call`)).json()) as unknown;
    const second = (await (await fetch(`${base}/by-call?x=1`)).json()) as unknown;

    expect([first, second]).toEqual([{ call: 0 }, { call: 1 }]);
  });

  it('records method, url, lower-case headers and the JSON body of every call', async () => {
    await fetch(`${base}/value?page=2`, {
      method: 'POST',
      headers: { 'X-Api-Key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Task' }),
    });

    expect(server.calls).toHaveLength(1);
    const [call] = server.calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe(`${base}/value?page=2`);
    expect(call?.headers['x-api-key']).toBe('k');
    expect(call?.body).toEqual({ name: 'Task' });
    expect(call?.rawBody).toBe('{"name":"Task"}');
  });

  it('answers an empty response and a network error', async () => {
    expect((await fetch(`${base}/empty`)).status).toBe(204);
    await expect(fetch(`${base}/down`)).rejects.toThrow();
  });

  it('lets a test replace a route', async () => {
    const route = server.urls[`${base}/value`];
    if (route === undefined) throw new Error('route missing');
    const original = route.response;
    route.response = { type: 'json', body: { replaced: true }, status: 201 };

    const response = await fetch(`${base}/value`);
    route.response = original;

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ replaced: true });
  });

  it('falls through to extra handlers', async () => {
    expect(await (await fetch(`${base}/extra`)).json()).toEqual({ extra: true });
    expect(server.calls).toHaveLength(0);
  });

  it('refuses requests nobody handles', async () => {
    await expect(fetch(`${base}/nowhere`)).rejects.toThrow();
  });
});
