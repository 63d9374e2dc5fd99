import { afterAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createHarness } from './harness.js';
import { seedPortfolio, type PortfolioShape } from './seed.js';
import {
  closeStoreBackends,
  storeBackends,
  withFreshStores,
  type FreshStores,
  type StoreBackend,
} from './store-backends.js';

const backends = await storeBackends('crash recovery');
afterAll(() => closeStoreBackends(backends));
/** A crash after every call of a project sync, each on fresh stores: a few minutes on a busy durable store. */
const crashSweepTimeoutMs = 900_000;

const shape: PortfolioShape = {
  projects: 1,
  milestonesPerProject: 2,
  tasksPerProject: 5,
  subtaskEvery: 3,
  dependenciesPerProject: 2,
  users: 2,
};

/** Runs a full project sync that dies after `crashAfter` Plane calls (or never), then a clean restart. */
const syncWithCrash = (backend: StoreBackend, crashAfter: number | undefined) =>
  withFreshStores(backend, async (stores) => {
    const harness = createHarness({ odooVersion: 17, stores: stores.open });
    harness.listen();
    try {
      const seeded = seedPortfolio(harness.odoo, harness.plane, shape);
      const projectId = seeded.projectIds[0]!;
      if (crashAfter !== undefined) {
        const crashed = await harness
          .createEngine({ crashAfterPlaneCalls: crashAfter })
          .syncProjectTree(projectId);
        expect(crashed.isErr()).toBe(true);
      }
      harness.planeCalls.reset();
      const finished = await harness.createEngine().syncProjectTree(projectId);
      expect(finished.isOk()).toBe(true);
      const planeCallsOfRecovery = harness.planeCalls.calls.length;

      const inspector = createPlaneClient({
        baseUrl: harness.plane.baseUrl,
        apiKey: harness.plane.apiKey,
        workspaceSlug: harness.plane.workspaceSlug,
        rateLimit: false,
      });
      const projects = (await inspector.listProjects())._unsafeUnwrap();
      const planeProjectId = projects[0]!.id;
      const items = (
        await inspector.listWorkItems(planeProjectId, { perPage: 100 })
      )._unsafeUnwrap().results;
      const cycles = (await inspector.listCycles(planeProjectId))._unsafeUnwrap();
      const relationCounts = await Promise.all(
        items.map(
          async (item) =>
            (await inspector.listRelations(planeProjectId, item.id))._unsafeUnwrap().blockedBy
              .length,
        ),
      );
      return {
        projects: projects.length,
        items: items.length,
        distinctExternalIds: new Set(items.map((item) => item.externalId)).size,
        cycles: cycles.length,
        blockedBy: relationCounts.reduce((sum, count) => sum + count, 0),
        planeCallsOfRecovery,
      };
    } finally {
      harness.close();
    }
  });

/** Syncs a project, then syncs it again with an empty mapping store (the database was lost). */
async function resyncAfterLosingTheStore(stores: FreshStores, lost: FreshStores): Promise<void> {
  const harness = createHarness({ odooVersion: 17, stores: stores.open });
  harness.listen();
  try {
    const seeded = seedPortfolio(harness.odoo, harness.plane, shape);
    const projectId = seeded.projectIds[0]!;
    (await harness.createEngine().syncProjectTree(projectId))._unsafeUnwrap();

    // The next engine starts on an empty store of the same kind.
    const emptyStore = lost.open(harness.clock).mappings;
    const resynced = await harness.createEngine({ store: emptyStore }).syncProjectTree(projectId);

    expect(resynced.isOk()).toBe(true);
    expect(harness.plane.listProjects()).toHaveLength(1);
    expect(harness.plane.listWorkItems()).toHaveLength(shape.tasksPerProject);
    expect(
      (await emptyStore.list({ model: 'project.task' })).every(
        (mapping) => mapping.status === 'active',
      ),
    ).toBe(true);
  } finally {
    harness.close();
  }
}

for (const backend of backends)
  describe.skipIf(backend.skipReason !== null)(
    `crash recovery (decision 4) on ${backend.name} stores`,
    () => {
      it(
        'never duplicates a Plane entity, whichever call the engine dies after',
        async () => {
          const clean = await syncWithCrash(backend, undefined);
          expect(clean).toMatchObject({
            projects: 1,
            items: 5,
            distinctExternalIds: 5,
            cycles: 2,
            blockedBy: 2,
          });
          const totalCalls = clean.planeCallsOfRecovery;
          expect(totalCalls).toBeGreaterThan(10);

          for (let crashAfter = 1; crashAfter <= totalCalls; crashAfter += 1) {
            const after = await syncWithCrash(backend, crashAfter);
            expect({ crashAfter, ...after, planeCallsOfRecovery: 0 }).toEqual({
              crashAfter,
              projects: 1,
              items: 5,
              distinctExternalIds: 5,
              cycles: 2,
              blockedBy: 2,
              planeCallsOfRecovery: 0,
            });
          }
        },
        crashSweepTimeoutMs,
      );

      it('adopts what Plane already has when the mapping store is lost, instead of duplicating it', () =>
        withFreshStores(backend, (stores) =>
          withFreshStores(backend, (lost) => resyncAfterLosingTheStore(stores, lost)),
        ));
    },
  );
