import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { createJsonLogger } from './json-logger.js';
import { createSyncAgent, type SyncAgent } from './sync-agent.js';

const odoo = createOdooSimulator({ version: 17, db: 'failed-first' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'failed-first' });
const project = odoo.create('project.project', { name: 'Delta' });
const closers: (() => Promise<unknown> | void)[] = [];
let agent: SyncAgent;

beforeAll(async () => {
  const [servedOdoo, servedPlane] = await Promise.all([odoo.serve(), plane.serve()]);
  const store = createSqliteStores({ filename: ':memory:' });
  agent = createSyncAgent({
    odoo: { baseUrl: servedOdoo.url, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey },
    plane: { baseUrl: servedPlane.url, apiKey: plane.apiKey, workspaceSlug: plane.workspaceSlug },
    store,
    secrets: { odooToken: 'f'.repeat(32) },
    logger: createJsonLogger({ write: () => undefined }),
  });
  closers.push(
    () => agent.stop(),
    () => servedOdoo.close(),
    () => servedPlane.close(),
    () => store.close(),
  );
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close();
}, 60_000);

describe('createSyncAgent status after a failed first backfill', () => {
  it('shows the failed backfill with each project and its reason, then the completed one', async () => {
    plane.faults.next(
      { method: 'POST', path: /\/projects\/$/ },
      { status: 400, body: { name: ['Refused for this test.'] } },
      10,
    );

    const failed = await agent.backfill();
    const whileFailed = await agent.status();

    expect(failed.status).toBe('failed');
    const shown = whileFailed.backfill as {
      readonly status: string;
      readonly failedProjects: readonly {
        readonly odooProjectId: number;
        readonly error: string;
      }[];
    };
    expect(shown.status).toBe('failed');
    expect(shown.failedProjects.map((failure) => failure.odooProjectId)).toEqual([project]);
    expect(shown.failedProjects[0]?.error).toContain('Refused for this test.');

    plane.faults.clear();
    expect((await agent.backfill()).status).toBe('completed');
    const completed = (await agent.status()).backfill as { readonly completedAt?: unknown };
    expect(typeof completed.completedAt).toBe('string');
  }, 120_000);
});
