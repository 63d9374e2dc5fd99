import { describe, expect, it } from 'vitest';
import { createOdooSimulator } from './odoo-simulator.js';
import { json2, send } from './rpc-test-helpers.js';

describe('createOdooSimulator JSON-2 transport (19.0)', () => {
  it('creates with named arguments and returns a list of ids', async () => {
    const odoo = createOdooSimulator({ version: 19 });

    const created = await json2(odoo, 'project.project', 'create', { vals_list: [{ name: 'P' }] });
    const read = await json2(odoo, 'project.project', 'search_read', {
      domain: [['name', '=', 'P']],
      fields: ['name'],
      context: { lang: 'en_US' },
    });

    expect(created).toMatchObject({ status: 200, body: [expect.any(Number)] });
    expect(read.body).toEqual([{ id: (created.body as number[])[0], name: 'P' }]);
  });

  it('refuses a bad bearer key with 401, its error body and WWW-Authenticate', async () => {
    const odoo = createOdooSimulator({ version: 19 });

    const answer = await json2(odoo, 'project.project', 'search', { domain: [] }, 'wrong');

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('bearer');
    expect(answer.body).toMatchObject({
      name: 'werkzeug.exceptions.Unauthorized',
      message: 'Invalid apikey',
      arguments: ['Invalid apikey', 401],
      context: {},
    });
  });

  it.each([
    [
      'a missing record',
      'project.task',
      'write',
      { ids: [999], vals: { name: 'x' } },
      404,
      'odoo.exceptions.MissingError',
    ],
    [
      'a failed constraint',
      'project.task',
      'create',
      { vals_list: [{ project_id: false }] },
      422,
      'odoo.exceptions.ValidationError',
    ],
    [
      'ids sent to a model method',
      'project.task',
      'search',
      { ids: [1], domain: [] },
      422,
      'odoo.exceptions.UserError',
    ],
    [
      'an unknown model',
      'no.such.model',
      'search',
      { domain: [] },
      404,
      'werkzeug.exceptions.NotFound',
    ],
    [
      'a private method',
      'project.task',
      '_compute_state',
      { ids: [1] },
      404,
      'werkzeug.exceptions.NotFound',
    ],
    [
      'an unknown argument',
      'project.task',
      'search',
      { domain: [], nope: 1 },
      422,
      'werkzeug.exceptions.UnprocessableEntity',
    ],
    [
      'an unknown field',
      'project.task',
      'search_read',
      { domain: [], fields: ['kanban_state'] },
      500,
      'builtins.ValueError',
    ],
  ])('answers %s with HTTP %i', async (_label, model, method, body, status, name) => {
    const odoo = createOdooSimulator({ version: 19 });

    const answer = await json2(odoo, model, method, body);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ name });
  });

  it('returns ids for recordset results such as activity_schedule', async () => {
    const odoo = createOdooSimulator({ version: 19 });
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: odoo.create('project.project', { name: 'P' }),
    });

    const answer = await json2(odoo, 'project.task', 'activity_schedule', {
      ids: [task],
      act_type_xmlid: 'mail.mail_activity_data_todo',
      summary: 'Ship review',
    });

    expect(answer).toMatchObject({ status: 200, body: [expect.any(Number)] });
  });

  it('answers other verbs on /json/2 with 404 and has no JSON-2 route before 19.0', async () => {
    const v19 = createOdooSimulator({ version: 19 });
    const v17 = createOdooSimulator({ version: 17 });

    const wrongVerb = await send(v19, new Request('http://odoo.test/json/2/project.task/search'));

    expect(wrongVerb.status).toBe(404);
    expect(await wrongVerb.json()).toMatchObject({
      message: 'Did you mean POST /json/2/<model>/<method>?',
    });
    await expect(json2(v17, 'project.task', 'search', { domain: [] })).rejects.toThrow(
      /No simulator route/,
    );
  });
});
