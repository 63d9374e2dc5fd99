import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createInboxProcessor,
  createSyncEngine,
  createWebhookIngestor,
  type SyncEngine,
} from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  signGitHubBody,
} from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from './harness.js';

const secrets = {
  odooToken: 'odoo-hook-token-0123456789',
  planeWebhookSecret: 'plane_wh_integration',
  githubWebhookSecret: 'github-integration',
};
const hooks = 'http://hooks.test/webhooks';

describe('webhook ingestion end to end', () => {
  const harness = createHarness({ odooVersion: 17 });
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({ inbox, clock: harness.clock, secrets });
  const duplicates: boolean[] = [];
  const receive = async (source: string, request: Request, token?: string) => {
    const result = await ingestor.ingest({
      source,
      rawBody: new Uint8Array(await request.arrayBuffer()),
      headers: Object.fromEntries(request.headers),
      ...(token === undefined ? {} : { token }),
    });
    if (result.isOk()) duplicates.push(result.value.duplicate);
    return new HttpResponse(null, { status: result.isOk() ? 202 : 400 });
  };
  const server = setupServer(
    ...harness.plane.handlers,
    ...harness.odoo.handlers,
    http.post(`${hooks}/odoo/:token`, ({ request, params }) =>
      receive('odoo', request, String(params.token)),
    ),
    http.post(`${hooks}/plane`, ({ request }) => receive('plane', request)),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  const { planeClient, odooClient } = harness.clients();
  const engine: SyncEngine = createSyncEngine({
    store: harness.store,
    ledger: harness.ledger,
    notifier: harness.notifier,
    failures: harness.failures,
    syncState: harness.syncState,
    clock: harness.clock,
    logger: createMemoryLogger(),
    plane: planeClient,
    odoo: odooClient,
    config: {
      plane: { workspaceSlug: harness.plane.workspaceSlug },
      odoo: { sourceId: harness.odoo.db },
    },
    github: { links: planeClient, stateMoves: { merged: 'Done' } },
  })._unsafeUnwrap();
  const processor = createInboxProcessor({
    inbox,
    engine,
    clock: harness.clock,
    logger: createMemoryLogger(),
  });

  const projectId = harness.odoo.create('project.project', { name: 'Webhooks' });
  const human = harness.plane.addUser({ email: 'dev@example.com', displayName: 'dev' });
  let taskId = 0;
  let planeProjectId = '';
  let workItemId = '';

  const runsSince = async (before: number): Promise<number> => {
    const entries = (await harness.ledger.list()).slice(before);
    return new Set(entries.map((entry) => entry.correlationId)).size;
  };

  it('turns Odoo 17 repeated POSTs of one create into one inbox event and one engine run', async () => {
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name', 'stage_id'],
      url: `${hooks}/odoo/${secrets.odooToken}`,
    });
    taskId = harness.odoo.create('project.task', { name: 'Checkout page', project_id: projectId });
    await harness.odoo.settleWebhooks();
    const ledgerBefore = (await harness.ledger.list()).length;

    const drained = await processor.drain();

    expect(harness.odoo.webhookDeliveries.map((delivery) => delivery.status)).toEqual(
      Array.from({ length: 7 }, () => 202),
    );
    expect(duplicates).toEqual([false, true, true, true, true, true, true]);
    expect(drained).toEqual({ processed: 1, failed: 0 });
    expect(await runsSince(ledgerBefore)).toBe(1);
    const mapping = await harness.store.get({ model: 'project.task', odooId: taskId });
    expect(mapping?.status).toBe('active');
    planeProjectId = mapping!.planeProjectId!;
    workItemId = mapping!.planeId!;
  });

  it('turns a burst of per-field Plane deliveries into one engine run with one re-read', async () => {
    harness.plane.addProjectMember(planeProjectId, human.id);
    harness.plane.addWebhook({ url: `${hooks}/plane`, secret: secrets.planeWebhookSecret });
    const person = createPlaneClient({
      baseUrl: harness.plane.baseUrl,
      apiKey: human.apiKey,
      workspaceSlug: harness.plane.workspaceSlug,
      rateLimit: false,
    });
    (
      await person.updateWorkItem(planeProjectId, workItemId, {
        name: 'Checkout page v2',
        priority: 'high',
        startDate: '2026-02-01',
      })
    )._unsafeUnwrap();
    await harness.plane.settleWebhooks();
    const ledgerBefore = (await harness.ledger.list()).length;
    harness.planeCalls.reset();

    const drained = await processor.drain();

    const planeDeliveries = harness.plane.webhookDeliveries.filter(
      (delivery) => delivery.url === `${hooks}/plane`,
    );
    expect(planeDeliveries.length).toBeGreaterThanOrEqual(3);
    expect(drained).toEqual({ processed: planeDeliveries.length, failed: 0 });
    expect(await runsSince(ledgerBefore)).toBe(1);
    const reReads = harness.planeCalls.calls.filter(
      (call) => call.method === 'GET' && call.url.endsWith(`/work-items/${workItemId}/`),
    );
    expect(reReads).toHaveLength(1);
  });

  it('links a merged pull request, comments once per state and moves the item to Done', async () => {
    const item = harness.plane.getWorkItem(workItemId) as { sequence_id: number };
    const project = harness.plane.getProject(planeProjectId) as { identifier: string };
    const key = `${project.identifier}-${item.sequence_id}`;
    const delivery = async (action: string, merged: boolean) => {
      const body = JSON.stringify({
        action,
        number: 42,
        repository: { full_name: 'acme/shop' },
        pull_request: {
          number: 42,
          title: `${key}: faster checkout`,
          body: null,
          html_url: 'https://github.com/acme/shop/pull/42',
          state: merged ? 'closed' : 'open',
          merged,
          draft: false,
          head: { ref: 'faster-checkout' },
        },
      });
      return ingestor.ingest({
        source: 'github',
        rawBody: new TextEncoder().encode(body),
        headers: {
          'X-GitHub-Event': 'pull_request',
          'X-Hub-Signature-256': await signGitHubBody(secrets.githubWebhookSecret, body),
        },
      });
    };

    // Echoes of the earlier runs' own writes are drained first, so the next drain holds only GitHub.
    await harness.plane.settleWebhooks();
    await harness.odoo.settleWebhooks();
    await processor.drain();

    expect((await delivery('opened', false))._unsafeUnwrap().jobs).toBe(1);
    const opened = await processor.drain();
    expect((await delivery('closed', true))._unsafeUnwrap().jobs).toBe(1);
    const merged = await processor.drain();
    // A replay of the merged signal (GitHub redelivery with a changed body) writes nothing new.
    const replay = await engine.run({
      kind: 'github-signal',
      workItemKey: key,
      signal: {
        type: 'pull-request',
        repository: 'acme/shop',
        number: 42,
        title: `${key}: faster checkout`,
        url: 'https://github.com/acme/shop/pull/42',
        state: 'merged',
      },
    });

    // Each drain may also hold Plane's deliveries of the bot's own link and comment writes (echoes).
    expect(opened).toMatchObject({ failed: 0 });
    expect(merged).toMatchObject({ failed: 0 });
    expect(opened.processed).toBeGreaterThanOrEqual(1);
    expect(merged.processed).toBeGreaterThanOrEqual(1);
    expect(replay._unsafeUnwrap().applied).toBe(0);
    const links = (await planeClient.listLinks(planeProjectId, workItemId))._unsafeUnwrap();
    expect(links.map((link) => link.url)).toEqual(['https://github.com/acme/shop/pull/42']);
    const comments = (await planeClient.listComments(planeProjectId, workItemId))._unsafeUnwrap();
    expect(
      comments
        .filter((comment) => comment.externalSource === 'github')
        .map((c) => c.externalId)
        .sort(),
    ).toEqual(['github:acme/shop#42:merged', 'github:acme/shop#42:open']);
    const states = (await planeClient.listStates(planeProjectId))._unsafeUnwrap();
    const current = (await planeClient.getWorkItem(planeProjectId, workItemId))._unsafeUnwrap();
    expect(states.find((state) => state.id === current.stateId)?.name).toBe('Done');
  });
  it('comments a CI result once per conclusion and skips keys that name no work item', async () => {
    const item = harness.plane.getWorkItem(workItemId) as { sequence_id: number };
    const project = harness.plane.getProject(planeProjectId) as { identifier: string };
    const key = `${project.identifier}-${item.sequence_id}`;
    const checkRun = (branch: string, conclusion: string) =>
      JSON.stringify({
        action: 'completed',
        repository: { full_name: 'acme/shop' },
        check_run: {
          name: 'unit tests',
          status: 'completed',
          conclusion,
          html_url: 'https://github.com/acme/shop/runs/5',
          head_sha: '0123456789abcdef',
          check_suite: { head_branch: branch },
          pull_requests: [],
        },
      });
    const send = async (body: string) =>
      ingestor.ingest({
        source: 'github',
        rawBody: new TextEncoder().encode(body),
        headers: {
          'x-github-event': 'check_run',
          'x-hub-signature-256': await signGitHubBody(secrets.githubWebhookSecret, body),
        },
      });
    await harness.plane.settleWebhooks();
    await processor.drain();

    await send(checkRun(`${key.toLowerCase()}-faster`, 'failure'));
    await send(checkRun('zzz-999-nothing', 'failure'));
    const first = await processor.drain();
    // A re-run with the same conclusion: a new delivery (new run URL), the same comment.
    const rerun = await send(
      checkRun(`${key.toLowerCase()}-faster`, 'failure').replace('runs/5', 'runs/6'),
    );
    const ciComments = async () =>
      (await planeClient.listComments(planeProjectId, workItemId))
        ._unsafeUnwrap()
        .filter((comment) => comment.externalId?.includes(':unit tests:') === true);

    expect(first.failed).toBe(0);
    expect((await ciComments()).map((comment) => comment.externalId)).toEqual([
      'github:acme/shop@0123456789abcdef:unit tests:failure',
    ]);
    expect(await harness.ledger.list({ outcome: 'skipped' })).toContainEqual(
      expect.objectContaining({
        decision: 'no Plane work item ZZZ-999; the GitHub ci is not shown',
      }),
    );
    expect(rerun._unsafeUnwrap()).toMatchObject({ duplicate: false, jobs: 1 });
    expect(await processor.drain()).toMatchObject({ failed: 0 });
    expect(await ciComments()).toHaveLength(1);
  });
  it('reports a configured state the project lacks once, and still comments', async () => {
    const item = harness.plane.getWorkItem(workItemId) as { sequence_id: number };
    const project = harness.plane.getProject(planeProjectId) as { identifier: string };
    const key = `${project.identifier}-${item.sequence_id}`;
    const strict = createSyncEngine({
      store: harness.store,
      ledger: harness.ledger,
      notifier: harness.notifier,
      failures: harness.failures,
      syncState: harness.syncState,
      clock: harness.clock,
      logger: createMemoryLogger(),
      plane: planeClient,
      odoo: odooClient,
      config: {
        plane: { workspaceSlug: harness.plane.workspaceSlug },
        odoo: { sourceId: harness.odoo.db },
      },
      github: { links: planeClient, stateMoves: { closed: 'Abandoned' } },
    })._unsafeUnwrap();
    const signal = {
      type: 'pull-request',
      repository: 'acme/shop',
      number: 43,
      title: `${key}: try another way`,
      url: 'https://github.com/acme/shop/pull/43',
      state: 'closed',
    } as const;

    const first = await strict.run({ kind: 'github-signal', workItemKey: key, signal });
    const second = await strict.run({ kind: 'github-signal', workItemKey: key, signal });

    expect(first._unsafeUnwrap().applied).toBe(1);
    expect(second._unsafeUnwrap().applied).toBe(0);
    expect(
      harness.notifier.notifications.filter((notification) =>
        notification.dedupeKey.startsWith('github-state-missing:'),
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        text: `The Plane project of ${key} has no state named "Abandoned".`,
      }),
    ]);
  });
});
