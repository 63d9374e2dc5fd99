import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { startAgentOnSimulators } from './agent-on-simulators.test-support.js';
import type { SyncAgent } from './sync-agent.js';

const odoo = createOdooSimulator({ version: 17, db: 'resume' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'resume' });
const [first, second, third] = ['Alpha', 'Beta', 'Gamma'].map((name) =>
  odoo.create('project.project', { name }),
) as [number, number, number];
let agent: SyncAgent;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ agent, close } = await startAgentOnSimulators(odoo, plane));
});
afterAll(() => close());

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
