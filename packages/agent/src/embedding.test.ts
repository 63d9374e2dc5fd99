import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import type * as EmbeddingModule from '../examples/express-embedding.js';

const embeddingFile = new URL('../examples/express-embedding.ts', import.meta.url);
const odoo = createOdooSimulator({ version: 17, db: 'embedded' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'embedded' });
const odooToken = 'o'.repeat(32);
const planeWebhookSecret = 'plane_wh_embedded';
const projectId = odoo.create('project.project', { name: 'Storefront' });
const stageIds = ['New', 'In Progress', 'Done'].map((name, sequence) =>
  odoo.create('project.task.type', { name, sequence, project_ids: [[6, 0, [projectId]]] }),
);
const closers: (() => Promise<unknown>)[] = [];
let embedding: typeof EmbeddingModule;
let url = '';

beforeAll(async () => {
  const [servedOdoo, servedPlane] = await Promise.all([odoo.serve(), plane.serve()]);
  closers.push(
    () => servedOdoo.close(),
    () => servedPlane.close(),
  );
  // What the service reads from its environment, pointed at the simulators.
  Object.assign(process.env, {
    SYNC_DATABASE: ':memory:',
    ODOO_URL: servedOdoo.url,
    ODOO_DB: odoo.db,
    ODOO_LOGIN: odoo.login,
    ODOO_KEY: odoo.apiKey,
    PLANE_URL: servedPlane.url,
    PLANE_KEY: plane.apiKey,
    PLANE_WORKSPACE: plane.workspaceSlug,
    ODOO_WEBHOOK_TOKEN: odooToken,
    PLANE_WEBHOOK_SECRET: planeWebhookSecret,
    PORT: '0',
  });
  embedding = await import('../examples/express-embedding.js');
  if (!embedding.server.listening) await once(embedding.server, 'listening');
  url = `http://127.0.0.1:${(embedding.server.address() as AddressInfo).port}`;
  closers.unshift(
    () => embedding.agent.stop(),
    () => new Promise((resolve) => embedding.server.close(resolve)),
  );
  // Both systems' webhooks point at the service, as an operator would set them up.
  plane.addWebhook({ url: `${url}/sync/webhooks/plane`, secret: planeWebhookSecret });
  odoo.addWebhookRule({
    model: 'project.task',
    trigger: 'on_create_or_write',
    fields: ['write_date'],
    url: `${url}/sync/webhooks/odoo/${odooToken}`,
  });
  await embedding.agent.start();
});
afterAll(async () => {
  for (const close of closers) await close();
});

/** Waits for every webhook in flight and every job they caused. */
async function settle(): Promise<void> {
  await Promise.all([odoo.settleWebhooks(), plane.settleWebhooks()]);
  await embedding.agent.whenIdle();
}

describe('the README embedding (an Express app of its own with the agent mounted)', () => {
  it('is the first code block of the agent README and of the root README, in 40 lines or fewer', () => {
    const code = readFileSync(embeddingFile, 'utf8').trim();
    const firstBlock = (readme: string): string | undefined =>
      /```ts\n([\s\S]*?)```/.exec(readme)?.[1]?.trim();

    expect(code.split('\n').length).toBeLessThanOrEqual(40);
    expect(firstBlock(readFileSync(new URL('../README.md', import.meta.url), 'utf8'))).toBe(code);
    expect(firstBlock(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'))).toBe(
      code,
    );
  });

  it("keeps the host's own routes and its global express.json() working", async () => {
    const created = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'A-1' }),
    });
    const listed = await fetch(`${url}/orders`);

    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ sku: 'A-1' });
    expect(await listed.json()).toEqual([]);
  });

  it("carries an Odoo change to Plane and a person's Plane state change back to the Odoo stage", async () => {
    const taskId = odoo.create('project.task', {
      name: 'Checkout page',
      project_id: projectId,
      stage_id: stageIds[0],
    });
    await settle();
    const mapping = await embedding.agent.stores.mappings.get({
      model: 'project.task',
      odooId: taskId,
    });
    const workItem = plane.getWorkItem(mapping!.planeId!) as { name: string };

    const person = plane.addUser({ email: 'dev@example.com', displayName: 'dev' });
    plane.addProjectMember(mapping!.planeProjectId!, person.id);
    const asPerson = createPlaneClient({
      baseUrl: (process.env.PLANE_URL ?? '').replace(/\/$/, ''),
      apiKey: person.apiKey,
      workspaceSlug: plane.workspaceSlug,
      rateLimit: false,
    });
    const states = (await asPerson.listStates(mapping!.planeProjectId!))._unsafeUnwrap();
    const inProgress = states.find((state) => state.name === 'In Progress')!;
    (
      await asPerson.updateWorkItem(mapping!.planeProjectId!, mapping!.planeId!, {
        stateId: inProgress.id,
      })
    )._unsafeUnwrap();
    await settle();
    const [task] = odoo.read('project.task', [taskId], ['stage_id']);
    const status = (await (await fetch(`${url}/sync/status`)).json()) as {
      inbox: { pending: number; failed: number; dead: number };
    };

    expect(workItem.name).toBe('Checkout page');
    expect(task?.stage_id).toEqual([stageIds[1], 'In Progress']);
    expect(status.inbox).toMatchObject({ pending: 0, failed: 0, dead: 0 });
    expect(plane.webhookDeliveries.length).toBeGreaterThan(0);
  });
});
