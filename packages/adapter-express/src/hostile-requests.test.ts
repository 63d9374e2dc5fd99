import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox, webhookCaseSecrets } from '@odoo-plane-sync/sync-core/testing';
import { createSyncRouter, type SyncRouterOptions } from './index.js';

const maxBodyBytes = 1024;

function hostileApp(overrides: Partial<SyncRouterOptions> = {}) {
  const metrics = new Registry();
  const app = express();
  app.use(
    createSyncRouter({
      ingestor: createWebhookIngestor({
        inbox: createInMemoryInbox(),
        clock: { now: () => 0, sleep: () => Promise.resolve() },
        secrets: webhookCaseSecrets,
        maxBodyBytes,
      }),
      metrics,
      maxBodyBytes,
      readiness: () => Promise.resolve({ ok: true, checks: {} }),
      status: () => Promise.resolve({}),
      ...overrides,
    }),
  );
  return { app, metrics };
}

/** Prometheus series: every sample line of the exposition text. */
function seriesOf(exposition: string): string[] {
  return exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/** What an error answer must not reveal: a stack frame, a file path, an HTML page. */
function expectBareJsonError(response: request.Response, error: string): void {
  expect(response.headers['content-type']).toContain('application/json');
  expect(response.body).toEqual({ error, message: expect.any(String) as unknown });
  expect(response.text).not.toMatch(/<html|<pre|\bat .+:\d+:\d+|node_modules|\/src\//i);
}

describe('createSyncRouter against hostile requests', () => {
  it('answers an unknown Content-Encoding with a JSON 415', async () => {
    const { app } = hostileApp();

    const response = await request(app)
      .post('/webhooks/plane')
      .set('Content-Encoding', 'br2')
      .set('Content-Type', 'application/json')
      .send('{}');

    expect(response.status).toBe(415);
    expectBareJsonError(response, 'unsupported-encoding');
  });

  it('answers a gzip body that does not decompress with a JSON 400', async () => {
    const { app } = hostileApp();
    const truncated = gzipSync(Buffer.from('{"event":"issue"}')).subarray(0, 12);

    const response = await request(app)
      .post('/webhooks/plane')
      .set('Content-Encoding', 'gzip')
      .set('Content-Type', 'application/octet-stream')
      .send(truncated);

    expect(response.status).toBe(400);
    expectBareJsonError(response, 'malformed');
  });

  it.each(['/webhooks/odoo/%E0%A4%A', '/webhooks/%E0%A4%A', '/webhooks/odoo/%zz'])(
    'answers %s, a path that does not percent-decode, with a JSON 400 that does not quote it',
    async (path) => {
      const { app } = hostileApp();

      const response = await request(app).post(path).send('{}');

      expect(response.status).toBe(400);
      expectBareJsonError(response, 'malformed');
      expect(response.text).not.toContain('%');
    },
  );

  it('answers a throwing status callback with a JSON 500 that says nothing of the cause', async () => {
    const { app } = hostileApp({
      status: () => Promise.reject(new Error('secret connection string /var/lib/sync.db')),
    });

    const response = await request(app).get('/status');

    expect(response.status).toBe(500);
    expectBareJsonError(response, 'internal');
    expect(response.text).not.toContain('secret');
  });

  it('answers an oversize POST to a 6,000-character path with a 413 and no new label', async () => {
    const { app, metrics } = hostileApp();

    const response = await request(app)
      .post(`/webhooks/${'a'.repeat(6_000)}`)
      .send('x'.repeat(maxBodyBytes + 1));

    expect(response.status).toBe(413);
    expectBareJsonError(response, 'too-large');
    expect(await metrics.metrics()).toContain(
      'odoo_plane_sync_webhooks_rejected_total{source="unknown",reason="too-large"} 1',
    );
    expect((await metrics.metrics()).length).toBeLessThan(2_000);
  });

  describe('over a real listen', () => {
    const { app } = hostileApp();
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const post = (path: string, body: string, encoding?: string) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
        },
        body,
      });
    const seriesCount = async () => seriesOf(await (await fetch(`${base}/metrics`)).text()).length;

    // Every source label × every way a request without a valid signature can be refused.
    const sourcePaths = [
      '/webhooks/odoo/some-token',
      '/webhooks/plane',
      '/webhooks/github',
      '/webhooks/x',
    ];
    const bodies = [
      { body: '{}' },
      { body: 'x'.repeat(maxBodyBytes + 1) },
      { body: 'not gzip at all', encoding: 'gzip' },
      { body: '{}', encoding: 'br2' },
    ];

    it('keeps the number of /metrics series unchanged over 2,000 random webhook paths', async () => {
      for (const path of sourcePaths) {
        for (const { body, encoding } of bodies) await (await post(path, body, encoding)).text();
      }
      const before = await seriesCount();
      const segment = fc
        .string({ minLength: 1, maxLength: 80 })
        .filter((text) => text !== '.' && text !== '..')
        .map(encodeURIComponent);
      const hostileRequest = fc.record({
        path: fc.oneof(
          segment.map((text) => `/webhooks/${text}`),
          segment.map((text) => `/webhooks/odoo/${text}`),
          fc.constantFrom('odoo', 'plane', 'github', 'odoo/x').map((text) => `/webhooks/${text}`),
          fc.constantFrom('%E0%A4%A', '%', '%zz%').map((text) => `/webhooks/odoo/${text}`),
          fc.integer({ min: 100, max: 6_000 }).map((length) => `/webhooks/${'p'.repeat(length)}`),
        ),
        variant: fc.constantFrom(...bodies),
      });

      await fc.assert(
        fc.asyncProperty(hostileRequest, async ({ path, variant }) => {
          const response = await post(path, variant.body, variant.encoding);
          const answer = (await response.json()) as Record<string, unknown>;
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(Object.keys(answer).sort()).toEqual(['error', 'message']);
        }),
        { numRuns: 2_000 },
      );

      expect(await seriesCount()).toBe(before);
    }, 180_000);
  });
});
