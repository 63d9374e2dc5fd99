import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call, executeKw, send } from './rpc-test-helpers.js';

const rpcRequest = (body: string): Request =>
  new Request('http://odoo.test/jsonrpc', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });

describe('createOdooSimulator JSON-RPC transport', () => {
  it('answers common.version and authenticate like the recorded servers', async () => {
    const odoo = createOdooSimulator({ version: 16 });
    const version = await send(
      odoo,
      rpcRequest(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          params: { service: 'common', method: 'version', args: [] },
        }),
      ),
    );
    const ok = await send(
      odoo,
      rpcRequest(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          params: {
            service: 'common',
            method: 'authenticate',
            args: ['odoo', 'admin', 'odoo-test-key', {}],
          },
        }),
      ),
    );
    const wrong = await send(
      odoo,
      rpcRequest(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 3,
          params: {
            service: 'common',
            method: 'authenticate',
            args: ['odoo', 'admin', 'nope', {}],
          },
        }),
      ),
    );

    expect(await version.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {
        server_version: '16.0',
        server_version_info: [16, 0, 0, 'final', 0, ''],
        server_serie: '16.0',
        protocol_version: 1,
      },
    });
    expect(await ok.json()).toEqual({ jsonrpc: '2.0', id: 2, result: 2 });
    expect(await wrong.json()).toEqual({ jsonrpc: '2.0', id: 3, result: false });
  });

  it('returns an int for create(dict) and a list for create([dict])', async () => {
    const odoo = createOdooSimulator();

    const single = await call(odoo, 'project.project', 'create', [{ name: 'One' }]);
    const many = await call(odoo, 'project.project', 'create', [
      [{ name: 'Two' }, { name: 'Three' }],
    ]);

    expect(typeof single).toBe('number');
    expect(many).toEqual([Number(single) + 1, Number(single) + 2]);
  });

  it('answers a bad API key with an AccessDenied envelope on HTTP 200', async () => {
    const odoo = createOdooSimulator();

    const answer = await executeKw(odoo, 'project.project', 'search', [[]], {}, 'wrong-key');

    expect(answer.status).toBe(200);
    expect(answer.body.error).toMatchObject({
      code: 200,
      message: 'Odoo Server Error',
      data: {
        name: 'odoo.exceptions.AccessDenied',
        message: 'Access Denied',
        arguments: ['Access Denied'],
        context: {},
      },
    });
  });

  it('uses error code 0 from 19.0 on', async () => {
    const odoo = createOdooSimulator({ version: 19 });

    const answer = await executeKw(odoo, 'no.such.model', 'search', [[]]);

    expect(answer.body.error).toMatchObject({
      code: 0,
      data: { name: 'odoo.exceptions.UserError', message: "Object no.such.model doesn't exist" },
    });
  });

  it('answers unparsable JSON with a plain-text 400', async () => {
    const odoo = createOdooSimulator();

    const response = await send(odoo, rpcRequest('{"jsonrpc": "2.0", "params": {'));

    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Invalid JSON data');
  });

  it('skips deleted ids in read and raises the recorded MissingError on write', async () => {
    const odoo = createOdooSimulator();
    const projectId = odoo.create('project.project', { name: 'P' });
    const kept = odoo.create('project.task', { name: 'Kept', project_id: projectId });
    const gone = odoo.create('project.task', { name: 'Gone', project_id: projectId });
    odoo.unlink('project.task', [gone]);

    const rows = await call(odoo, 'project.task', 'read', [[gone, kept], ['name']]);
    const write = await executeKw(odoo, 'project.task', 'write', [[gone], { name: 'x' }]);

    expect(rows).toEqual([{ id: kept, name: 'Kept' }]);
    expect(write.body.error?.data).toMatchObject({
      name: 'odoo.exceptions.MissingError',
      message: `Record does not exist or has been deleted.\n(Record: project.task(${gone},), User: 2)`,
    });
  });

  it('encodes many2one as [id, name], or a bare id with load null, and empty values as false', async () => {
    const odoo = createOdooSimulator({
      clock: createFakeClock({ start: Date.parse('2026-03-01T10:00:00.250Z') }),
    });
    const projectId = odoo.create('project.project', { name: 'Website' });
    const taskId = odoo.create('project.task', { name: 'Hero', project_id: projectId });

    const [classic] = await call<Record<string, unknown>[]>(odoo, 'project.task', 'read', [
      [taskId],
      ['project_id', 'parent_id', 'tag_ids', 'write_date', 'date_deadline'],
    ]);
    const [bare] = await call<Record<string, unknown>[]>(
      odoo,
      'project.task',
      'read',
      [[taskId], ['project_id']],
      { load: null },
    );

    expect(classic).toEqual({
      id: taskId,
      project_id: [projectId, 'Website'],
      parent_id: false,
      tag_ids: [],
      write_date: '2026-03-01 10:00:00',
      date_deadline: false,
    });
    expect(bare).toEqual({ id: taskId, project_id: projectId });
  });

  it('rolls a failed call back entirely', async () => {
    const odoo = createOdooSimulator();
    const projectId = odoo.create('project.project', { name: 'P' });
    const a = odoo.create('project.task', { name: 'A', project_id: projectId });
    const b = odoo.create('project.task', {
      name: 'B',
      project_id: projectId,
      depend_on_ids: [[6, 0, [a]]],
    });

    const answer = await executeKw(odoo, 'project.task', 'write', [
      [a],
      { name: 'renamed', depend_on_ids: [[4, b]] },
    ]);

    expect(answer.body.error?.data.name).toBe('odoo.exceptions.ValidationError');
    expect(odoo.read('project.task', [a], ['name', 'depend_on_ids'])).toEqual([
      { id: a, name: 'A', depend_on_ids: [] },
    ]);
  });

  it('posts 16.0 message bodies as HTML and escapes a str body from 17.0 on', async () => {
    const v16 = createOdooSimulator({ version: 16 });
    const v17 = createOdooSimulator({ version: 17 });
    const bodies: unknown[] = [];
    for (const odoo of [v16, v17]) {
      const task = odoo.create('project.task', {
        name: 'T',
        project_id: odoo.create('project.project', { name: 'P' }),
      });
      const messageId = await call<number>(odoo, 'project.task', 'message_post', [[task]], {
        body: 'Ship <b>now</b>',
        message_type: 'comment',
        subtype_xmlid: 'mail.mt_note',
      });
      bodies.push(odoo.read('mail.message', [messageId], ['body'])[0]?.body);
    }

    expect(bodies).toEqual(['<p>Ship <b>now</b></p>', '<p>Ship &lt;b&gt;now&lt;/b&gt;</p>']);
  });

  it('returns "mail.activity(N,)" from activity_schedule and an int from mail.activity create', async () => {
    const odoo = createOdooSimulator();
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: odoo.create('project.project', { name: 'P' }),
    });
    const [taskModel] = await call<{ id: number }[]>(
      odoo,
      'ir.model',
      'search_read',
      [[['model', '=', 'project.task']]],
      { fields: ['id'] },
    );

    const scheduled = await call(odoo, 'project.task', 'activity_schedule', [[task]], {
      act_type_xmlid: 'mail.mail_activity_data_todo',
      date_deadline: '2026-07-10',
      summary: 'Ship review',
      user_id: 2,
    });
    const created = await call(odoo, 'mail.activity', 'create', [
      {
        res_model_id: taskModel?.id,
        res_id: task,
        activity_type_id: 4,
        summary: 'Direct',
        date_deadline: '2026-07-11',
      },
    ]);

    expect(scheduled).toMatch(/^mail\.activity\(\d+,\)$/);
    expect(typeof created).toBe('number');
    expect(odoo.read('project.task', [task], ['activity_ids'])[0]?.activity_ids).toHaveLength(2);
  });
});

describe.each([16, 17, 18, 19] as const)('createOdooSimulator JSON-RPC on %i', (version) => {
  it('creates, writes, searches and reads a task with that version’s encodings', async () => {
    const odoo = createOdooSimulator({
      version,
      clock: createFakeClock({ start: Date.parse('2026-03-01T10:00:00Z') }),
    });
    const projectId = await call<number>(odoo, 'project.project', 'create', [{ name: 'P' }]);
    const deadline = version === 16 ? '2026-07-15' : '2026-07-15 16:30:00';

    const taskId = await call<number>(odoo, 'project.task', 'create', [
      { name: 'T', project_id: projectId, date_deadline: deadline },
    ]);
    await call(odoo, 'project.task', 'write', [[taskId], { priority: '1' }]);
    const rows = await call(
      odoo,
      'project.task',
      'search_read',
      [[['project_id', '=', projectId]]],
      { fields: ['name', 'priority', 'date_deadline', 'project_id', 'user_ids', 'write_date'] },
    );

    expect(rows).toEqual([
      {
        id: taskId,
        name: 'T',
        priority: '1',
        date_deadline: deadline,
        project_id: [projectId, 'P'],
        user_ids: [2],
        write_date: '2026-03-01 10:00:00',
      },
    ]);
  });
});
