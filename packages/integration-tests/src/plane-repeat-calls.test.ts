import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { describeSyncError } from '@odoo-plane-sync/sync-core';
import { createHarness, type Harness } from './harness.js';

// Calls the real Plane CE 1.3.1 saw repeated in one run (sync-traffic plane-ce-1.3.1-with-odoo-17.jsonl): a
// `shipped` label created again (409, then a list) and a relation-removal probe (404) at every start.

const probes = (harness: Harness): number =>
  harness.planeCalls.calls.filter((call) => call.url.includes('/relations/remove/')).length;
const labelCreates = (harness: Harness): number =>
  harness.planeCalls.calls.filter((call) => call.method === 'POST' && call.url.endsWith('/labels/'))
    .length;

describe('labels found or created once per engine', () => {
  const harness = createHarness({ odooVersion: 17, ppm: true });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const projectId = harness.odoo.create('project.project', { name: 'Releases' });
  const first = harness.odoo.create('project.task', { name: 'Release 1', project_id: projectId });
  const second = harness.odoo.create('project.task', { name: 'Release 2', project_id: projectId });

  it('creates the shipped label on the first ship event only; the second makes no label create', async () => {
    const engine = harness.createEngine();
    (await engine.syncTask(first))._unsafeUnwrap();
    (await engine.syncTask(second))._unsafeUnwrap();
    harness.planeCalls.reset();

    harness.odoo.write('project.task', [first], { is_shipped: true });
    const shippedFirst = await engine.syncTask(first);
    const createsForFirst = labelCreates(harness);
    harness.planeCalls.reset();
    harness.odoo.write('project.task', [second], { is_shipped: true });
    const shippedSecond = await engine.syncTask(second);

    expect(shippedFirst.isOk() && shippedSecond.isOk()).toBe(true);
    expect(createsForFirst).toBe(1);
    expect(labelCreates(harness)).toBe(0);
    expect(
      harness.planeCalls.calls
        .filter((call) => call.url.includes('/labels/'))
        .map((call) => call.method),
    ).toEqual([]);
  });
});

describe('the relation-removal probe', () => {
  it.each([
    ['community', 'ce'],
    ['commercial', 'cloud'],
  ] as const)(
    'is never sent when the edition is configured (%s)',
    async (edition, planeEdition) => {
      const harness = createHarness({ planeEdition });
      harness.listen();
      try {
        const engine = harness.createEngine({
          config: { plane: { workspaceSlug: harness.plane.workspaceSlug, edition } },
        });

        const started = await engine.start();

        expect(started.isOk()).toBe(true);
        expect(probes(harness)).toBe(0);
        // users/me and the workspace check.
        expect(harness.planeCalls.calls).toHaveLength(2);
        expect(await harness.syncState.get('plane:relation-removal:acme')).toBeNull();
      } finally {
        harness.close();
      }
    },
  );

  it('is sent once when detecting; the answer is kept and the next start makes no probe', async () => {
    const harness = createHarness({ planeEdition: 'ce' });
    harness.listen();
    try {
      (await harness.createEngine().start())._unsafeUnwrap();
      const probesAtFirstStart = probes(harness);
      harness.planeCalls.reset();

      (await harness.createEngine().start())._unsafeUnwrap();

      expect(probesAtFirstStart).toBe(1);
      expect(await harness.syncState.get('plane:relation-removal:acme')).toMatchObject({
        relationRemoval: false,
      });
      expect(probes(harness)).toBe(0);
      expect(harness.planeCalls.calls.map((call) => new URL(call.url).pathname)).toEqual([
        '/api/v1/users/me/',
        '/api/v1/workspaces/acme/members/',
      ]);
    } finally {
      harness.close();
    }
  });
});

describe('a wrong Plane key', () => {
  it('fails the sync with Plane’s own reason in the ledger decision and the description', async () => {
    const harness = createHarness();
    harness.listen();
    try {
      const plane = createPlaneClient({
        baseUrl: harness.plane.baseUrl,
        apiKey: 'plane_api_not-the-right-one',
        workspaceSlug: harness.plane.workspaceSlug,
        rateLimit: false,
      });
      const engine = harness.createEngine({ plane });
      const projectId = harness.odoo.create('project.project', { name: 'Keys' });

      const result = await engine.syncProject(projectId);

      const described = describeSyncError(result._unsafeUnwrapErr());
      expect(described).toBe(
        'plane detect capabilities of workspace "acme" failed: http 403: Given API token is not valid',
      );
      const [entry] = await harness.ledger.list({});
      expect(entry?.decision).toBe(described);
      expect(JSON.stringify(await harness.ledger.list({}))).not.toContain('not-the-right-one');
    } finally {
      harness.close();
    }
  });
});
