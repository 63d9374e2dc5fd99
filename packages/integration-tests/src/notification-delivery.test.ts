import { afterEach, describe, expect, it } from 'vitest';
import { createSlackNotifier } from '@odoo-plane-sync/sync-core';
import { startSilentEndpoint } from '@odoo-plane-sync/testkit';
import { createHarness, type Harness } from './harness.js';

/** A project with one task whose assignee has no Plane user: the sync notifies about it once. */
function seededHarness(): { harness: Harness; projectId: number } {
  const harness = createHarness({ odooVersion: 17, clockAutoAdvance: false });
  const strangerId = harness.odoo.create('res.users', {
    name: 'Stranger',
    login: 'stranger@example.com',
    email: 'stranger@example.com',
  });
  const projectId = harness.odoo.create('project.project', { name: 'Notified' });
  for (const name of ['First', 'Second'])
    harness.odoo.create('project.task', {
      name,
      project_id: projectId,
      user_ids: [[6, 0, [strangerId]]],
    });
  return { harness, projectId };
}

/** The calls a client made, with generated ids taken out, so two runs on fresh simulators compare. */
function callsOf(counter: Harness['planeCalls']): string[] {
  return counter.calls.map(
    (call) =>
      `${call.method} ${new URL(call.url).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`,
  );
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('notification delivery beside the sync (issue 11.3)', () => {
  it('finishes a sync with the same calls while a Slack endpoint that never answers holds the post', async () => {
    const slack = await startSilentEndpoint();
    cleanups.push(() => slack.close());
    const baseline = seededHarness();
    baseline.harness.listen();
    cleanups.push(() => baseline.harness.close());
    (await baseline.harness.createEngine().syncProjectTree(baseline.projectId))._unsafeUnwrap();
    baseline.harness.close();
    const silent = seededHarness();
    silent.harness.listen(slack.url);
    cleanups.push(() => silent.harness.close());
    const engine = silent.harness.createEngine({
      notifier: createSlackNotifier({
        webhookUrl: `${slack.url}/services/T000/B000/never-answers`,
        fetch: (url, init) => fetch(url, init),
      }),
    });

    // Without delivery beside the sync this await would never settle: nothing answers, and the fake
    // clock never moves on its own, so no timeout could end the post either.
    const report = await engine.syncProjectTree(silent.projectId);
    await slack.requestsReceived(1);
    // Connections that carried a post: Node 24's fetch may also open one it never sends on.
    const posts = () => slack.connections.filter((connection) => connection.received !== '');

    expect(report.isOk()).toBe(true);
    expect(callsOf(silent.harness.planeCalls)).toEqual(callsOf(baseline.harness.planeCalls));
    expect(callsOf(silent.harness.odooCalls)).toEqual(callsOf(baseline.harness.odooCalls));
    expect(
      baseline.harness.notifier.notifications.map((notification) => notification.title),
    ).toEqual(['Odoo user without a Plane user']);
    expect(posts().map((connection) => connection.closed)).toEqual([false]);
    expect(posts()[0]!.received).toContain('Odoo user without a Plane user');
    expect(engine.notifications.pending()).toBe(1);

    // Five seconds later on the engine's clock the post is aborted, and after the backoff it is retried.
    await silent.harness.clock.advance(5_000);
    await slack.closedByClient(1);
    while (silent.harness.clock.pendingSleeps() === 0) await new Promise(setImmediate);
    await silent.harness.clock.advance(1_000);
    await slack.requestsReceived(2);

    expect(posts().map((connection) => connection.closed)).toEqual([true, false]);
    expect(engine.notifications.pending()).toBe(1);
  }, 60_000);
});
