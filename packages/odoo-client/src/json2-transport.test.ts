import {
  createFakeClock,
  createTestServer,
  type TestServerResponse,
} from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import { parseDateOnly } from './values.js';

const BASE = 'http://odoo19.test';
const KEY = 'json2-api-key-abcdef0123';
const server = createTestServer({
  [`${BASE}/jsonrpc`]: {
    response: {
      type: 'json',
      body: {
        jsonrpc: '2.0',
        id: 1,
        result: {
          server_version: '19.0',
          server_version_info: [19, 0, 0, 'final', 0, ''],
          server_serie: '19.0',
          protocol_version: 1,
        },
      },
    },
  },
  [`${BASE}/web/version`]: {
    response: { type: 'json', body: { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' } },
  },
  [`${BASE}/json/2/res.users/context_get`]: {
    response: { type: 'json', body: { lang: 'en_US', tz: 'Europe/Brussels', uid: 2 } },
  },
});

beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function route(
  model: string,
  method: string,
  response: TestServerResponse | TestServerResponse[],
): void {
  server.urls[`${BASE}/json/2/${model}/${method}`] = { response };
}

function client(retry = {}) {
  return createOdooClient({
    baseUrl: BASE,
    db: 'odoo19',
    login: 'admin',
    apiKey: KEY,
    clock: createFakeClock(),
    retry,
  });
}

/** A JSON-2 error body as `serialize_exception` builds it. */
function odooError(status: number, name: string, message: string): TestServerResponse {
  return {
    type: 'json',
    status,
    body: {
      name,
      message,
      arguments: [message],
      context: {},
      debug: 'Traceback (most recent call last):\n…',
    },
  };
}

const lastCall = () => server.calls.at(-1)!;

describe('createOdooClient over JSON-2', () => {
  it('picks JSON-2 on 19: common.version first, then the GET /web/version probe', async () => {
    const odoo = client();

    expect((await odoo.transport())._unsafeUnwrap()).toBe('json2');
    expect((await odoo.version())._unsafeUnwrap()).toMatchObject({ major: 19, minor: 0 });
    expect(server.calls.map((call) => new URL(call.url).pathname)).toEqual([
      '/jsonrpc',
      '/web/version',
    ]);
  });

  it('keeps JSON-RPC on 19 when the JSON-2 probe answers 404', async () => {
    server.urls[`${BASE}/web/version`] = {
      response: { type: 'text', status: 404, body: '<!DOCTYPE html><html>Not found</html>' },
    };
    try {
      const odoo = client();

      expect((await odoo.transport())._unsafeUnwrap()).toBe('jsonrpc');
      expect((await odoo.version())._unsafeUnwrap()).toMatchObject({ major: 19 });
    } finally {
      server.urls[`${BASE}/web/version`] = {
        response: {
          type: 'json',
          body: { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' },
        },
      };
    }
  });

  it('sends search_read with named arguments, the bearer key and the database header', async () => {
    route('project.task', 'search_read', { type: 'json', body: [{ id: 25, name: 'A' }] });

    const records = await client().searchRead('project.task', [['project_id', '=', 7]], {
      fields: ['name'],
      order: 'id asc',
      limit: 5,
      context: { lang: 'en_US' },
    });

    expect(records._unsafeUnwrap()).toEqual([{ id: 25, name: 'A' }]);
    expect(lastCall().headers).toMatchObject({
      authorization: `bearer ${KEY}`,
      'x-odoo-database': 'odoo19',
      'content-type': 'application/json',
    });
    expect(lastCall().body).toEqual({
      domain: [['project_id', '=', 7]],
      fields: ['name'],
      order: 'id asc',
      limit: 5,
      context: { lang: 'en_US' },
    });
  });

  it('names ids and values for read, write and unlink', async () => {
    route('project.task', 'read', { type: 'json', body: [{ id: 12, name: 'x' }] });
    route('project.task', 'write', { type: 'json', body: true });
    route('project.task', 'unlink', { type: 'json', body: true });
    const odoo = client();

    await odoo.read('project.task', [12, 13], ['name', 'user_ids']);
    const readBody = lastCall().body;
    await odoo.write('project.task', [42], { stage_id: 5 });
    const writeBody = lastCall().body;
    await odoo.unlink('project.task', [42]);

    expect(readBody).toEqual({ ids: [12, 13], fields: ['name', 'user_ids'] });
    expect(writeBody).toEqual({ ids: [42], vals: { stage_id: 5 } });
    expect(lastCall().body).toEqual({ ids: [42] });
  });

  it('sends create as vals_list and returns an id for one record, ids for several', async () => {
    route('project.task', 'create', [
      { type: 'json', body: [42] },
      { type: 'json', body: [43, 44] },
    ]);
    const odoo = client();

    const one = await odoo.create('project.task', { name: 'X', project_id: 7 });
    const oneBody = lastCall().body;
    const many = await odoo.create('project.task', [{ name: 'Y' }, { name: 'Z' }]);

    expect(one._unsafeUnwrap()).toBe(42);
    expect(oneBody).toEqual({ vals_list: [{ name: 'X', project_id: 7 }] });
    expect(many._unsafeUnwrap()).toEqual([43, 44]);
  });

  it('learns its uid from res.users/context_get', async () => {
    expect((await client().authenticate())._unsafeUnwrap()).toBe(2);
  });

  it.each([
    [
      404,
      'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.',
      'not-found',
    ],
    [
      422,
      'odoo.exceptions.ValidationError',
      'Two tasks cannot depend on each other.',
      'validation',
    ],
    [
      403,
      'odoo.exceptions.AccessError',
      'You are not allowed to modify this document',
      'forbidden',
    ],
    [401, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey', 'auth'],
  ] as const)(
    'maps a %i %s body to a final rpc error, sent once',
    async (status, name, message, failureKind) => {
      route('project.task', 'write', odooError(status, name, message));

      const result = await client().write('project.task', [28], { name: 'x' });

      expect(result._unsafeUnwrapErr()).toEqual({
        kind: 'rpc',
        name,
        message: `${name}: ${message}`,
        status,
        failureKind,
        retryable: false,
      });
      expect(server.calls.filter((call) => call.url.endsWith('/write'))).toHaveLength(1);
    },
  );

  it('retries a read after a 500 serialization failure and a 502 proxy page', async () => {
    route('project.task', 'search_count', [
      odooError(500, 'psycopg2.errors.SerializationFailure', 'could not serialize access'),
      {
        type: 'text',
        status: 502,
        body: '<html>Bad Gateway</html>',
        headers: { 'content-type': 'text/html' },
      },
      { type: 'json', body: 3 },
    ]);

    const count = await client().searchCount('project.task', []);

    expect(count._unsafeUnwrap()).toBe(3);
    expect(server.calls.filter((call) => call.url.endsWith('/search_count'))).toHaveLength(3);
  });

  it('reports a proxy page as an http error with its status', async () => {
    route('project.task', 'search', {
      type: 'text',
      status: 503,
      body: 'down',
      headers: { 'retry-after': '2' },
    });

    const result = await client({ limit: 0 }).search('project.task', []);

    expect(result._unsafeUnwrapErr()).toEqual({
      kind: 'http',
      status: 503,
      body: 'down',
      retryAfterMs: 2000,
      message: 'HTTP 503: down',
      failureKind: 'unavailable',
      retryable: true,
    });
  });

  it('refuses positional arguments JSON-2 cannot name, without sending anything', async () => {
    const result = await client().call('project.task', 'action_custom', [[1], 'positional']);

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'rpc',
      name: 'builtins.TypeError',
      retryable: false,
    });
    expect(server.calls.filter((call) => call.url.includes('action_custom'))).toHaveLength(0);
  });

  it('passes ids and keyword arguments of other methods by name', async () => {
    route('project.task', 'action_custom', { type: 'json', body: null });

    await client().call('project.task', 'action_custom', [[1, 2]], { mode: 'fast' });

    expect(lastCall().body).toEqual({ ids: [1, 2], mode: 'fast' });
  });

  it('posts a message and schedules an activity with ids unwrapped from JSON-2 lists', async () => {
    route('project.task', 'message_post', { type: 'json', body: [70] });
    route('project.task', 'activity_schedule', { type: 'json', body: [9] });
    const odoo = client();

    const message = await odoo.postMessage(25, '<p>Ship review</p>');
    const messageBody = lastCall().body;
    const activity = await odoo.scheduleActivity({
      resId: 25,
      summary: 'Ship review',
      userId: 8,
      dateDeadline: parseDateOnly('2026-07-10')!,
    });

    expect(message._unsafeUnwrap()).toBe(70);
    expect(messageBody).toEqual({
      ids: [25],
      body: '<p>Ship review</p>',
      body_is_html: true,
      message_type: 'comment',
      subtype_xmlid: 'mail.mt_note',
    });
    expect(activity._unsafeUnwrap()).toBe(9);
    expect(lastCall().body).toEqual({
      ids: [25],
      act_type_xmlid: 'mail.mail_activity_data_todo',
      date_deadline: '2026-07-10',
      summary: 'Ship review',
      note: '',
      user_id: 8,
    });
  });
});
