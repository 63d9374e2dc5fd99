import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from './harness.js';

describe('the engine’s redaction boundary (issue 11.5)', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());
  // Secrets the Plane client does not know: only the engine's boundary can take them out.
  const webhookSecret = 'plane_wh_3f9c0d1e2b4a5968';
  const slackUrl = 'https://hooks.slack.com/services/T0001/B0001/slacksecretpath';
  const secrets = [harness.plane.apiKey, harness.odoo.apiKey, webhookSecret, slackUrl];
  const projectId = harness.odoo.create('project.project', { name: 'Leaky' });
  const opsProjectId = harness.odoo.create('project.project', { name: 'Ops' });

  it('keeps every configured secret out of the ledger, failures, logs, notifications, state and errors', async () => {
    const setup = harness.createEngine();
    (await setup.syncProject(projectId))._unsafeUnwrap();
    (await setup.syncProject(opsProjectId))._unsafeUnwrap();
    const ops = (await harness.store.get({ model: 'project.project', odooId: opsProjectId }))!;
    const logger = createMemoryLogger();
    const engine = harness.createEngine({
      logger,
      secrets,
      config: { ops: { planeProjectId: ops.planeId! }, retry: { attempts: 1 } },
    });
    const taskId = harness.odoo.create('project.task', { name: 'Echoed', project_id: projectId });
    // A 400 that echoes the request's X-Api-Key, and a detail naming secrets it should never know.
    harness.plane.faults.next(
      { method: 'POST', path: /\/work-items\/$/ },
      {
        status: 400,
        body: { detail: `rejected: ${webhookSecret} ${slackUrl} ${harness.odoo.apiKey}` },
        echoRequestHeaders: ['x-api-key'],
      },
      4,
    );

    const results = [];
    for (let attempt = 0; attempt < 3; attempt += 1)
      results.push(
        await engine.run({ kind: 'odoo-record', model: 'project.task', odooId: taskId }),
      );
    await engine.reconcile();
    await engine.notifications.settled();

    const failed = await harness.ledger.list({ outcome: 'failed' });
    const everything = JSON.stringify({
      ledger: await harness.ledger.list(),
      failures: await harness.failures.listOpen(),
      state: await harness.syncState.get('reconciliation:last'),
      notifications: harness.notifier.notifications,
      logs: logger.records,
      errors: results.map((result) => (result.isErr() ? result.error : null)),
      opsWorkItems: harness.plane.listWorkItems(ops.planeId!),
    });
    expect(results.every((result) => result.isErr())).toBe(true);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // The echo did reach the engine: it was stored, with the secrets taken out.
    expect(JSON.stringify(failed)).toContain('rejected: <redacted> <redacted> <redacted>');
    expect(harness.notifier.notifications.map((notification) => notification.severity)).toContain(
      'alert',
    );
  });
});
