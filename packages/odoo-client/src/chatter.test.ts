import { createFakeClock, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import {
  executeKwCall,
  loadFixture,
  recordedResponse,
  rpcParams,
} from './test-support/fixtures.js';
import { parseDateOnly } from './values.js';

const BASE = 'http://odoo.fixture';
const server = createTestServer({});

beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function replay(version: 16 | 17, prefixes: readonly string[]): void {
  server.urls[`${BASE}/jsonrpc`] = {
    response: prefixes.map((prefix) => recordedResponse(loadFixture(version, prefix))),
  };
}

function client() {
  return createOdooClient({
    baseUrl: BASE,
    db: 'sync_test',
    login: 'admin',
    apiKey: 'fixture-key',
    transport: 'jsonrpc',
    clock: createFakeClock(),
  });
}

const objectCalls = () =>
  server.calls
    .filter((call) => rpcParams(call.body).service === 'object')
    .map((call) => executeKwCall(call.body));

describe('createOdooClient chatter', () => {
  it('posts HTML on 16 as the plain body that 16 keeps as HTML', async () => {
    replay(16, ['001', '002', '047']);

    const id = await client().postMessage(25, 'Ship review requested <b>now</b>');

    expect(id._unsafeUnwrap()).toBe(66);
    expect(objectCalls().at(-1)).toEqual(executeKwCall(loadFixture(16, '047').request.body));
  });

  it('posts HTML on 17 with body_is_html, since 17 escapes a plain body', async () => {
    replay(17, ['001', '002', '048']);

    const id = await client().postMessage(25, 'Ship review requested <b>now</b>');

    expect(id._unsafeUnwrap()).toBe(69);
    const [model, method, args, kwargs] = objectCalls().at(-1)!;
    expect([model, method, args]).toEqual(['project.task', 'message_post', [[25]]]);
    expect(kwargs).toEqual({
      body: 'Ship review requested <b>now</b>',
      body_is_html: true,
      message_type: 'comment',
      subtype_xmlid: 'mail.mt_note',
    });
  });

  it.each([
    [16, '049'],
    [17, '050'],
  ] as const)(
    "schedules a To-Do on %i with the record's activity_schedule exactly as recorded",
    async (version, schedule) => {
      replay(version, ['001', '002', schedule]);

      const id = await client().scheduleActivity({
        resId: 25,
        summary: 'Ship review',
        note: '<p>Please review</p>',
        userId: 8,
        dateDeadline: parseDateOnly('2026-07-10')!,
      });

      expect(id._unsafeUnwrap()).toBe(3);
      expect(objectCalls()).toEqual([executeKwCall(loadFixture(version, schedule).request.body)]);
    },
  );

  it('reads neither ir.model nor ir.model.data, which a Project / User may not', async () => {
    replay(17, ['001', '002', '050', '050']);
    const odoo = client();
    const input = {
      resId: 25,
      activityTypeXmlId: 'mail.mail_activity_data_todo',
      summary: 'Ship review',
      userId: 8,
      dateDeadline: parseDateOnly('2026-07-10')!,
    };

    await odoo.scheduleActivity(input);
    await odoo.scheduleActivity(input);

    expect(objectCalls().map(([model, method]) => `${String(model)}.${String(method)}`)).toEqual([
      'project.task.activity_schedule',
      'project.task.activity_schedule',
    ]);
  });

  it('finds an activity type by name once per client and schedules it by id', async () => {
    replay(17, ['001', '002', '052', '050', '050']);
    const odoo = client();
    const input = {
      resId: 25,
      activityTypeName: 'to do',
      summary: 'Ship review',
      userId: 8,
      dateDeadline: parseDateOnly('2026-07-10')!,
    };

    await odoo.scheduleActivity(input);
    const id = await odoo.scheduleActivity(input);

    expect(id._unsafeUnwrap()).toBe(3);
    expect(objectCalls().map(([model, method]) => `${String(model)}.${String(method)}`)).toEqual([
      'mail.activity.type.search_read',
      'project.task.activity_schedule',
      'project.task.activity_schedule',
    ]);
    expect(objectCalls().at(-1)?.[3]).toMatchObject({ activity_type_id: 4 });
  });

  it('reports an activity type that does not exist as MissingError without creating anything', async () => {
    replay(17, ['001', '002', '052']);

    const result = await client().scheduleActivity({
      resId: 25,
      activityTypeName: 'Ship review',
      summary: 'x',
      userId: 9,
      dateDeadline: parseDateOnly('2026-07-11')!,
    });

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'rpc',
      name: 'odoo.exceptions.MissingError',
    });
    expect(objectCalls()).toHaveLength(1);
  });
});
