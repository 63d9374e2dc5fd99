import { createFakeClock, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describePlaneClientContract,
  expectErr,
  expectOk,
} from './test-support/client-contract.js';
import { createPlaneClient, type PlaneClientOptions } from './plane-client.js';
import { parsePlaneWebhook } from './webhook-event.js';
import { verifyPlaneSignature } from '@odoo-plane-sync/sync-core';

// The simulator lives on its own origin so several can share one msw server.
function simulatedPlane(
  origin: string,
  simulatorOptions: Parameters<typeof createPlaneSimulator>[0] = {},
  clientOptions: Partial<PlaneClientOptions> = {},
  autoAdvance = true,
) {
  const clock = createFakeClock({ start: Date.parse('2026-11-26T09:00:00Z'), autoAdvance });
  const simulator = createPlaneSimulator({ baseUrl: origin, clock, ...simulatorOptions });
  const client = createPlaneClient({
    baseUrl: simulator.baseUrl,
    apiKey: simulator.apiKey,
    workspaceSlug: simulator.workspaceSlug,
    clock,
    random: () => 0.5,
    ...clientOptions,
  });
  return { clock, simulator, client };
}

const ce = simulatedPlane('http://ce.plane.test');
const cloud = simulatedPlane('http://cloud.plane.test', { edition: 'cloud' }, { edition: 'cloud' });
const server = setupServer(...ce.simulator.handlers, ...cloud.simulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describePlaneClientContract('createPlaneClient against the Plane simulator (CE)', () => ({
  client: ce.client,
  edition: 'ce',
  outsider: () =>
    Promise.resolve(ce.simulator.addUser({ email: `${crypto.randomUUID()}@example.com` }).id),
}));

describePlaneClientContract(
  'createPlaneClient against the Plane simulator (Cloud edition)',
  () => ({
    client: cloud.client,
    edition: 'cloud',
    outsider: () =>
      Promise.resolve(cloud.simulator.addUser({ email: `${crypto.randomUUID()}@example.com` }).id),
  }),
);

let origins = 0;
/** A fresh simulator on its own origin, mounted for one test. */
function isolatedPlane(
  simulatorOptions: Parameters<typeof createPlaneSimulator>[0] = {},
  clientOptions: Partial<PlaneClientOptions> = {},
  autoAdvance = true,
) {
  origins += 1;
  const plane = simulatedPlane(
    `http://plane-${origins}.test`,
    simulatorOptions,
    clientOptions,
    autoAdvance,
  );
  server.use(...plane.simulator.handlers);
  return plane;
}

describe('createPlaneClient rate limiting against the simulator', () => {
  it('recovers from 429s by waiting Retry-After when its own budget is off', async () => {
    const { client, simulator, clock } = isolatedPlane(
      { rateLimit: { requests: 5, windowMs: 60_000 } },
      { rateLimit: false },
    );
    const start = clock.now();

    const results = [];
    for (let index = 0; index < 12; index += 1) results.push(await client.getMe());

    expect(results.every((result) => result.isOk())).toBe(true);
    expect(simulator.requestCount()).toBeGreaterThan(12);
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('tells what is left of the budget of its key, learned from X-RateLimit-Remaining, in every lane', async () => {
    const { client, simulator } = isolatedPlane(
      { rateLimit: { requests: 10, windowMs: 60_000 } },
      { rateLimit: { requests: 10, windowMs: 60_000 } },
    );
    const sameKey = createPlaneClient({
      baseUrl: simulator.baseUrl,
      apiKey: simulator.apiKey,
      workspaceSlug: simulator.workspaceSlug,
      rateLimit: false,
    });
    for (let index = 0; index < 3; index += 1) expectOk(await sameKey.getMe());

    expectOk(await client.getMe());

    expect(client.budget()).toMatchObject({ limit: 10, used: 4, remaining: 6 });
    expect(client.withLane('backfill').budget()).toEqual(client.budget());
  });

  it('reports rate-limited once retries are exhausted', async () => {
    const { client } = isolatedPlane(
      { rateLimit: { requests: 1, windowMs: 60_000 } },
      { rateLimit: false, retry: { limit: 0 } },
    );
    expectOk(await client.getMe());

    const limited = expectErr(await client.getMe());

    expect(limited).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 60_000,
      body: { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
    });
  });

  it('sends 300 requests at 60/min with zero 429s in four simulated minutes', async () => {
    const { client, simulator, clock } = isolatedPlane();
    const start = clock.now();

    const results = await Promise.all(Array.from({ length: 300 }, () => client.getMe()));

    expect(results.filter((result) => result.isErr())).toEqual([]);
    // Every request the simulator saw was answered 200: no 429, no retry.
    expect(simulator.requestCount()).toBe(300);
    // 60 at once, then 60 per window: the last batch leaves at 4 min, the physical limit.
    expect(clock.now() - start).toBe(240_000);
  });

  it('keeps two clients on one key under the limit by reading X-RateLimit-Remaining', async () => {
    const { client: first, simulator, clock } = isolatedPlane();
    const second = createPlaneClient({
      baseUrl: simulator.baseUrl,
      apiKey: simulator.apiKey,
      workspaceSlug: simulator.workspaceSlug,
      clock,
    });

    for (let index = 0; index < 50; index += 1) expectOk(await first.getMe());
    const results = await Promise.all(Array.from({ length: 20 }, () => second.getMe()));

    expect(results.every((result) => result.isOk())).toBe(true);
    expect(simulator.requestCount()).toBe(70);
  });

  it('serves the live lane before queued backfill requests', async () => {
    const { client, clock } = isolatedPlane({}, {}, false);
    const backfill = client.withLane('backfill');
    const finished: string[] = [];

    const backfillCalls = Array.from({ length: 70 }, (_, index) =>
      backfill.getMe().then(() => finished.push(`backfill-${index}`)),
    );
    await Promise.all(backfillCalls.slice(0, 60));
    const liveCalls = Array.from({ length: 3 }, (_, index) =>
      client.getMe().then(() => finished.push(`live-${index}`)),
    );
    await clock.advance(60_000);
    await Promise.all([...backfillCalls, ...liveCalls]);

    // Ten backfill requests were already waiting for the next window; the live ones still go first.
    expect(finished.slice(60, 63)).toEqual(['live-0', 'live-1', 'live-2']);
    expect(finished).toHaveLength(73);
    expect(backfill.lane).toBe('backfill');
  });
});

describe('createPlaneClient retries against simulator faults', () => {
  it('retries a read after a 503 and succeeds', async () => {
    const { client, simulator } = isolatedPlane();
    simulator.faults.next({ method: 'GET', path: '/users/me/' }, { status: 503 }, 2);

    const me = await client.getMe();

    expect(me.isOk()).toBe(true);
    expect(simulator.requestCount()).toBe(3);
  });

  it('does not repeat a create without external id after a 502', async () => {
    const { client, simulator } = isolatedPlane();
    const project = expectOk(await client.createProject({ name: 'Faults', identifier: 'FLT' }));
    simulator.faults.next({ method: 'POST', path: '/work-items/' }, { status: 502 });

    const created = expectErr(await client.createWorkItem(project.id, { name: 'Once' }));

    expect(created).toMatchObject({ kind: 'http', status: 502, retryable: true });
    expect(simulator.listWorkItems(project.id)).toEqual([]);
  });

  it('repeats a create with external id after a 502 and creates exactly one item', async () => {
    const { client, simulator } = isolatedPlane();
    const project = expectOk(await client.createProject({ name: 'Faults', identifier: 'FLT' }));
    simulator.faults.next({ method: 'POST', path: '/work-items/' }, { status: 502 });

    const created = expectOk(
      await client.createWorkItem(project.id, {
        name: 'Exactly once',
        externalId: '1',
        externalSource: 'odoo',
      }),
    );

    expect(created.created).toBe(true);
    expect(simulator.listWorkItems(project.id)).toHaveLength(1);
  });

  it('times out a request the server holds, then succeeds on the next attempt', async () => {
    // The timeout is wall time (ky's), and the second attempt must answer within it: wide enough for a
    // loaded runner, where 20 ms was not.
    const { client, simulator } = isolatedPlane({}, { timeoutMs: 1_000 });
    simulator.faults.next({ method: 'GET', path: '/users/me/' }, { timeout: true });

    const me = await client.getMe();

    expect(me.isOk()).toBe(true);
    expect(simulator.requestCount()).toBe(2);
  });

  it('reports a timeout when every attempt is held', async () => {
    const { client, simulator } = isolatedPlane({}, { timeoutMs: 20, retry: { limit: 1 } });
    simulator.faults.next({ method: 'GET', path: '/users/me/' }, { timeout: true }, 2);

    const me = expectErr(await client.getMe());
    simulator.faults.clear();

    expect(me).toMatchObject({ kind: 'timeout', timeoutMs: 20 });
  });

  it('never puts the API key into an error', async () => {
    const { client, simulator } = isolatedPlane({}, { retry: { limit: 0 } });
    simulator.faults.next({ path: '/users/me/' }, { status: 500 });

    const error = expectErr(await client.getMe());

    expect(JSON.stringify(error)).not.toContain(simulator.apiKey);
  });
});

describe('createPlaneClient authentication against the simulator', () => {
  it('returns a missing key as 401 and an unknown key as 403, neither retried', async () => {
    const { simulator } = isolatedPlane();
    const withKey = (apiKey: string) =>
      createPlaneClient({
        baseUrl: simulator.baseUrl,
        apiKey,
        workspaceSlug: simulator.workspaceSlug,
      });

    const missing = expectErr(await withKey('').getMe());
    const unknown = expectErr(await withKey('plane_api_unknown').getMe());

    expect(missing).toMatchObject({
      kind: 'http',
      status: 401,
      retryable: false,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(unknown).toMatchObject({
      status: 403,
      body: { detail: 'Given API token is not valid' },
    });
    expect(JSON.stringify(unknown)).not.toContain('plane_api_unknown');
    expect(simulator.requestCount()).toBe(2);
  });
});

describe("webhook helpers on the simulator's own deliveries", () => {
  it('verifies, parses and recognises the echo of a write made through the client', async () => {
    const { client, simulator } = isolatedPlane();
    const secret = 'plane_wh_contract';
    const received: { rawBody: string; signature: string | null; event: string | null }[] = [];
    server.use(
      http.post('http://receiver.test/plane-hook', async ({ request }) => {
        received.push({
          rawBody: await request.text(),
          signature: request.headers.get('x-plane-signature'),
          event: request.headers.get('x-plane-event'),
        });
        return new HttpResponse(null, { status: 200 });
      }),
    );
    simulator.addWebhook({ url: 'http://receiver.test/plane-hook', secret });
    const { botUserId } = expectOk(await client.detectCapabilities());
    const project = expectOk(await client.createProject({ name: 'Hooks', identifier: 'HOOK' }));
    const { workItem } = expectOk(
      await client.createWorkItem(project.id, { name: 'Echo', priority: 'low' }),
    );

    expectOk(
      await client.updateWorkItem(project.id, workItem.id, { name: 'Echo 2', priority: 'high' }),
    );
    await simulator.settleWebhooks();

    const issueDeliveries = received.filter((delivery) => delivery.event === 'issue');
    const verified = await Promise.all(
      issueDeliveries.map((delivery) =>
        verifyPlaneSignature({ rawBody: delivery.rawBody, signature: delivery.signature, secret }),
      ),
    );
    const events = issueDeliveries.map((delivery) =>
      parsePlaneWebhook(delivery.rawBody)._unsafeUnwrap(),
    );
    expect(verified.every(Boolean)).toBe(true);
    expect(events.map((event) => `${event.action}:${event.activity.field ?? '-'}`).sort()).toEqual([
      'created:-',
      'updated:name',
      'updated:priority',
    ]);
    expect(
      events.every((event) => event.workItemId === workItem.id && event.projectId === project.id),
    ).toBe(true);
    expect(events.every((event) => event.activity.actorId === botUserId)).toBe(true);
  });
});

describe('createPlaneClient capability detection with a known answer', () => {
  it('reads only the bot user and the workspace check when relation removal is known, and keeps that answer', async () => {
    const { client, simulator } = isolatedPlane({ edition: 'cloud' });

    const capabilities = expectOk(await client.detectCapabilities({ relationRemoval: true }));
    const probed = simulator.requestCount();
    const project = expectOk(await client.createProject({ name: 'Known', identifier: 'KNOWN' }));
    const { workItem: first } = expectOk(await client.createWorkItem(project.id, { name: 'A' }));
    const { workItem: second } = expectOk(await client.createWorkItem(project.id, { name: 'B' }));
    expectOk(
      await client.createRelation(project.id, first.id, {
        relationType: 'blocking',
        workItemIds: [second.id],
      }),
    );
    const removed = await client.removeRelation(project.id, first.id, second.id);

    expect(capabilities).toEqual({ relationRemoval: true, botUserId: simulator.botUserId });
    // users/me and the workspace check (members): no relation-removal probe.
    expect(probed).toBe(2);
    expect(removed.isOk()).toBe(true);
  });
});
