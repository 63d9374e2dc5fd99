import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createOdooSimulator } from './odoo-simulator.js';
import { executeKw, json2, send } from './rpc-test-helpers.js';

const projectUserTraffic = fileURLToPath(
  new URL('../../fixtures/sync-traffic/odoo-19-project-user.jsonl', import.meta.url),
);

/** The recorded 403 of `ir.model/search_read` for a Project / User key on Odoo 19. */
function recordedIrModelRefusal(): { status: number; body: Record<string, unknown> } {
  const line = readFileSync(projectUserTraffic, 'utf8')
    .split('\n')
    .filter((text) => text.trim() !== '')
    .map((text) => JSON.parse(text) as { path: string; status: number; responseBody: string })
    .find((entry) => entry.path === '/json/2/ir.model/search_read');
  if (line === undefined) throw new Error('no ir.model/search_read in the recording');
  return { status: line.status, body: JSON.parse(line.responseBody) as Record<string, unknown> };
}

describe('createOdooSimulator users and access rules', () => {
  it('refuses a Project / User ir.model on 19 with the recorded 403 AccessError', async () => {
    const odoo = createOdooSimulator({ version: 19 });
    const user = odoo.addUser({ login: 'syncbot@example.com', apiKey: 'project-user-key-0001' });

    const answer = await json2(
      odoo,
      'ir.model',
      'search_read',
      { domain: [['model', '=', 'project.task']], fields: ['id', 'model'] },
      user.apiKey,
    );

    const recorded = recordedIrModelRefusal();
    expect(answer.status).toBe(recorded.status);
    expect(answer.body).toMatchObject({
      name: recorded.body.name,
      message: recorded.body.message,
      arguments: recorded.body.arguments,
    });
  });

  it('lets the admin read ir.model and a Project / User schedule an activity on its task', async () => {
    const odoo = createOdooSimulator({ version: 19 });
    const user = odoo.addUser({ login: 'syncbot@example.com', apiKey: 'project-user-key-0001' });
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: odoo.create('project.project', { name: 'P' }),
    });

    const asAdmin = await json2(odoo, 'ir.model', 'search_read', {
      domain: [['model', '=', 'project.task']],
      fields: ['model'],
    });
    const scheduled = await json2(
      odoo,
      'project.task',
      'activity_schedule',
      {
        ids: [task],
        act_type_xmlid: 'mail.mail_activity_data_todo',
        summary: 'Ship review',
        user_id: user.uid,
      },
      user.apiKey,
    );

    expect(asAdmin).toMatchObject({ status: 200, body: [{ model: 'project.task' }] });
    expect(scheduled.status).toBe(200);
    const [activityId] = scheduled.body as number[];
    expect(
      odoo.read('mail.activity', [activityId!], ['res_model', 'res_id', 'create_uid']),
    ).toEqual([
      {
        id: activityId,
        res_model: 'project.task',
        res_id: task,
        create_uid: [user.uid, 'syncbot@example.com'],
      },
    ]);
  });

  it('authenticates a user over JSON-RPC and refuses its ir.model read on 18 in the envelope', async () => {
    const odoo = createOdooSimulator({ version: 18 });
    const user = odoo.addUser({ login: 'syncbot@example.com', apiKey: 'project-user-key-0001' });
    const authenticate = await send(
      odoo,
      new Request(`${odoo.baseUrl}/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          params: {
            service: 'common',
            method: 'authenticate',
            args: [odoo.db, user.login, user.apiKey, {}],
          },
        }),
      }),
    );

    const refused = await executeKw(
      odoo,
      'ir.model',
      'search_read',
      [[['model', '=', 'project.task']]],
      { fields: ['id'] },
      user.apiKey,
      user.uid,
    );

    expect(((await authenticate.json()) as { result: unknown }).result).toBe(user.uid);
    expect(refused.status).toBe(200);
    expect(refused.body.error?.data).toMatchObject({
      name: 'odoo.exceptions.AccessError',
      message: expect.stringContaining(
        "You are not allowed to access 'Models' (ir.model) records.",
      ) as unknown,
    });
  });
});
