import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call } from './rpc-test-helpers.js';
import { WEBHOOK_REPEATS } from './webhooks.js';

type ReceiverReply =
  Response | 'network-error' | ((clock: ReturnType<typeof createFakeClock>) => Promise<Response>);

function withReceiver(reply: ReceiverReply = new Response('ok')) {
  const clock = createFakeClock({ start: Date.parse('2026-03-01T10:00:00.123Z') });
  const posts: { url: string; body: string; headers: Record<string, string> }[] = [];
  const odoo = createOdooSimulator({
    version: 17,
    clock,
    fetch: async (input, init) => {
      posts.push({
        url: input instanceof Request ? input.url : input.toString(),
        body: typeof init?.body === 'string' ? init.body : '',
        headers: init?.headers as Record<string, string>,
      });
      if (reply === 'network-error') throw new TypeError('fetch failed');
      if (typeof reply === 'function') return reply(clock);
      return reply.clone();
    },
  });
  const projectId = odoo.create('project.project', { name: 'P' });
  const todo = odoo.create('project.task.type', {
    name: 'To Do',
    project_ids: [[6, 0, [projectId]]],
  });
  const doing = odoo.create('project.task.type', {
    name: 'Doing',
    sequence: 2,
    project_ids: [[6, 0, [projectId]]],
  });
  return { odoo, clock, posts, projectId, todo, doing };
}

describe('createOdooSimulator webhooks (automation rule "Send Webhook Notification")', () => {
  it('posts the recorded payload format: sorted keys, bare many2one ids, _action with the action id, microsecond write_date', async () => {
    const { odoo, projectId, todo } = withReceiver();
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name', 'stage_id', 'user_ids', 'date_deadline', 'write_date'],
      url: 'http://hooks.test/odoo',
    });

    const taskId = await call<number>(odoo, 'project.task', 'create', [
      { name: 'Webhook task', project_id: projectId, date_deadline: '2026-08-01 09:00:00' },
    ]);

    const [first] = odoo.webhookDeliveries;
    expect(first?.rawBody).toMatch(
      new RegExp(
        `^\\{"_action": "Send Webhook Notification\\(#\\d+\\)", "_id": ${taskId}, "_model": "project.task", "date_deadline": "2026-08-01 09:00:00", "id": ${taskId}, "name": "Webhook task", "stage_id": ${todo}, "user_ids": \\[2\\], "write_date": "2026-03-01 10:00:00.123000"\\}$`,
      ),
    );
    expect(first?.headers).toMatchObject({
      'User-Agent': 'python-requests/2.28.1',
      'Content-Type': 'application/json',
      Accept: '*/*',
    });
    expect(first?.headers).not.toHaveProperty('X-Odoo-Signature');
    expect(first?.status).toBe(200);
  });

  it('sends the recorded number of identical POSTs per save, before the RPC reply', async () => {
    const { odoo, projectId, doing } = withReceiver();
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name'],
      url: 'http://hooks.test/save',
    });
    const counts: number[] = [];

    const taskId = await call<number>(odoo, 'project.task', 'create', [
      { name: 'T', project_id: projectId },
    ]);
    counts.push(odoo.webhookDeliveries.length);
    await call(odoo, 'project.task', 'write', [[taskId], { name: 'T2', stage_id: doing }]);
    counts.push(odoo.webhookDeliveries.length);
    await call(odoo, 'project.task', 'write', [[taskId], { priority: '1' }]);
    counts.push(odoo.webhookDeliveries.length);
    await call(odoo, 'project.task', 'message_post', [[taskId]], { body: 'note' });
    counts.push(odoo.webhookDeliveries.length);
    await call(odoo, 'project.task', 'write', [[taskId], { active: false }]);
    counts.push(odoo.webhookDeliveries.length);

    expect(counts).toEqual([7, 10, 11, 11, 12]);
    expect(WEBHOOK_REPEATS).toEqual({ create: 7, stageWrite: 3, write: 1 });
    expect(
      new Set(odoo.webhookDeliveries.slice(0, 7).map((delivery) => delivery.rawBody)).size,
    ).toBe(1);
  });

  it('posts once on unlink with the values read before the delete, and once on archive', async () => {
    const { odoo, projectId } = withReceiver();
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_unlink',
      fields: ['name'],
      url: 'http://hooks.test/unlink',
    });
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_archive',
      url: 'http://hooks.test/archive',
    });
    const doomed = odoo.create('project.task', { name: 'Doomed', project_id: projectId });
    const archived = odoo.create('project.task', { name: 'Archived', project_id: projectId });

    await call(odoo, 'project.task', 'unlink', [[doomed]]);
    await call(odoo, 'project.task', 'write', [[archived], { active: false }]);

    expect(
      odoo.webhookDeliveries.map((delivery) => [
        delivery.url,
        JSON.parse(delivery.rawBody) as unknown,
      ]),
    ).toEqual([
      [
        'http://hooks.test/unlink',
        {
          _action: expect.stringMatching(/^Send Webhook Notification\(#\d+\)$/) as unknown,
          _id: doomed,
          _model: 'project.task',
          id: doomed,
          name: 'Doomed',
        },
      ],
      [
        'http://hooks.test/archive',
        {
          _action: expect.stringMatching(/^Send Webhook Notification\(#\d+\)$/) as unknown,
          _id: archived,
          _model: 'project.task',
        },
      ],
    ]);
  });

  it('records receiver failures without retrying: an HTTP error, a network error, a timeout past 1 s', async () => {
    const failing = withReceiver(new Response('boom', { status: 500 }));
    const unreachable = withReceiver('network-error');
    const slow = withReceiver(async (clock) => {
      await clock.sleep(1_500);
      return new Response('late');
    });
    for (const { odoo, projectId } of [failing, unreachable, slow]) {
      odoo.addWebhookRule({
        model: 'project.task',
        trigger: 'on_create',
        url: 'http://hooks.test/x',
      });
      odoo.create('project.task', { name: 'T', project_id: projectId });
      await odoo.settleWebhooks();
    }

    expect(
      [failing, unreachable, slow].map(({ odoo }) =>
        odoo.webhookDeliveries.map((delivery) => delivery.status),
      ),
    ).toEqual([[500], ['network-error'], ['timeout']]);
    expect(failing.posts).toHaveLength(1);
  });

  it('has no webhook action on 16.0', () => {
    const odoo = createOdooSimulator({ version: 16 });

    expect(() =>
      odoo.addWebhookRule({
        model: 'project.task',
        trigger: 'on_create',
        url: 'http://hooks.test/x',
      }),
    ).toThrow("Wrong value for ir.actions.server.state: 'webhook'");
  });
});

describe('createOdooSimulator webhook timing', () => {
  // A receiver that reads the announced record back at once, as the sync does.
  function withReadingReceiver(webhookTiming: 'after-commit' | 'before-commit') {
    const clock = createFakeClock({
      start: Date.parse('2026-03-01T10:00:00Z'),
      autoAdvance: false,
    });
    const readsDuringDelivery: number[] = [];
    const odoo = createOdooSimulator({
      version: 17,
      clock,
      webhookTiming,
      fetch: async (_input, init) => {
        const { _id: id } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
          _id: number;
        };
        readsDuringDelivery.push(
          (await call<unknown[]>(odoo, 'project.task', 'read', [[id], ['name']])).length,
        );
        return new Response(null, { status: 202 });
      },
    });
    const projectId = odoo.create('project.project', { name: 'P' });
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create',
      fields: ['name'],
      url: 'http://hooks.test/odoo',
    });
    const readNow = async (id: number): Promise<number> =>
      (await call<unknown[]>(odoo, 'project.task', 'read', [[id], ['name']])).length;
    return { odoo, clock, projectId, readsDuringDelivery, readNow };
  }

  it('before commit (17.0, 18.0): an RPC create is unreadable while its webhook is delivered, readable once it returns', async () => {
    const { odoo, projectId, readsDuringDelivery, readNow } = withReadingReceiver('before-commit');

    const taskId = await call<number>(odoo, 'project.task', 'create', [
      { name: 'Fresh', project_id: projectId },
    ]);

    expect(readsDuringDelivery).toEqual([0]);
    expect(await readNow(taskId)).toBe(1);
  });

  it('before commit: a direct create commits commitDelayMs after the change, after its webhooks', async () => {
    const { odoo, clock, projectId, readsDuringDelivery, readNow } =
      withReadingReceiver('before-commit');

    const taskId = odoo.create('project.task', { name: 'Fresh', project_id: projectId });
    await odoo.settleWebhooks();
    const beforeCommit = await readNow(taskId);
    await clock.advance(300);

    expect(readsDuringDelivery).toEqual([0]);
    expect(beforeCommit).toBe(0);
    expect(await readNow(taskId)).toBe(1);
    expect(odoo.searchRead('project.task', [['id', '=', taskId]], ['name'])).toHaveLength(1);
  });

  it('after commit (19.0, the default): the record is readable when its webhook arrives', async () => {
    const { odoo, projectId, readsDuringDelivery } = withReadingReceiver('after-commit');

    await call<number>(odoo, 'project.task', 'create', [{ name: 'Fresh', project_id: projectId }]);
    odoo.create('project.task', { name: 'Direct', project_id: projectId });
    await odoo.settleWebhooks();

    expect(readsDuringDelivery).toEqual([1, 1]);
  });
});
