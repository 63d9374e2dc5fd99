import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  liveTestConfig as liveConfig,
  testCommonSettings as commonSettings,
} from './agent-test-config.js';
import type { SyncEnvironment } from '@odoo-plane-sync/agent';
import { createConsoleLogger } from './console-logger.js';
import { startSandboxSystems } from './sandbox-systems.js';
import { startSyncAgent, type SyncAgent } from './sync-agent.js';

const logLines: string[] = [];
const logger = createConsoleLogger('warn', (_level, line) => logLines.push(line));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(config: SyncEnvironment): Promise<SyncAgent> {
  const agent = await startSyncAgent(config, { logger });
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await agent.stop();
  });
  const stop = agent.stop;
  return {
    ...agent,
    stop: async () => {
      stopped = true;
      await stop();
    },
  };
}

describe('startSyncAgent (sandbox)', () => {
  it('serves health and status once the seeded portfolio is synced', async () => {
    const agent = await start({ mode: 'sandbox', ...commonSettings(temporaryDir()) });

    const backfill = await agent.backfill;
    const health = await fetch(`${agent.url}/healthz`);
    const status = (await (await fetch(`${agent.url}/status`)).json()) as {
      mappings: { projects: number; milestones: number; tasks: number };
      inbox: { pending: number; failed: number };
      failures: unknown[];
      shipSignal: { shipped: { kind: string }; summary: string } | null;
      unmappedStateGroups: unknown[];
    };

    const portfolio = agent.sandbox!.portfolio;
    // The sandbox is a stock Odoo 17: no ship field, so ship events are off, and /status says so.
    expect(status.shipSignal?.shipped.kind).toBe('off');
    expect(status.unmappedStateGroups).toEqual([]);
    expect(backfill.status).toBe('completed');
    expect(health.status).toBe(200);
    expect(status.mappings).toEqual({
      projects: portfolio.projects.length,
      milestones: portfolio.milestoneCount,
      tasks: portfolio.taskCount,
    });
    expect(status.failures).toEqual([]);
    expect(agent.sandbox!.plane.listWorkItems().length).toBe(portfolio.taskCount);
    // Every seeded task has a milestone, so every work item sits in a cycle (none has ended yet).
    const cycled = (agent.sandbox!.plane.listProjects() as { id: string }[])
      .flatMap(
        (project) => agent.sandbox!.plane.listCycles(project.id) as { total_issues: number }[],
      )
      .reduce((sum, cycle) => sum + cycle.total_issues, 0);
    expect(cycled).toBe(portfolio.taskCount);
  });

  it('answers /readyz with both systems reachable and /metrics in Prometheus text', async () => {
    const agent = await start({ mode: 'sandbox', ...commonSettings(temporaryDir()) });
    await agent.backfill;

    const ready = await fetch(`${agent.url}/readyz`);
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();

    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ok: true,
      checks: { store: true, odoo: true, plane: true },
    });
    expect(metrics).toContain('odoo_plane_sync_queue_depth 0');
    expect(metrics).toContain('odoo_plane_sync_inbox_events{status="pending"} 0');
  });

  it('lists a dead-lettered event in /status until a replay lands it; failures go back down', async () => {
    // One run before the dead letter: no automatic retry can land the change before the replay does.
    const agent = await start({
      mode: 'sandbox',
      ...commonSettings(temporaryDir()),
      inboxMaxAttempts: 1,
    });
    await agent.backfill;
    await agent.whenIdle();
    const sandbox = agent.sandbox!;
    const [mapping] = await agent.stores.mappings.list({ model: 'project.task' });
    const taskId = mapping!.key.odooId;
    type Status = {
      inbox: {
        failed: number;
        dead: number;
        failedEvents: { entityKey: string; status: string; retryAt: string | null }[];
      };
      failures: unknown[];
    };
    const status = async (): Promise<Status> =>
      (await (await fetch(`${agent.url}/status`)).json()) as Status;

    sandbox.plane.faults.next(
      { method: 'PATCH', path: `/work-items/${mapping!.planeId}/` },
      { status: 503 },
      1_000,
    );
    sandbox.odoo.write('project.task', [taskId], { name: 'Renamed while Plane was down' });
    await sandbox.odoo.settleWebhooks();
    await agent.whenIdle();
    const during = await status();
    sandbox.plane.faults.clear();
    const replayed = await agent.replayFailed();
    await agent.whenIdle();
    const after = await status();

    expect(during.inbox.failedEvents).toContainEqual(
      expect.objectContaining({
        entityKey: `project.task:${taskId}`,
        status: 'dead',
        retryAt: null,
      }),
    );
    expect(during.inbox.dead).toBeGreaterThanOrEqual(1);
    expect(during.failures.length).toBeGreaterThanOrEqual(1);
    expect(replayed.length).toBeGreaterThanOrEqual(1);
    expect((sandbox.plane.getWorkItem(mapping!.planeId!) as { name: string }).name).toBe(
      'Renamed while Plane was down',
    );
    expect(after.inbox).toMatchObject({ failed: 0, dead: 0, failedEvents: [] });
    expect(after.failures).toEqual([]);
  }, 60_000);

  it('refuses a webhook with a wrong Odoo token and stores nothing', async () => {
    const agent = await start({ mode: 'sandbox', ...commonSettings(temporaryDir()) });
    await agent.backfill;
    // The backfill's own writes are still echoed back by the simulators' webhooks: let them land first.
    await Promise.all([
      agent.sandbox!.odoo.settleWebhooks(),
      agent.sandbox!.plane.settleWebhooks(),
    ]);
    await agent.whenIdle();
    const before = await agent.stores.inbox.count('done');

    const response = await fetch(`${agent.url}/webhooks/odoo/not-the-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _model: 'project.task', _id: 1, _action: 'x' }),
    });

    expect(response.status).toBe(401);
    expect(await agent.stores.inbox.count('pending')).toBe(0);
    expect(await agent.stores.inbox.count('done')).toBe(before);
  });

  it('answers unknown routes and unreadable requests as JSON, never as an HTML page', async () => {
    const agent = await start({ mode: 'sandbox', ...commonSettings(temporaryDir()) });
    await agent.backfill;

    const answers = await Promise.all(
      [
        fetch(`${agent.url}/no/such/route`),
        fetch(`${agent.url}/webhooks/odoo/%E0%A4%A`, { method: 'POST', body: '{}' }),
        fetch(`${agent.url}/webhooks/plane`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'br2' },
          body: '{}',
        }),
      ].map(async (pending) => {
        const response = await pending;
        return { status: response.status, body: (await response.json()) as unknown };
      }),
    );

    expect(answers).toEqual([
      { status: 404, body: { error: 'not-found', message: 'No such route.' } },
      { status: 400, body: { error: 'malformed', message: expect.any(String) as unknown } },
      {
        status: 415,
        body: { error: 'unsupported-encoding', message: expect.any(String) as unknown },
      },
    ]);
  });
});

describe('startSyncAgent (live mode)', () => {
  it('keeps its data across a restart: no second backfill, and events left in the inbox are run', async () => {
    const systems = await startSandboxSystems();
    cleanups.push(() => systems.close());
    const dataDir = temporaryDir();
    const first = await start(liveConfig(systems, dataDir));
    expect((await first.backfill).status).toBe('completed');
    const website = systems.portfolio.projects[0]!;
    const [taskId] = systems.odoo
      .searchRead('project.task', [['project_id', '=', website.odooId]], ['id'])
      .map((row) => row.id as number);
    // Accepted but not yet run when the process goes away.
    systems.odoo.write('project.task', [taskId!], { name: 'Renamed before the restart' });
    await first.stores.inbox.add({
      source: 'odoo',
      dedupeKey: 'restart-test',
      entityKey: `project.task:${taskId}`,
      payload: {
        source: 'odoo',
        jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: taskId! }],
      },
      receivedAt: Date.now(),
    });
    await first.stop();

    const second = await start(liveConfig(systems, dataDir));
    const backfill = await second.backfill;
    await second.whenIdle();

    expect(backfill.status).toBe('skipped');
    expect(backfill.mapped['project.task']).toBe(systems.portfolio.taskCount);
    const mapping = await second.stores.mappings.get({ model: 'project.task', odooId: taskId! });
    expect((systems.plane.getWorkItem(mapping!.planeId!) as { name: string }).name).toBe(
      'Renamed before the restart',
    );
    expect(await second.stores.inbox.count('pending')).toBe(0);
    expect(systems.plane.listWorkItems().length).toBe(systems.portfolio.taskCount);
  });

  it('picks up Odoo changes by polling from the stored cursor', async () => {
    const systems = await startSandboxSystems();
    cleanups.push(() => systems.close());
    const agent = await start(liveConfig(systems, temporaryDir()));
    await agent.backfill;
    const website = systems.portfolio.projects[0]!;

    const taskId = systems.odoo.create('project.task', {
      name: 'Found by the poller',
      project_id: website.odooId,
    });
    const report = await agent.pollNow();
    await agent.whenIdle();

    expect(report.changed['project.task']).toBeGreaterThanOrEqual(1);
    const mapping = await agent.stores.mappings.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
    expect((await agent.pollNow()).changed['project.task']).toBe(0);
  });
});
