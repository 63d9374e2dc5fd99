import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxProcessor, createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox, createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from './harness.js';

const odooToken = 'odoo-hook-token-0123456789';
const hooks = 'http://hooks.test/webhooks';

// Odoo 17.0 and 18.0 post automation webhooks inside the writing transaction: the sync's read right after
// the POST returned [] (sync-traffic/odoo-17.jsonl, odoo-18.jsonl line 65) and the event failed for good.
describe.each([17, 18] as const)(
  'a record announced by an Odoo %i webhook before its commit',
  (odooVersion) => {
    const harness = createHarness({ odooVersion, odooWebhookTiming: 'before-commit' });
    const inbox = createInMemoryInbox();
    const ingestor = createWebhookIngestor({
      inbox,
      clock: harness.clock,
      secrets: { odooToken },
    });
    // The receiver only stores and answers 202, as the adapters do; the test drains the inbox itself.
    const server = setupServer(
      ...harness.plane.handlers,
      ...harness.odoo.handlers,
      http.post(`${hooks}/odoo/:token`, async ({ request, params }) => {
        const result = await ingestor.ingest({
          source: 'odoo',
          token: String(params.token),
          rawBody: new Uint8Array(await request.arrayBuffer()),
          headers: Object.fromEntries(request.headers),
        });
        return new HttpResponse(null, { status: result.isOk() ? 202 : 400 });
      }),
    );
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    const engine = harness.createEngine();
    const processor = createInboxProcessor({
      inbox,
      engine,
      clock: harness.clock,
      logger: createMemoryLogger(),
    });
    const projectId = harness.odoo.create('project.project', { name: 'Committed later' });
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create',
      fields: ['name'],
      url: `${hooks}/odoo/${odooToken}`,
    });

    it('is re-read after a short wait instead of failing as not found', async () => {
      const startedAt = harness.clock.now();
      const taskId = harness.odoo.create('project.task', { name: 'Fresh', project_id: projectId });
      await harness.odoo.settleWebhooks();

      const drained = await processor.drain();

      expect(drained).toEqual({ processed: 1, failed: 0 });
      expect((await harness.store.get({ model: 'project.task', odooId: taskId }))?.status).toBe(
        'active',
      );
      expect(await harness.failures.listOpen()).toEqual([]);
      const entries = (await harness.ledger.list()).filter(
        (entry) => entry.entity.odooId === taskId,
      );
      expect(entries.filter((entry) => entry.outcome === 'failed')).toEqual([]);
      expect(entries.find((entry) => entry.outcome === 'deferred')?.decision).toContain(
        're-read after a wait',
      );
      // One re-read after the first growing delay: seconds, not minutes.
      expect(harness.clock.now() - startedAt).toBe(1_000);
    });

    it('still fails, once, when the record never appears', async () => {
      const startedAt = harness.clock.now();

      const result = await engine.run({
        kind: 'odoo-record',
        model: 'project.task',
        odooId: 9_999,
        origin: 'odoo-webhook',
      });

      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'not-found', odooId: 9_999 });
      expect(harness.clock.now() - startedAt).toBe(1_000 + 2_000 + 4_000 + 8_000);
      const outcomes = (await harness.ledger.list())
        .filter((entry) => entry.entity.odooId === 9_999)
        .map((entry) => entry.outcome);
      expect(outcomes).toEqual(['deferred', 'deferred', 'deferred', 'deferred', 'failed']);
      expect(await harness.failures.listOpen()).toEqual([
        expect.objectContaining({ entityKey: 'project.task:9999', consecutive: 1 }),
      ]);
    });
  },
);
