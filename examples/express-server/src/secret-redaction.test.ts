import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '@odoo-plane-sync/store-sqlite';
import { startSilentEndpoint, type SilentEndpoint } from '@odoo-plane-sync/testkit';
import { liveTestConfig } from './agent-test-config.js';
import { createConsoleLogger } from './console-logger.js';
import { startSandboxSystems, type SandboxSystems } from './sandbox-systems.js';
import { formatStartupSummary } from './startup-summary.js';
import { startSyncAgent, type BackfillReport, type SyncAgent } from './sync-agent.js';

/**
 * Issue 11.5 end to end: a Plane that refuses every work-item create with a 400 echoing the request's
 * `X-Api-Key` (and, in its detail, every other configured secret), a Slack endpoint that never answers,
 * and an Odoo webhook carrying its token. Afterwards no secret may be found anywhere the agent writes.
 */
describe('startSyncAgent secrets (issue 11.5) and start-up summary (issue 10.8)', () => {
  const logLines: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-secrets-'));
  let systems: SandboxSystems;
  let slack: SilentEndpoint;
  let agent: SyncAgent;
  let backfill: BackfillReport;
  let secrets: readonly string[];

  beforeAll(async () => {
    systems = await startSandboxSystems();
    slack = await startSilentEndpoint();
    const config = liveTestConfig(systems, dataDir, {
      githubWebhookSecret: 'github-webhook-secret-0123456789',
      slackWebhookUrl: `${slack.url}/services/T0001/B0001/slack-secret-path`,
      logLevel: 'debug',
    });
    if (config.mode !== 'live') throw new Error('a live configuration was expected');
    const { live } = config;
    secrets = [
      live.odoo.apiKey,
      live.plane.apiKey,
      live.webhookToken,
      live.planeWebhookSecret,
      config.githubWebhookSecret!,
      config.slackWebhookUrl!,
    ];
    systems.plane.faults.next(
      { method: 'POST', path: /\/work-items\/$/ },
      {
        status: 400,
        body: { detail: `request refused; configuration: ${secrets.join(' ')}` },
        echoRequestHeaders: ['x-api-key'],
      },
      10_000,
    );
    agent = await startSyncAgent(config, {
      logger: createConsoleLogger('debug', (_level, line) => logLines.push(line)),
    });
    backfill = await agent.backfill;
    // Two more failures of one project tree: the third in a row alerts (Slack, which never answers).
    const project = systems.portfolio.projects[0]!;
    for (let run = 0; run < 2; run += 1)
      await agent.engine.run({ kind: 'project-tree', odooProjectId: project.odooId });
    const [taskId] = systems.odoo
      .searchRead('project.task', [['project_id', '=', project.odooId]], ['id'])
      .map((row) => row.id as number);
    await fetch(`${agent.url}/webhooks/odoo/${live.webhookToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _model: 'project.task', _id: taskId, _action: 'write', id: taskId }),
    });
    await agent.drain();
    await agent.whenIdle();
    await slack.requestsReceived(1);
  }, 120_000);

  afterAll(async () => {
    await agent.stop();
    await slack.close();
    await systems.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('writes no configured secret to the logs, any table, /status or /metrics', async () => {
    const status = await (await fetch(`${agent.url}/status`)).text();
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    // This agent runs on SQLite (no DATABASE_URL): read every table of its file.
    if (agent.databaseFile === null) throw new Error('expected the SQLite store');
    const db = openSqliteDatabase({ filename: agent.databaseFile });
    const tables = Object.fromEntries(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map(({ name }) => [name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]),
    );
    db.close();
    const places = { logs: logLines.join('\n'), status, metrics, ...tables };

    const hits = secrets.flatMap((secret) =>
      Object.entries(places)
        .filter(([, text]) => text.includes(secret))
        .map(([place]) => `${place} holds ${secret}`),
    );

    expect(hits).toEqual([]);
    // The failures did happen and were stored, with the secrets taken out.
    expect(backfill.status).toBe('failed');
    expect(tables['ledger_entries']).toContain('request refused; configuration: <redacted>');
    expect(status).toContain('"alerted":true');
    // Slack got the alert's post and never answered it; the agent went on regardless.
    expect(
      slack.connections.some((connection) => connection.received.includes('Sync failing')),
    ).toBe(true);
  });

  it('counts only active mappings as mapped and says how many are pending', () => {
    const summary = formatStartupSummary(agent, backfill);

    const projects = systems.portfolio.projects.length;
    expect(backfill.mapped['project.task']).toBe(0);
    expect(backfill.pending['project.task']).toBe(projects);
    expect(summary).toContain(
      `${projects} projects, ${systems.portfolio.milestoneCount} cycles, 0 work items mapped`,
    );
    expect(summary).toContain(`${projects} pending (0 projects, 0 cycles, ${projects} work items)`);
    for (const secret of secrets) expect(summary).not.toContain(secret);
  });
});
