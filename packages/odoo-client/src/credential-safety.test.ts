import { createFakeClock, createOdooSimulator, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeOdooError } from './errors.js';
import { createOdooClient } from './odoo-client.js';

const BASE = 'http://odoo.redirecting.test';
const ELSEWHERE = 'http://elsewhere.test';
const KEY = 'odoo-secret-key-0123456789';
const server = createTestServer({
  [`${BASE}/jsonrpc`]: {
    response: { type: 'empty', status: 307, headers: { location: `${ELSEWHERE}/jsonrpc` } },
  },
  [`${ELSEWHERE}/jsonrpc`]: {
    response: { type: 'json', body: { jsonrpc: '2.0', id: 1, result: 2 } },
  },
});

beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function client(overrides: Partial<Parameters<typeof createOdooClient>[0]> = {}) {
  return createOdooClient({
    baseUrl: BASE,
    db: 'prod',
    login: 'sync-bot',
    apiKey: KEY,
    transport: 'jsonrpc',
    clock: createFakeClock(),
    ...overrides,
  });
}

describe('createOdooClient and redirects', () => {
  it.each([301, 302, 307, 308])(
    'does not follow a %i to another origin: a final redirect error naming the Location',
    async (status) => {
      server.urls[`${BASE}/jsonrpc`] = {
        response: { type: 'empty', status, headers: { location: `${ELSEWHERE}/jsonrpc` } },
      };
      const result = await client().authenticate();

      expect(result._unsafeUnwrapErr()).toMatchObject({
        kind: 'redirect',
        status,
        location: `${ELSEWHERE}/jsonrpc`,
        retryable: false,
      });
      expect(describeOdooError(result._unsafeUnwrapErr())).toContain(`${ELSEWHERE}/jsonrpc`);
      expect(server.calls.filter((call) => call.url.startsWith(ELSEWHERE))).toHaveLength(0);
      // Not retried: the one version request, nothing after it.
      expect(server.calls).toHaveLength(1);
    },
  );
});

describe('createOdooClient and URL user info', () => {
  it('refuses a base URL with a password, naming the problem without printing the password', () => {
    const build = () =>
      createOdooClient({
        baseUrl: 'http://admin:hunter2-password@odoo.example.com',
        db: 'prod',
        login: 'sync-bot',
        apiKey: KEY,
      });

    expect(build).toThrow(TypeError);
    expect(build).toThrow(/must not contain a user name or password/);
    expect(build).toThrow(/http:\/\/odoo\.example\.com/);
    try {
      build();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2-password');
      expect(String(error)).not.toContain('admin:');
    }
  });

  it('refuses a user name alone as well', () => {
    expect(() =>
      createOdooClient({
        baseUrl: 'https://admin@odoo.example.com',
        db: 'd',
        login: 'l',
        apiKey: KEY,
      }),
    ).toThrow(/must not contain a user name or password/);
  });
});

describe('createOdooClient errors', () => {
  it('carries the exception name and text of a wrong key in message, for describeSyncError', async () => {
    const simulator = createOdooSimulator({ baseUrl: 'http://odoo-key.test', version: 17 });
    const simulated = createTestServer({}, { handlers: simulator.handlers });
    server.close();
    simulated.listen();
    try {
      const odoo = createOdooClient({
        baseUrl: simulator.baseUrl,
        db: simulator.db,
        login: simulator.login,
        apiKey: 'wrong-key-0123456789',
        clock: createFakeClock(),
      });

      const result = await odoo.capabilities();

      const error = result._unsafeUnwrapErr();
      expect(error).toMatchObject({
        kind: 'rpc',
        name: 'odoo.exceptions.AccessDenied',
        message: 'odoo.exceptions.AccessDenied: Access Denied',
        retryable: false,
      });
      expect(describeOdooError(error)).toBe(
        'Odoo raised odoo.exceptions.AccessDenied: Access Denied',
      );
    } finally {
      simulated.close();
      server.listen();
    }
  });

  it('removes the key from an Odoo error text and a proxy page that quote it', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        {
          type: 'json',
          body: {
            jsonrpc: '2.0',
            id: 1,
            result: { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''] },
          },
        },
        { type: 'json', body: { jsonrpc: '2.0', id: 2, result: 2 } },
        {
          type: 'json',
          body: {
            jsonrpc: '2.0',
            id: 3,
            error: {
              code: 200,
              message: 'Odoo Server Error',
              data: { name: 'builtins.ValueError', message: `bad argument ${KEY}` },
            },
          },
        },
        { type: 'text', status: 400, body: `rejected body with ${KEY}` },
      ],
    };
    const odoo = client({ retry: { limit: 0 } });

    const rpc = await odoo.search('project.task', []);
    const http = await odoo.search('project.task', []);

    expect(rpc._unsafeUnwrapErr().message).toBe('builtins.ValueError: bad argument <redacted>');
    expect(JSON.stringify(http._unsafeUnwrapErr())).not.toContain(KEY);
    expect(http._unsafeUnwrapErr().message).toBe('HTTP 400: rejected body with <redacted>');
  });

  it('keeps the key out of every message, also of errors that echo it', async () => {
    const odoo = client({
      retry: { limit: 0 },
      fetch: () => Promise.reject(new Error(`connect ECONNREFUSED (key ${KEY})`)),
    });

    const result = await odoo.version();

    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('network');
    expect(error.message).toBe('network error: connect ECONNREFUSED (key <redacted>)');
    expect(describeOdooError(error)).not.toContain(KEY);
  });
});
