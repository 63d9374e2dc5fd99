import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { odooOwnedDisagreements } from './agreement.js';
import { createHarness } from './harness.js';
import { seedPortfolio } from './seed.js';
import {
  closeStoreBackends,
  storeBackends,
  withFreshStores,
  type StoreBackendName,
} from './store-backends.js';

const backends = await storeBackends('Odoo → Plane convergence');
afterAll(() => closeStoreBackends(backends));

/** One edit a person makes in Odoo, by index into the seeded tasks. */
type OdooEdit =
  | { readonly kind: 'rename'; readonly task: number; readonly suffix: string }
  | { readonly kind: 'deadline'; readonly task: number; readonly day: number | null }
  | { readonly kind: 'priority'; readonly task: number; readonly starred: boolean }
  | { readonly kind: 'assign'; readonly task: number; readonly users: readonly number[] }
  | { readonly kind: 'milestone'; readonly task: number; readonly milestone: number | null }
  | { readonly kind: 'depend'; readonly task: number; readonly on: number; readonly add: boolean };

const taskIndex = fc.integer({ min: 0, max: 4 });
const edit: fc.Arbitrary<OdooEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('rename' as const),
    task: taskIndex,
    suffix: fc.string({ minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant('deadline' as const),
    task: taskIndex,
    day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('priority' as const), task: taskIndex, starred: fc.boolean() }),
  fc.record({
    kind: fc.constant('assign' as const),
    task: taskIndex,
    users: fc.uniqueArray(fc.integer({ min: 0, max: 1 }), { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('milestone' as const),
    task: taskIndex,
    milestone: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('depend' as const),
    task: taskIndex,
    on: taskIndex,
    add: fc.boolean(),
  }),
);

/**
 * Runs per backend, each a fresh pair of simulators, fresh stores and several tree syncs: minutes on a
 * shared 2-core runner. The durable stores run fewer: the property is the same, every store call is I/O.
 */
const runsOn: Readonly<Record<StoreBackendName, number>> = {
  'in-memory': 25,
  sqlite: 10,
  postgres: 10,
};
const propertyTimeoutMs = 600_000;

for (const backend of backends)
  describe.skipIf(backend.skipReason !== null)(
    `Odoo → Plane convergence (property) on ${backend.name} stores`,
    { timeout: propertyTimeoutMs },
    () => {
      it(`after every sync Plane shows Odoo’s values for Odoo-owned fields, and a repeat sync writes nothing (${runsOn[backend.name]} runs)`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), {
              minLength: 1,
              maxLength: 3,
            }),
            (rounds) =>
              withFreshStores(backend, async (stores) => {
                // Cloud edition: relation removal exists there, so a dropped dependency must disappear too.
                const harness = createHarness({
                  odooVersion: 17,
                  planeEdition: 'cloud',
                  stores: stores.open,
                });
                harness.listen();
                try {
                  const seeded = seedPortfolio(harness.odoo, harness.plane, {
                    projects: 1,
                    milestonesPerProject: 2,
                    tasksPerProject: 5,
                    subtaskEvery: 0,
                    dependenciesPerProject: 1,
                    users: 2,
                  });
                  const projectId = seeded.projectIds[0]!;
                  const odoo = harness.odooInspector();
                  const plane = harness.planeInspector();
                  const engine = harness.createEngine();
                  expect((await engine.syncProjectTree(projectId)).isOk()).toBe(true);

                  for (const round of rounds) {
                    for (const change of round) applyEdit(harness.odoo, seeded, change);
                    const synced = await engine.syncProjectTree(projectId);
                    expect(synced.isOk()).toBe(true);
                    expect(
                      await odooOwnedDisagreements({
                        odoo,
                        plane,
                        store: harness.store,
                        odooProjectId: projectId,
                      }),
                    ).toEqual([]);
                    harness.planeCalls.reset();
                    await engine.syncProjectTree(projectId);
                    expect(harness.planeCalls.writes()).toBe(0);
                  }
                } finally {
                  harness.close();
                }
              }),
          ),
          { numRuns: runsOn[backend.name] },
        );
      });
    },
  );

function applyEdit(
  odoo: ReturnType<typeof createHarness>['odoo'],
  seeded: ReturnType<typeof seedPortfolio>,
  change: OdooEdit,
): void {
  const taskId = seeded.taskIds[change.task]!;
  switch (change.kind) {
    case 'rename':
      odoo.write('project.task', [taskId], { name: `Task ${change.task} ${change.suffix}` });
      return;
    case 'deadline':
      odoo.write('project.task', [taskId], {
        date_deadline:
          change.day === null ? false : `2026-05-${String(change.day).padStart(2, '0')} 10:00:00`,
      });
      return;
    case 'priority':
      odoo.write('project.task', [taskId], { priority: change.starred ? '1' : '0' });
      return;
    case 'assign':
      odoo.write('project.task', [taskId], {
        user_ids: [[6, 0, change.users.map((index) => seeded.userIds[index]!)]],
      });
      return;
    case 'milestone':
      odoo.write('project.task', [taskId], {
        milestone_id: change.milestone === null ? false : seeded.milestoneIds[change.milestone]!,
      });
      return;
    case 'depend': {
      const otherId = seeded.taskIds[change.on]!;
      if (otherId === taskId) return;
      try {
        odoo.write('project.task', [taskId], { depend_on_ids: [[change.add ? 4 : 3, otherId]] });
      } catch {
        // Odoo refuses dependency cycles (ValidationError): the person's edit simply did not happen.
      }
      return;
    }
  }
}
