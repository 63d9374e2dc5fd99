import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { liveTestConfig } from './agent-test-config.js';
import { createConsoleLogger } from './console-logger.js';
import { startSandboxSystems, type SandboxSystems } from './sandbox-systems.js';
import { startSyncAgent, type SyncAgent } from './sync-agent.js';
import { createTestDatabase, describeWithPostgres } from './test-postgres.js';

const logger = createConsoleLogger('warn', () => undefined);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A worker of the fleet: the example server on the shared database, pointed at the test's simulators. */
async function startWorker(systems: SandboxSystems, databaseUrl: string): Promise<SyncAgent> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-pg-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = liveTestConfig(systems, dataDir, {
    // Pool parameters in the URL, as Supabase writes them: both pools (stores, pg-boss) take them.
    store: {
      kind: 'postgres',
      databaseUrl: `${databaseUrl}?connection_limit=4`,
      schema: 'ppm',
      queueSchema: 'pgboss',
    },
    workerConcurrency: 2,
    pollIntervalSeconds: 60,
    reconcileIntervalMinutes: 60,
  });
  const agent = await startSyncAgent(config, { logger });
  cleanups.push(() => agent.stop());
  return agent;
}

describeWithPostgres('startSyncAgent on Postgres (DATABASE_URL)', () => {
  it('syncs the portfolio into Postgres, and a second worker on the database shares it', async () => {
    const systems = await startSandboxSystems();
    cleanups.push(() => systems.close());
    const database = await createTestDatabase('example_server');
    cleanups.push(() => database.drop());

    const first = await startWorker(systems, database.url);
    const firstBackfill = await first.backfill;
    const second = await startWorker(systems, database.url);
    const secondBackfill = await second.backfill;

    expect(first.storeDescription).toMatch(/^postgres 127\.0\.0\.1:5432\/example_server_/);
    expect(first.databaseFile).toBeNull();
    expect(firstBackfill.status).toBe('completed');
    // The backfill is recorded in the shared store: the second worker finds it done.
    expect(secondBackfill.status).toBe('skipped');
    expect(systems.plane.listWorkItems()).toHaveLength(systems.portfolio.taskCount);
    expect(await second.stores.mappings.list({ model: 'project.task' })).toHaveLength(
      systems.portfolio.taskCount,
    );
  });

  it('runs a scheduled tick once across two workers, and an Odoo change lands through pg-boss', async () => {
    const systems = await startSandboxSystems();
    cleanups.push(() => systems.close());
    const database = await createTestDatabase('example_server');
    cleanups.push(() => database.drop());
    const first = await startWorker(systems, database.url);
    await first.backfill;
    const second = await startWorker(systems, database.url);
    await second.backfill;

    const reconciled = await Promise.all([
      first.runScheduled('reconcile'),
      second.runScheduled('reconcile'),
    ]);
    const polled = await Promise.all([
      second.runScheduled('odoo-poll'),
      first.runScheduled('odoo-poll'),
    ]);
    const task = systems.odoo.searchRead('project.task', [], ['id'])[0]!.id as number;
    systems.odoo.write('project.task', [task], { name: 'Renamed on the fleet' });
    await second.pollNow();
    await first.whenIdle();

    expect(reconciled.filter(Boolean)).toHaveLength(1);
    expect(polled.filter(Boolean)).toHaveLength(1);
    const mapping = await first.stores.mappings.get({ model: 'project.task', odooId: task });
    expect(
      (systems.plane.listWorkItems() as { id: string; name: string }[]).find(
        (item) => item.id === mapping?.planeId,
      )?.name,
    ).toBe('Renamed on the fleet');
  });
});
