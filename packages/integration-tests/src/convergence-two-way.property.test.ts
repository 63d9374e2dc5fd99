import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import type { SyncJob } from '@odoo-plane-sync/sync-core';
import { odooOwnedDisagreements } from './agreement.js';
import { createHarness } from './harness.js';
import {
  createRaceProject,
  planeSideOf,
  raceProblems,
  raceTaskJobs,
  type RaceProject,
} from './racing-parents.js';
import { seedPortfolio } from './seed.js';
import {
  closeStoreBackends,
  storeBackends,
  withFreshStores,
  type StoreBackendName,
} from './store-backends.js';

const backends = await storeBackends('two-way convergence');
afterAll(() => closeStoreBackends(backends));

/**
 * Runs per CI run and backend; raise locally with CONVERGENCE_RUNS (in memory) and
 * DURABLE_CONVERGENCE_RUNS (SQLite, Postgres). The durable stores run fewer: the property is the same,
 * and there every store call is I/O.
 */
const inMemoryRuns = Number(process.env.CONVERGENCE_RUNS ?? 200);
const durableRuns = Number(process.env.DURABLE_CONVERGENCE_RUNS ?? 40);
const runsOn: Readonly<Record<StoreBackendName, number>> = {
  'in-memory': inMemoryRuns,
  sqlite: durableRuns,
  postgres: durableRuns,
};
const taskCount = 4;
const taskIndex = fc.integer({ min: 0, max: taskCount - 1 });

/** What can happen between two reconciliations. */
type Step =
  | { readonly kind: 'odoo-rename'; readonly task: number; readonly suffix: number }
  | { readonly kind: 'odoo-deadline'; readonly task: number; readonly day: number }
  | { readonly kind: 'odoo-depend'; readonly task: number; readonly on: number }
  | { readonly kind: 'plane-rename'; readonly task: number; readonly suffix: number }
  | {
      readonly kind: 'plane-state';
      readonly task: number;
      readonly group: 'started' | 'completed' | 'unstarted';
    }
  /** A webhook delivery: delivered once, twice (duplicate), or lost; deliveries are shuffled below. */
  | { readonly kind: 'deliver'; readonly copies: 0 | 1 | 2 }
  | { readonly kind: 'fault'; readonly status: 429 | 503; readonly count: number }
  | { readonly kind: 'crash-restart' }
  /**
   * A new Odoo project whose task jobs (subtasks of one new parent, in one new milestone, and maybe a tree
   * sync of the project) all run at once, on one worker or two sharing the store.
   */
  | {
      readonly kind: 'new-project-burst';
      readonly tasks: number;
      readonly subtasks: number;
      readonly withMilestone: boolean;
      readonly withTree: boolean;
      readonly workers: 1 | 2;
    };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('odoo-rename' as const), task: taskIndex, suffix: fc.nat(99) }),
  fc.record({
    kind: fc.constant('odoo-deadline' as const),
    task: taskIndex,
    day: fc.integer({ min: 1, max: 28 }),
  }),
  fc.record({ kind: fc.constant('odoo-depend' as const), task: taskIndex, on: taskIndex }),
  fc.record({ kind: fc.constant('plane-rename' as const), task: taskIndex, suffix: fc.nat(99) }),
  fc.record({
    kind: fc.constant('plane-state' as const),
    task: taskIndex,
    group: fc.constantFrom('started' as const, 'completed' as const, 'unstarted' as const),
  }),
  fc.record({
    kind: fc.constant('deliver' as const),
    copies: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({
    kind: fc.constant('fault' as const),
    status: fc.constantFrom(429 as const, 503 as const),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.constant({ kind: 'crash-restart' as const }),
  fc.record({
    kind: fc.constant('new-project-burst' as const),
    tasks: fc.integer({ min: 2, max: 4 }),
    subtasks: fc.integer({ min: 0, max: 2 }),
    withMilestone: fc.boolean(),
    withTree: fc.boolean(),
    workers: fc.constantFrom(1 as const, 2 as const),
  }),
);

for (const backend of backends)
  describe.skipIf(backend.skipReason !== null)(
    `two-way convergence (property) on ${backend.name} stores`,
    () => {
      it(`agrees field by field after random interleavings and a reconciliation, with racing jobs making one Plane item per Odoo record (${runsOn[backend.name]} runs)`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(step, { minLength: 1, maxLength: 12 }),
            fc.nat(),
            (steps, shuffleSeed) =>
              withFreshStores(backend, async (stores) => {
                const harness = createHarness({
                  odooVersion: 17,
                  config: { retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } },
                  stores: stores.open,
                });
                harness.listen();
                try {
                  const seeded = seedPortfolio(harness.odoo, harness.plane, {
                    projects: 1,
                    milestonesPerProject: 1,
                    tasksPerProject: taskCount,
                    subtaskEvery: 0,
                    dependenciesPerProject: 1,
                    users: 1,
                  });
                  const projectId = seeded.projectIds[0]!;
                  let engine = harness.createEngine({ planeClientRetries: 0 });
                  (await engine.syncProjectTree(projectId))._unsafeUnwrap();
                  const planeProjectId = (await harness.store.get({
                    model: 'project.project',
                    odooId: projectId,
                  }))!.planeId!;
                  const human = harness.plane.addUser({ email: 'human@example.com' });
                  harness.plane.addProjectMember(planeProjectId, human.id);
                  // A person's edits go through the same faults; they retry (on the fake clock) until Plane takes them.
                  // The limit outlasts every fault a run can queue (12 steps × 3), so a person's edit always lands.
                  const person = createPlaneClient({
                    baseUrl: harness.plane.baseUrl,
                    apiKey: human.apiKey,
                    workspaceSlug: harness.plane.workspaceSlug,
                    rateLimit: false,
                    clock: harness.clock,
                    retry: { limit: 40 },
                    random: () => 0.5,
                  });
                  const states = (await person.listStates(planeProjectId))._unsafeUnwrap();
                  const planeIdOf = async (index: number): Promise<string> =>
                    (await harness.store.get({
                      model: 'project.task',
                      odooId: seeded.taskIds[index]!,
                    }))!.planeId!;

                  const pending: SyncJob[] = [];
                  const races: { race: RaceProject; failedJobs: SyncJob[] }[] = [];
                  let failedRuns = 0;
                  let planeRenames = 0;
                  for (const current of steps) {
                    switch (current.kind) {
                      case 'odoo-rename':
                        harness.odoo.write('project.task', [seeded.taskIds[current.task]!], {
                          name: `Odoo name ${current.suffix}`,
                        });
                        pending.push({
                          kind: 'odoo-record',
                          model: 'project.task',
                          odooId: seeded.taskIds[current.task]!,
                        });
                        break;
                      case 'odoo-deadline':
                        harness.odoo.write('project.task', [seeded.taskIds[current.task]!], {
                          date_deadline: `2026-06-${String(current.day).padStart(2, '0')} 09:00:00`,
                        });
                        pending.push({
                          kind: 'odoo-record',
                          model: 'project.task',
                          odooId: seeded.taskIds[current.task]!,
                        });
                        break;
                      case 'odoo-depend':
                        if (current.task === current.on) break;
                        try {
                          harness.odoo.write('project.task', [seeded.taskIds[current.task]!], {
                            depend_on_ids: [[4, seeded.taskIds[current.on]!]],
                          });
                          pending.push({
                            kind: 'odoo-record',
                            model: 'project.task',
                            odooId: seeded.taskIds[current.task]!,
                          });
                        } catch {
                          // A dependency cycle: Odoo refused the edit.
                        }
                        break;
                      case 'plane-rename': {
                        const workItemId = await planeIdOf(current.task);
                        (
                          await person.updateWorkItem(planeProjectId, workItemId, {
                            name: `Plane name ${current.suffix}`,
                          })
                        )._unsafeUnwrap();
                        planeRenames += 1;
                        pending.push({
                          kind: 'plane-work-item',
                          planeProjectId,
                          workItemId,
                          actorId: human.id,
                        });
                        break;
                      }
                      case 'plane-state': {
                        const workItemId = await planeIdOf(current.task);
                        const state = states.find(
                          (candidate) => candidate.group === current.group,
                        )!;
                        (
                          await person.updateWorkItem(planeProjectId, workItemId, {
                            stateId: state.id,
                          })
                        )._unsafeUnwrap();
                        pending.push({
                          kind: 'plane-work-item',
                          planeProjectId,
                          workItemId,
                          actorId: human.id,
                        });
                        break;
                      }
                      case 'deliver': {
                        const job = pending.splice(shuffleSeed % Math.max(pending.length, 1), 1)[0];
                        if (job === undefined) break;
                        for (let copy = 0; copy < current.copies; copy += 1) {
                          const result = await engine.run(job);
                          if (result.isErr()) failedRuns += 1;
                        }
                        break;
                      }
                      case 'fault':
                        harness.plane.faults.next(
                          { path: /\/api\/v1\// },
                          current.status === 429
                            ? {
                                status: 429,
                                body: { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
                                headers: { 'retry-after': '1' },
                              }
                            : { status: 503, body: { error: 'unavailable' } },
                          current.count,
                        );
                        break;
                      case 'crash-restart':
                        engine = harness.createEngine({ planeClientRetries: 0 });
                        break;
                      case 'new-project-burst': {
                        const race = createRaceProject(
                          harness,
                          {
                            taskCount: current.tasks,
                            subtasks: current.subtasks,
                            withMilestone: current.withMilestone,
                            assigneeId: seeded.userIds[0]!,
                          },
                          `Race ${races.length + 1}`,
                        );
                        const jobs: SyncJob[] = [
                          ...raceTaskJobs(race),
                          ...(current.withTree
                            ? [{ kind: 'project-tree' as const, odooProjectId: race.projectId }]
                            : []),
                        ];
                        const rotation = shuffleSeed % jobs.length;
                        const burst = [...jobs.slice(rotation), ...jobs.slice(0, rotation)];
                        const workers =
                          current.workers === 2
                            ? [engine, harness.createEngine({ planeClientRetries: 0 })]
                            : [engine];
                        const results = await Promise.all(
                          burst.map((job, index) => workers[index % workers.length]!.run(job)),
                        );
                        // The promise before any reconciliation: one Plane item per Odoo record, and every job
                        // applied or visibly failed and retryable.
                        expect(await raceProblems(harness, race, burst, results)).toEqual([]);
                        failedRuns += results.filter((result) => result.isErr()).length;
                        races.push({
                          race,
                          failedJobs: burst.filter((_, index) => results[index]!.isErr()),
                        });
                        break;
                      }
                    }
                  }

                  harness.plane.faults.clear();
                  // Failed race jobs are retryable: replayed once the faults are gone, each one applies.
                  for (const { failedJobs } of races) {
                    for (const job of failedJobs) expect((await engine.run(job)).isOk()).toBe(true);
                  }
                  const reconciled = await engine.reconcile();
                  expect(reconciled.isOk()).toBe(true);

                  const odoo = harness.odooInspector();
                  const plane = harness.planeInspector();
                  // Odoo-owned fields: Plane shows Odoo's values.
                  expect(
                    await odooOwnedDisagreements({
                      odoo,
                      plane,
                      store: harness.store,
                      odooProjectId: projectId,
                    }),
                  ).toEqual([]);
                  // Plane-owned state: each Odoo stage matches the Plane state's group.
                  for (const [index, odooId] of seeded.taskIds.entries()) {
                    const item = (
                      await plane.getWorkItem(planeProjectId, await planeIdOf(index))
                    )._unsafeUnwrap();
                    const group = states.find((state) => state.id === item.stateId)?.group;
                    const stage =
                      (harness.odoo.read('project.task', [odooId], ['stage_id'])[0]?.stage_id as
                        [number, string] | false) || null;
                    const expectedStage =
                      group === 'completed' ? 'Done' : group === 'started' ? 'In Progress' : null;
                    if (expectedStage !== null) expect(stage?.[1]).toBe(expectedStage);
                  }
                  // No duplicates, everything mapped.
                  const items = (
                    await plane.listWorkItems(planeProjectId, { perPage: 100 })
                  )._unsafeUnwrap().results;
                  expect(items).toHaveLength(taskCount);
                  expect(new Set(items.map((item) => item.externalId)).size).toBe(taskCount);
                  for (const odooId of seeded.taskIds)
                    expect(
                      (await harness.store.get({ model: 'project.task', odooId }))?.status,
                    ).toBe('active');
                  // Racing jobs made exactly one Plane project, cycle and work item per Odoo record.
                  for (const { race } of races) {
                    const side = planeSideOf(harness, race);
                    expect(side.projects).toHaveLength(1);
                    expect(side.cycles).toHaveLength(race.milestoneId === null ? 0 : 1);
                    for (const sameRecord of side.itemsOf.values())
                      expect(sameRecord).toHaveLength(1);
                    expect(side.projectItems).toHaveLength(side.itemsOf.size);
                    expect(
                      await odooOwnedDisagreements({
                        odoo,
                        plane,
                        store: harness.store,
                        odooProjectId: race.projectId,
                      }),
                    ).toEqual([]);
                  }
                  // Nothing lost from the ledger: every failed run and every reverted Plane edit is there.
                  expect(
                    (await harness.ledger.list({ outcome: 'failed' })).length,
                  ).toBeGreaterThanOrEqual(failedRuns);
                  if (planeRenames > 0)
                    expect(
                      (await harness.ledger.list({ outcome: 'conflict' })).length,
                    ).toBeGreaterThan(0);
                } finally {
                  harness.close();
                }
              }),
          ),
          { numRuns: runsOn[backend.name] },
        );
      }, 1_200_000);
    },
  );
