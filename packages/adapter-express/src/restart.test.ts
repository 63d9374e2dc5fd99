import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { ok } from 'neverthrow';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInboxProcessor,
  createWebhookIngestor,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
import {
  createMemoryLogger,
  webhookBehaviourCases,
  webhookCaseSecrets,
} from '@odoo-plane-sync/sync-core/testing';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import { createSyncRouter } from './sync-router.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

describe('createSyncRouter over the SQLite inbox', () => {
  it('loses no acknowledged event when the process stops before draining', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sync-restart-'));
    directories.push(directory);
    const filename = join(directory, 'sync.db');
    const clock = { now: () => 1_000, sleep: () => Promise.resolve() };
    const cases = (await webhookBehaviourCases()).filter((item) => item.expected === 'accepted');

    // First process: acknowledges every delivery (no processor), then stops.
    const before = createSqliteStores({ filename, clock });
    const app = express();
    app.use(
      createSyncRouter({
        ingestor: createWebhookIngestor({
          inbox: before.inbox,
          clock,
          secrets: webhookCaseSecrets,
        }),
        readiness: () => Promise.resolve({ ok: true, checks: {} }),
        status: () => Promise.resolve({}),
      }),
    );
    const statuses: number[] = [];
    for (const testCase of cases) {
      const response = await request(app)
        .post(`/webhooks/${testCase.path}`)
        .set(testCase.headers)
        .send(new TextDecoder().decode(testCase.rawBody));
      statuses.push(response.status);
    }
    before.close();

    // Second process: a new processor over the same file runs what the first one acknowledged.
    const after = createSqliteStores({ filename, clock });
    const runs: SyncJob[] = [];
    const processor = createInboxProcessor({
      inbox: after.inbox,
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
    const drained = await processor.drain();
    const pendingAfter = await after.inbox.count('pending');
    after.close();

    expect(statuses).toEqual([202, 202, 202]);
    expect(drained).toEqual({ processed: 3, failed: 0 });
    expect(runs.map((job) => job.kind).sort()).toEqual([
      'github-signal',
      'odoo-record',
      'plane-work-item',
    ]);
    expect(pendingAfter).toBe(0);
  });
});
