import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { createJsonLogger } from './json-logger.js';
import { createSyncAgent, type SyncAgent } from './sync-agent.js';

const odoo = createOdooSimulator({ version: 17, db: 'resume' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'resume' });
const [first, second, third] = ['Alpha', 'Beta', 'Gamma'].map((name) =>
  odoo.create('project.project', { name }),
) as [number, number, number];
const closers: (() => Promise<unknown> | void)[] = [];
let agent: SyncAgent;

beforeAll(async () => {
  const [servedOdoo, servedPlane] = await Promise.all([odoo.serve(), plane.serve()]);
  const store = createSqliteStores({ filename: ':memory:' });
  closers.push(
    () => servedOdoo.close(),
    () => servedPlane.close(),
    () => store.close(),
  );
  agent = createSyncAgent({
    odoo: { baseUrl: servedOdoo.url, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey },
    plane: { baseUrl: servedPlane.url, apiKey: plane.apiKey, workspaceSlug: plane.workspaceSlug },
    store,
    secrets: { odooToken: 't'.repeat(32) },
    logger: createJsonLogger({ write: () => undefined }),
  });
  closers.unshift(() => agent.stop());
});
afterAll(async () => {
  for (const close of closers) await close();
});

describe('createSyncAgent', () => {
  it('resumes a backfill cut short with the projects it had not tried and those that failed', async () => {
    // An earlier run tried every project up to the second one, and the first one failed.
    await agent.stores.syncState.put('backfill:progress', {
      throughOdooProjectId: second,
      failedOdooProjectIds: [first],
    });

    const report = await agent.backfill();
    const mapped = async (odooId: number) =>
      (await agent.stores.mappings.get({ model: 'project.project', odooId }))?.status;

    expect(report).toMatchObject({ status: 'completed', projects: 2, failedProjects: [] });
    expect(await mapped(first)).toBe('active');
    expect(await mapped(second)).toBeUndefined();
    expect(await mapped(third)).toBe('active');
    expect((await agent.backfill()).status).toBe('skipped');
  });
});
