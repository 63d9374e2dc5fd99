import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  webhookBehaviourCases,
  webhookCaseSecrets,
} from '@odoo-plane-sync/sync-core/testing';
import { createSyncRouter, keepRawBody, type SyncRouterOptions } from './index.js';

/** Bodies go out as text: superagent would re-encode a Buffer sent with a JSON content type. */
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

async function signedPlaneDelivery() {
  const planeCase = (await webhookBehaviourCases()).find((item) => item.path === 'plane')!;
  return { headers: planeCase.headers, body: text(planeCase.rawBody) };
}

function syncRouter(
  overrides: Partial<SyncRouterOptions> = {},
  without: readonly ('readiness' | 'status')[] = [],
) {
  const inbox = createInMemoryInbox();
  const logger = createMemoryLogger();
  const options: Partial<SyncRouterOptions> = {
    ingestor: createWebhookIngestor({
      inbox,
      clock: { now: () => 0, sleep: () => Promise.resolve() },
      secrets: webhookCaseSecrets,
    }),
    logger,
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    status: () => Promise.resolve({ from: 'sync' }),
    ...overrides,
  };
  for (const name of without) delete options[name];
  const router = createSyncRouter(options as SyncRouterOptions);
  return { router, inbox, logger };
}

describe(`createSyncRouter in a host app (Express ${process.env.EXPRESS_MAJOR})`, () => {
  it('runs on the Express major this test project names', () => {
    // `express.query` exists in 4 and was removed in 5.
    expect('query' in express).toBe(process.env.EXPRESS_MAJOR === '4');
  });

  it('answers a body consumed by a global express.json() with body-already-parsed, logged once', async () => {
    const delivery = await signedPlaneDelivery();
    const { router, inbox, logger } = syncRouter();
    const app = express();
    app.use(express.json());
    app.use(router);

    const first = await request(app)
      .post('/webhooks/plane')
      .set(delivery.headers)
      .send(delivery.body);
    const second = await request(app)
      .post('/webhooks/plane')
      .set(delivery.headers)
      .send(delivery.body);

    expect(first.status).toBe(500);
    expect(first.body).toEqual({
      error: 'body-already-parsed',
      message: expect.stringContaining('express.json({ verify: keepRawBody })') as unknown,
    });
    expect(second.body).toMatchObject({ error: 'body-already-parsed' });
    expect(logger.records.filter((record) => record.level === 'error')).toEqual([
      { level: 'error', message: expect.stringContaining('consumed the request body') as unknown },
    ]);
    expect(await inbox.pending()).toEqual([]);
  });

  it('accepts a signed Plane delivery behind express.json({ verify: keepRawBody })', async () => {
    const delivery = await signedPlaneDelivery();
    const { router, inbox, logger } = syncRouter();
    const app = express();
    app.use(express.json({ verify: keepRawBody }));
    app.use(router);

    const response = await request(app)
      .post('/webhooks/plane')
      .set(delivery.headers)
      .send(delivery.body);

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ duplicate: false, jobs: 1 });
    expect(await inbox.pending()).toHaveLength(1);
    expect(logger.records).toEqual([]);
  });

  it('accepts a signed Plane delivery when the host parses JSON only after the router', async () => {
    const delivery = await signedPlaneDelivery();
    const { router } = syncRouter();
    const app = express();
    app.use(router);
    app.use(express.json());
    app.post('/orders', (httpRequest, response) => {
      response.json({ echoed: httpRequest.body as unknown });
    });

    const webhook = await request(app)
      .post('/webhooks/plane')
      .set(delivery.headers)
      .send(delivery.body);
    const hostRoute = await request(app).post('/orders').send({ id: 7 });

    expect(webhook.status).toBe(202);
    expect(hostRoute.body).toEqual({ echoed: { id: 7 } });
  });

  it('serves every route under the prefix it is mounted at', async () => {
    const delivery = await signedPlaneDelivery();
    const { router } = syncRouter();
    const app = express();
    app.use('/sync', router);

    const webhook = await request(app)
      .post('/sync/webhooks/plane')
      .set(delivery.headers)
      .send(delivery.body);
    const status = await request(app).get('/sync/status');
    const unprefixed = await request(app).get('/status');

    expect(webhook.status).toBe(202);
    expect(status.body).toEqual({ from: 'sync' });
    expect(unprefixed.status).toBe(404);
  });

  it('leaves routes turned off to the host and serves moved ones at their path', async () => {
    const { router } = syncRouter(
      { routes: { health: false, readiness: false, metrics: '/sync-metrics' } },
      ['readiness'],
    );
    const app = express();
    app.use(router);
    app.get('/healthz', (_request, response) => {
      response.json({ host: true });
    });

    const health = await request(app).get('/healthz');
    const ready = await request(app).get('/readyz');
    const metrics = await request(app).get('/sync-metrics');
    const oldMetrics = await request(app).get('/metrics');

    expect(health.body).toEqual({ host: true });
    expect(ready.status).toBe(404);
    expect(metrics.text).toContain('odoo_plane_sync_webhooks_accepted_total');
    expect(oldMetrics.status).toBe(404);
  });

  it('refuses to build a router that serves /status without a status callback', () => {
    expect(() => syncRouter({}, ['status'])).toThrow(
      'createSyncRouter: pass status, or set routes.status to false',
    );
  });

  it('answers a rejecting status callback with a JSON 500', async () => {
    const { router } = syncRouter({ status: () => Promise.reject(new Error('store closed')) });
    const app = express();
    app.use(router);

    const response = await request(app).get('/status');

    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ error: 'internal' });
  });
});
