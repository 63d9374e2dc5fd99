/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- wire JSON is probed field by field */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from './test-support.js';

function receiver(
  answer: (attempt: number) => Response | Error = () => new Response(null, { status: 200 }),
) {
  let attempts = 0;
  const fetch = (): Promise<Response> => {
    attempts += 1;
    const result = answer(attempts);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };
  return { fetch };
}

async function setup(answer?: (attempt: number) => Response | Error) {
  const harness = createPlaneHarness({ fetch: receiver(answer).fetch });
  const project = await harness.project('Alpha', 'ALPHA');
  const items = `/workspaces/acme/projects/${project.id}/work-items/`;
  return { ...harness, project, items };
}

describe('createPlaneSimulator webhooks', () => {
  it('sends one signed delivery per changed field, each with the post-update data and the actor', async () => {
    const harness = await setup();
    const ann = harness.plane.addUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      displayName: 'ann',
    });
    harness.plane.addProjectMember(harness.project.id, ann.id);
    const item = await harness.call('POST', harness.items, { name: 'x', priority: 'low' });
    const hook = harness.plane.addWebhook({
      url: 'https://hooks.example/plane',
      secret: 'plane_wh_s3cret',
    });

    await harness.call(
      'PATCH',
      `${harness.items}${item.body.id}/`,
      { name: 'y', priority: 'low', start_date: '2026-12-01' },
      ann.apiKey,
    );
    await harness.plane.settleWebhooks();
    const deliveries = harness.plane.webhookDeliveries;

    expect(deliveries.map((delivery) => JSON.parse(delivery.rawBody).activity.field)).toEqual([
      'name',
      'start_date',
    ]);
    for (const delivery of deliveries) {
      const payload = JSON.parse(delivery.rawBody);
      expect(Object.keys(payload)).toEqual([
        'event',
        'action',
        'webhook_id',
        'workspace_id',
        'data',
        'activity',
      ]);
      expect(payload).toMatchObject({
        event: 'issue',
        action: 'updated',
        webhook_id: hook.id,
        workspace_id: harness.plane.workspaceId,
      });
      expect(payload.data).toMatchObject({
        name: 'y',
        start_date: '2026-12-01',
        state: { name: 'Backlog', group: 'backlog' },
      });
      expect(payload.activity.actor.id).toBe(ann.id);
      expect(delivery.headers['X-Plane-Event']).toBe('issue');
      expect(delivery.headers['User-Agent']).toBe('Autopilot');
      expect(delivery.headers['X-Plane-Signature']).toBe(
        createHmac('sha256', 'plane_wh_s3cret').update(delivery.rawBody).digest('hex'),
      );
      expect(delivery.status).toBe(200);
    }
    expect(JSON.parse(deliveries[0]!.rawBody).activity).toMatchObject({
      old_value: 'x',
      new_value: 'y',
    });
  });

  it('writes Python json.dumps bytes: spaced separators, ASCII escapes and float sort_order', async () => {
    const harness = await setup();
    harness.plane.addWebhook({ url: 'https://hooks.example/plane', secret: 's' });

    await harness.call('POST', harness.items, { name: 'Café ✓' });
    await harness.plane.settleWebhooks();
    const [delivery] = harness.plane.webhookDeliveries;

    expect(delivery!.rawBody).toMatch(/^\{"event": "issue", "action": "created", "webhook_id": "/);
    expect(delivery!.rawBody).toContain('"name": "Caf\\u00e9 \\u2713"');
    expect(delivery!.rawBody).toContain('"sort_order": 65535.0');
    expect(delivery!.rawBody).toContain(
      '"activity": {"field": null, "new_value": null, "old_value": null, "actor": {',
    );
  });

  it('sends no delete event for work items but one for projects, and honours event toggles', async () => {
    const harness = await setup();
    const item = await harness.call('POST', harness.items, { name: 'x' });
    harness.plane.addWebhook({ url: 'https://hooks.example/all', secret: 's' });
    harness.plane.addWebhook({
      url: 'https://hooks.example/projects-only',
      secret: 's',
      issue: false,
    });

    await harness.call('DELETE', `${harness.items}${item.body.id}/`);
    await harness.call('PATCH', `${harness.items}${item.body.id}/`, { name: 'gone' });
    await harness.call('DELETE', `/workspaces/acme/projects/${harness.project.id}/`);
    await harness.plane.settleWebhooks();

    expect(
      harness.plane.webhookDeliveries.map((delivery) => [
        delivery.url,
        JSON.parse(delivery.rawBody).action,
        JSON.parse(delivery.rawBody).data,
      ]),
    ).toEqual([
      ['https://hooks.example/all', 'deleted', { id: harness.project.id }],
      ['https://hooks.example/projects-only', 'deleted', { id: harness.project.id }],
    ]);
  });

  it('retries only network failures, with a new delivery id each time, and deactivates after the sixth failure', async () => {
    const harness = await setup(() => new TypeError('connection refused'));
    const hook = harness.plane.addWebhook({ url: 'https://hooks.example/down', secret: 's' });

    await harness.call('PATCH', `/workspaces/acme/projects/${harness.project.id}/`, {
      description: 'd',
    });
    await harness.plane.settleWebhooks();
    await harness.call('PATCH', `/workspaces/acme/projects/${harness.project.id}/`, {
      description: 'e',
    });
    await harness.plane.settleWebhooks();
    const deliveries = harness.plane.webhookDeliveries;

    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((delivery) => delivery.status === 'network-error')).toBe(true);
    expect(new Set(deliveries.map((delivery) => delivery.headers['X-Plane-Delivery'])).size).toBe(
      6,
    );
    expect(new Set(deliveries.map((delivery) => delivery.rawBody)).size).toBe(1);
    expect(harness.plane.isWebhookActive(hook.id)).toBe(false);
  });

  it('does not retry an HTTP error status', async () => {
    const harness = await setup(() => new Response('nope', { status: 500 }));
    const hook = harness.plane.addWebhook({ url: 'https://hooks.example/broken', secret: 's' });

    await harness.call('PATCH', `/workspaces/acme/projects/${harness.project.id}/`, {
      description: 'd',
    });
    await harness.plane.settleWebhooks();

    expect(harness.plane.webhookDeliveries.map((delivery) => delivery.status)).toEqual([500]);
    expect(harness.plane.isWebhookActive(hook.id)).toBe(true);
  });

  it('sends created events for comments and cycles', async () => {
    const harness = await setup();
    await harness.call('PATCH', `/workspaces/acme/projects/${harness.project.id}/`, {
      cycle_view: true,
    });
    const item = await harness.call('POST', harness.items, { name: 'x' });
    harness.plane.addWebhook({ url: 'https://hooks.example/plane', secret: 's' });

    await harness.call('POST', `${harness.items}${item.body.id}/comments/`, {
      comment_html: '<p>hi</p>',
    });
    await harness.call('POST', `/workspaces/acme/projects/${harness.project.id}/cycles/`, {
      name: 'S',
      project_id: harness.project.id,
    });
    await harness.plane.settleWebhooks();

    expect(
      harness.plane.webhookDeliveries.map((delivery) => delivery.headers['X-Plane-Event']),
    ).toEqual(['issue_comment', 'cycle']);
  });
});
