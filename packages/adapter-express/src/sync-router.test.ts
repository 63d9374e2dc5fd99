import express from 'express';
import { ok } from 'neverthrow';
import { Registry } from 'prom-client';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import {
  createInboxProcessor,
  createWebhookIngestor,
  type IngestErrorKind,
  type WebhookSecrets,
} from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  webhookBehaviourCases,
  webhookCaseMaxBodyBytes,
  webhookCaseSecrets,
} from '@odoo-plane-sync/sync-core/testing';
import { createSyncRouter } from './sync-router.js';

/** Bodies go out as text: superagent would re-encode a Buffer sent with a JSON content type. */
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const expectedStatus: Record<'accepted' | IngestErrorKind, number> = {
  accepted: 202,
  'unknown-source': 400,
  'unconfigured-source': 404,
  'bad-signature': 401,
  malformed: 400,
  'too-large': 413,
};

function setup(secrets: WebhookSecrets = webhookCaseSecrets) {
  const inbox = createInMemoryInbox();
  const clock = { now: () => 0, sleep: () => Promise.resolve() };
  const ingestor = createWebhookIngestor({
    inbox,
    clock,
    secrets,
    maxBodyBytes: webhookCaseMaxBodyBytes,
  });
  const runs: unknown[] = [];
  const processor = createInboxProcessor({
    inbox,
    clock,
    logger: createMemoryLogger(),
    engine: {
      run: (job) => {
        runs.push(job);
        return Promise.resolve(
          ok({
            correlationId: 'c',
            applied: 1,
            unchanged: 0,
            deferred: 0,
            conflicts: 0,
            skipped: 0,
          }),
        );
      },
    },
  });
  let drains = 0;
  let lastDrain: Promise<unknown> = Promise.resolve();
  const countingProcessor = {
    drain: () => {
      drains += 1;
      const drained = processor.drain();
      lastDrain = drained;
      return drained;
    },
  };
  const metrics = new Registry();
  const app = express();
  app.use(
    createSyncRouter({
      ingestor,
      processor: countingProcessor,
      metrics,
      maxBodyBytes: webhookCaseMaxBodyBytes,
      readiness: () => Promise.resolve({ ok: false, checks: { store: true, odoo: false } }),
      status: () => Promise.resolve({ queueDepth: 0 }),
    }),
  );
  return { app, inbox, metrics, runs, drains: () => drains, lastDrain: () => lastDrain };
}

describe('createSyncRouter', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'answers shared webhook case %i as specified',
    async (index) => {
      const testCase = (await webhookBehaviourCases())[index]!;
      const { app, inbox } = setup();

      const response = await request(app)
        .post(`/webhooks/${testCase.path}`)
        .set(testCase.headers)
        .send(text(testCase.rawBody));

      expect(response.status).toBe(expectedStatus[testCase.expected]);
      if (testCase.expected === 'accepted') {
        expect(response.body).toMatchObject({ duplicate: false, jobs: 1 });
        expect((await inbox.pending()).length + (await inbox.count('done'))).toBe(1);
      } else {
        expect(response.body).toEqual({
          error: testCase.expected,
          message: expect.any(String) as unknown,
        });
        expect(await inbox.pending()).toEqual([]);
        expect(await inbox.count('done')).toBe(0);
      }
    },
  );

  it('answers 404 for a source whose secret is not configured', async () => {
    const { app, inbox } = setup({ planeWebhookSecret: 'x' });

    const response = await request(app).post('/webhooks/github').send('{}');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: 'unconfigured-source',
      message: 'Webhooks from github are not enabled here (no secret configured).',
    });
    expect(await inbox.pending()).toEqual([]);
  });

  it('answers 401 for an Odoo delivery without a token in the path', async () => {
    const { app } = setup();

    const response = await request(app).post('/webhooks/odoo').send('{}');

    expect(response.status).toBe(401);
  });

  it('kicks the processor once after a 202, so the event runs without another request', async () => {
    const [planeCase] = await webhookBehaviourCases();
    const { app, runs, drains, lastDrain } = setup();

    await request(app)
      .post(`/webhooks/${planeCase!.path}`)
      .set(planeCase!.headers)
      .send(text(planeCase!.rawBody));
    // The drain starts from its own timer, after the answer; a slow machine may take a while to get there.
    await vi.waitFor(() => expect(drains()).toBe(1), { timeout: 10_000, interval: 5 });
    await lastDrain();

    expect(drains()).toBe(1);
    expect(runs).toHaveLength(1);
  });

  it('counts accepted and rejected webhooks by source and reason in /metrics', async () => {
    const cases = await webhookBehaviourCases();
    const { app } = setup();
    for (const testCase of cases) {
      await request(app)
        .post(`/webhooks/${testCase.path}`)
        .set(testCase.headers)
        .send(text(testCase.rawBody));
    }

    const response = await request(app).get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('odoo_plane_sync_webhooks_accepted_total{source="plane"} 1');
    expect(response.text).toContain(
      'odoo_plane_sync_webhooks_rejected_total{source="plane",reason="bad-signature"} 2',
    );
    expect(response.text).toContain(
      'odoo_plane_sync_webhooks_rejected_total{source="plane",reason="too-large"} 1',
    );
  });

  it('serves /healthz, /readyz (503 when a check fails) and /status as JSON', async () => {
    const { app } = setup();

    const health = await request(app).get('/healthz');
    const ready = await request(app).get('/readyz');
    const status = await request(app).get('/status');

    expect(health.status).toBe(200);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ok: false, checks: { store: true, odoo: false } });
    expect(status.body).toEqual({ queueDepth: 0 });
  });
});
