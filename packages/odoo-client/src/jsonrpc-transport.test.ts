import { createFakeClock, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import {
  executeKwCall,
  loadFixture,
  recordedResponse,
  rpcParams,
} from './test-support/fixtures.js';

const BASE = 'http://odoo.fixture';
const KEY = 'fixture-api-key-0123456789';
const server = createTestServer({});

beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

/** Answers `/jsonrpc` with the given recorded responses, in order. */
function replay(version: 16 | 17, prefixes: readonly string[]): void {
  server.urls[`${BASE}/jsonrpc`] = {
    response: prefixes.map((prefix) => recordedResponse(loadFixture(version, prefix))),
  };
}

function client(db = 'sync_test17') {
  return createOdooClient({
    baseUrl: BASE,
    db,
    login: 'admin',
    apiKey: KEY,
    transport: 'jsonrpc',
    clock: createFakeClock(),
  });
}

describe('createOdooClient over JSON-RPC', () => {
  describe.each([16, 17] as const)('against recorded Odoo %i answers', (version) => {
    it('authenticates with common.authenticate and caches the uid', async () => {
      replay(version, ['001', '002', '046']);
      const odoo = client();

      const first = await odoo.authenticate();
      const second = await odoo.authenticate();

      expect(first._unsafeUnwrap()).toBe(2);
      expect(second._unsafeUnwrap()).toBe(2);
      const authCalls = server.calls.filter(
        (call) => rpcParams(call.body).method === 'authenticate',
      );
      expect(authCalls).toHaveLength(1);
      expect(rpcParams(authCalls[0]!.body).args).toEqual(['sync_test17', 'admin', KEY, {}]);
    });

    it('sends execute_kw with db, uid and key in front of the model call', async () => {
      replay(version, ['001', '002', version === 16 ? '046' : '047']);

      const count = await client().searchCount('project.task', [['project_id', '=', 6]], {
        context: { active_test: false },
      });

      expect(count._unsafeUnwrap()).toBe(3);
      const call = server.calls.at(-1)!;
      expect(rpcParams(call.body)).toMatchObject({ service: 'object', method: 'execute_kw' });
      expect(rpcParams(call.body).args.slice(0, 3)).toEqual(['sync_test17', 2, KEY]);
      expect(executeKwCall(call.body)).toEqual(
        executeKwCall(loadFixture(version, version === 16 ? '046' : '047').request.body),
      );
    });

    it('reports a wrong key as a non-retryable AccessDenied, not as a uid of false', async () => {
      replay(version, ['001', '003']);

      const result = await client().authenticate();

      expect(result._unsafeUnwrapErr()).toEqual({
        kind: 'rpc',
        name: 'odoo.exceptions.AccessDenied',
        message: 'odoo.exceptions.AccessDenied: Access Denied',
        failureKind: 'auth',
        retryable: false,
      });
    });

    it('decodes the AccessDenied envelope of an object call with a wrong key', async () => {
      replay(version, ['001', '002', '004']);

      const result = await client().search('project.project', []);

      expect(result._unsafeUnwrapErr()).toEqual({
        kind: 'rpc',
        name: 'odoo.exceptions.AccessDenied',
        message: 'odoo.exceptions.AccessDenied: Access Denied',
        failureKind: 'auth',
        retryable: false,
      });
    });
  });

  it.each([
    [16, '029', 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.'],
    [17, '030', 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.'],
    [16, '031', 'odoo.exceptions.ValidationError', 'Two tasks cannot depend on each other.'],
    [17, '033', 'builtins.ValueError', "Invalid field 'no_such_field' on model 'project.task'"],
    [17, '034', 'odoo.exceptions.ValidationError', ''],
    [16, '034', 'odoo.exceptions.UserError', ''],
    [17, '036', 'builtins.AttributeError', ''],
    [17, '037', 'odoo.exceptions.AccessError', 'Private methods'],
  ] as const)(
    'turns Odoo %i fixture %s into a non-retryable %s without traceback, sent once',
    async (version, prefix, name, messageStart) => {
      replay(version, ['001', '002', prefix]);
      const recorded = executeKwCall(loadFixture(version, prefix).request.body);
      const [model, method, args, kwargs] = recorded as [
        string,
        string,
        unknown[],
        Record<string, unknown>?,
      ];

      const result = await client().call(model, method, args, kwargs ?? {});

      const error = result._unsafeUnwrapErr();
      expect(error).toMatchObject({ kind: 'rpc', name, retryable: false });
      expect(error.kind === 'rpc' && error.message.startsWith(`${name}: ${messageStart}`)).toBe(
        true,
      );
      expect(JSON.stringify(error)).not.toContain('Traceback');
      expect(server.calls.filter((call) => rpcParams(call.body).service === 'object')).toHaveLength(
        1,
      );
    },
  );

  it('reports a plain-text 400 as an http error that is not retried', async () => {
    replay(16, ['001', '002', '037']);

    const result = await client().search('project.task', []);

    expect(result._unsafeUnwrapErr()).toEqual({
      kind: 'http',
      status: 400,
      body: 'Invalid JSON data',
      message: 'HTTP 400: Invalid JSON data',
      failureKind: 'validation',
      retryable: false,
    });
    expect(server.calls).toHaveLength(3);
  });

  it('returns the recorded TypeError envelope when Odoo cannot bind the params', async () => {
    replay(17, ['001', '002', '039']);

    const result = await client().call('project.task', 'search', [[]]);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'rpc', name: 'builtins.TypeError' });
  });

  it('retries a read after a 503 and a serialization failure, backing off on the injected clock', async () => {
    const clock = createFakeClock({ start: 0 });
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        recordedResponse(loadFixture(17, '001')),
        recordedResponse(loadFixture(17, '002')),
        { type: 'text', status: 503, body: 'Service Unavailable' },
        serializationFailure(),
        recordedResponse(loadFixture(17, '047')),
      ],
    };
    const odoo = createOdooClient({
      baseUrl: BASE,
      db: 'sync_test17',
      login: 'admin',
      apiKey: KEY,
      transport: 'jsonrpc',
      clock,
      retry: { limit: 3, backoffMs: 100, maxDelayMs: 1_000 },
    });

    const count = await odoo.searchCount('project.task', []);

    expect(count._unsafeUnwrap()).toBe(3);
    expect(server.calls.filter((call) => rpcParams(call.body).service === 'object')).toHaveLength(
      3,
    );
    // 100 ms after the 503, then 200 ms after the serialization failure.
    expect(clock.now()).toBe(300);
  });

  it('gives up after the retry limit with the last error', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        recordedResponse(loadFixture(17, '001')),
        recordedResponse(loadFixture(17, '002')),
        { type: 'text', status: 502, body: 'Bad Gateway' },
      ],
    };
    const odoo = createOdooClient({
      baseUrl: BASE,
      db: 'sync_test17',
      login: 'admin',
      apiKey: KEY,
      transport: 'jsonrpc',
      clock: createFakeClock(),
      retry: { limit: 2 },
    });

    const result = await odoo.read('project.task', [25], ['name']);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 502, retryable: true });
    expect(server.calls.filter((call) => rpcParams(call.body).service === 'object')).toHaveLength(
      3,
    );
  });

  it('does not repeat a write after a 502, whose outcome is unknown', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        recordedResponse(loadFixture(17, '001')),
        recordedResponse(loadFixture(17, '002')),
        { type: 'text', status: 502, body: 'Bad Gateway' },
        recordedResponse(loadFixture(17, '041')),
      ],
    };

    const result = await client().write('project.task', [25], { stage_id: 35 });

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 502, retryable: true });
    expect(server.calls.filter((call) => rpcParams(call.body).service === 'object')).toHaveLength(
      1,
    );
  });

  it('sends a write again after a serialization failure, which Odoo rolled back', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        recordedResponse(loadFixture(17, '001')),
        recordedResponse(loadFixture(17, '002')),
        serializationFailure(),
        recordedResponse(loadFixture(17, '041')),
      ],
    };

    const result = await client().write('project.task', [25], { stage_id: 35, priority: '0' });

    expect(result._unsafeUnwrap()).toBe(true);
    const writes = server.calls.filter((call) => rpcParams(call.body).service === 'object');
    expect(writes).toHaveLength(2);
    expect(executeKwCall(writes[1]!.body)).toEqual(
      executeKwCall(loadFixture(17, '041').request.body),
    );
  });

  it('reports a dropped connection as a retryable network error without the key', async () => {
    const odoo = createOdooClient({
      baseUrl: BASE,
      db: 'sync_test17',
      login: 'admin',
      apiKey: KEY,
      transport: 'jsonrpc',
      clock: createFakeClock(),
      retry: { limit: 0 },
      fetch: () => Promise.reject(new TypeError(`fetch failed: connect refused, key ${KEY}`)),
    });

    const result = await odoo.authenticate();

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.kind === 'network' && error.cause.message).toContain('<redacted>');
    expect(
      JSON.stringify(error) + String(error.kind === 'network' && error.cause.message),
    ).not.toContain(KEY);
  });

  it('reports an answer that never comes as a timeout', async () => {
    const odoo = createOdooClient({
      baseUrl: BASE,
      db: 'sync_test17',
      login: 'admin',
      apiKey: KEY,
      transport: 'jsonrpc',
      clock: createFakeClock(),
      retry: { limit: 0 },
      timeoutMs: 5,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        }),
    });

    const result = await odoo.version();

    expect(result._unsafeUnwrapErr()).toEqual({
      kind: 'timeout',
      message: 'no answer within 5 ms',
      failureKind: 'timeout',
      retryable: true,
    });
  });

  it('rejects a 200 answer that is not a JSON-RPC envelope', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        recordedResponse(loadFixture(17, '001')),
        recordedResponse(loadFixture(17, '002')),
        { type: 'text', status: 200, body: '<html>login</html>' },
      ],
    };

    const result = await client().search('project.task', []);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-response', retryable: false });
  });

  it('detects 16 with common.version and sends no GET /web/version (slow 404 page on 16)', async () => {
    server.urls[`${BASE}/web/version`] = {
      response: { type: 'text', status: 404, body: 'Not Found' },
    };
    replay(16, ['001']);
    const odoo = createOdooClient({
      baseUrl: BASE,
      db: 'd',
      login: 'admin',
      apiKey: KEY,
      clock: createFakeClock(),
    });

    const transport = await odoo.transport();
    const version = await odoo.version();

    expect(transport._unsafeUnwrap()).toBe('jsonrpc');
    expect(version._unsafeUnwrap()).toMatchObject({ major: 16, minor: 0, serverVersion: '16.0' });
    expect(server.calls.map((call) => new URL(call.url).pathname)).toEqual(['/jsonrpc']);
    delete server.urls[`${BASE}/web/version`];
  });
});

function serializationFailure() {
  return {
    type: 'json' as const,
    body: {
      jsonrpc: '2.0',
      id: 9,
      error: {
        code: 200,
        message: 'Odoo Server Error',
        data: {
          name: 'psycopg2.errors.SerializationFailure',
          message: 'could not serialize access due to concurrent update',
          arguments: ['could not serialize access due to concurrent update'],
          context: {},
          debug: 'Traceback (most recent call last):\n…',
        },
      },
    },
  };
}
