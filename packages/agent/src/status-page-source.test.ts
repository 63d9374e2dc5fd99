import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusPageSource } from '@odoo-plane-sync/adapter-express';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type { ReconcileReport } from '@odoo-plane-sync/sync-core';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { createJsonLogger } from './json-logger.js';
import { createStatusPageSource } from './status-page-source.js';
import { createSyncAgent, type SyncAgent } from './sync-agent.js';

const hostileName = '<img src=x onerror=alert(1)> Checkout';
const odoo = createOdooSimulator({ version: 17, db: 'page' });
const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'page' });
const projectId = odoo.create('project.project', { name: 'Website' });
const taskId = odoo.create('project.task', { name: hostileName, project_id: projectId });
odoo.create('project.task', { name: 'Landing page', project_id: projectId });
const closers: (() => Promise<unknown> | void)[] = [];
let agent: SyncAgent;
let reconciliation: ReconcileReport | null;

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
    plane: {
      baseUrl: servedPlane.url,
      apiKey: plane.apiKey,
      workspaceSlug: plane.workspaceSlug,
      rateLimit: { requests: 10_000, windowMs: 60_000 },
    },
    store,
    secrets: { odooToken: 't'.repeat(32) },
    // One run and the event is a dead letter: only a replay runs it again.
    inboxRetry: { maxAttempts: 1 },
    logger: createJsonLogger({ write: () => undefined }),
  });
  closers.unshift(() => agent.stop());
  await agent.backfill();
  reconciliation = await agent.reconcileNow();
});
afterAll(async () => {
  for (const close of closers) await close();
});

describe('createStatusPageSource', () => {
  it('reads mappings per project, the ledger, the reconciliation and the Plane budget left', async () => {
    const source: StatusPageSource = createStatusPageSource(agent);

    const page = await source.read();

    expect(page.projects).toEqual([
      expect.objectContaining({ name: 'Website', odooId: projectId, tasks: 2, pending: 0 }),
    ]);
    expect(page.lastReconciliation).toMatchObject({
      status: 'ok',
      checked: 2,
      drift: reconciliation!.drift.length,
      repaired: reconciliation!.repaired,
    });
    expect(page.ledger.length).toBeGreaterThan(0);
    expect(page.ledger[0]!.at >= page.ledger.at(-1)!.at).toBe(true);
    expect(page.planeBudget).toMatchObject({ limit: 10_000, windowMs: 60_000 });
    expect(page.planeBudget.used).toBeGreaterThan(0);
    expect(page.planeBudget.remaining).toBe(10_000 - page.planeBudget.used);
    expect(page.failedEvents).toEqual([]);
  });

  it('lists a dead-lettered event under its task name, and replays it once Plane is back', async () => {
    const source = createStatusPageSource(agent);
    const workItem = (plane.listWorkItems() as { id: string; name: string }[]).find(
      (item) => item.name === hostileName,
    )!;
    plane.faults.next(
      { method: 'PATCH', path: `/work-items/${workItem.id}/` },
      { status: 400, body: { name: ['Ensure this field has no more than 255 characters.'] } },
      5,
    );
    odoo.write('project.task', [taskId], { name: `${hostileName} v2` });
    await agent.pollNow();

    const failed = await source.read();
    plane.faults.clear();
    const event = failed.failedEvents[0]!;
    const replayed = await source.replay([event.id]);
    const after = await source.read();

    expect(failed.inbox.dead).toBe(1);
    expect(event).toMatchObject({
      status: 'dead',
      source: 'poller',
      entity: { key: `project.task:${taskId}`, name: hostileName },
    });
    expect(failed.failures).toEqual([
      expect.objectContaining({ entity: { key: `project.task:${taskId}`, name: hostileName } }),
    ]);
    expect(replayed).toEqual([event.id]);
    expect(after.inbox.dead).toBe(0);
    expect(after.failedEvents).toEqual([]);
    expect(after.failures).toEqual([]);
    expect(plane.getWorkItem(workItem.id)).toMatchObject({ name: `${hostileName} v2` });
  });
});
