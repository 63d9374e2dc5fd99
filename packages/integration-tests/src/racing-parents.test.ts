import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createInProcessWorkQueue,
  type Mapping,
  type SyncEngine,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
import { createHarness, type Harness } from './harness.js';
import {
  createRaceProject,
  planeSideOf,
  raceProblems,
  raceTaskJobs,
  type RaceProject,
} from './racing-parents.js';
import { seedPortfolio } from './seed.js';

describe('jobs racing on a parent that is not mapped yet', () => {
  let harness: Harness;
  beforeEach(() => {
    harness = createHarness({ odooVersion: 17 });
    harness.listen();
  });
  afterEach(() => harness.close());

  /** The initial sync of an existing portfolio, so the race happens on a running installation. */
  const initialSync = async (engine: SyncEngine): Promise<number> => {
    const seeded = seedPortfolio(harness.odoo, harness.plane, {
      projects: 1,
      milestonesPerProject: 1,
      tasksPerProject: 2,
      subtaskEvery: 0,
      dependenciesPerProject: 0,
      users: 1,
    });
    (await engine.syncProjectTree(seeded.projectIds[0]!))._unsafeUnwrap();
    return seeded.userIds[0]!;
  };

  /** Exactly one Plane project, cycle and work item per Odoo record, and every job applied. */
  const expectOneOfEach = async (
    race: RaceProject,
    jobs: readonly SyncJob[],
    results: Awaited<ReturnType<SyncEngine['run']>>[],
  ): Promise<void> => {
    const plane = planeSideOf(harness, race);
    expect(await raceProblems(harness, race, jobs, results)).toEqual([]);
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(await harness.ledger.list({ outcome: 'failed' })).toEqual([]);
    expect(plane.projects).toHaveLength(1);
    expect(harness.plane.listProjects()).toHaveLength(2);
    expect(plane.cycles).toHaveLength(race.milestoneId === null ? 0 : 1);
    for (const items of plane.itemsOf.values()) expect(items).toHaveLength(1);
    expect(plane.projectItems).toHaveLength(plane.itemsOf.size);
    if (race.parentId !== null) {
      const parentItemId = plane.itemsOf.get(race.parentId)![0]!.id;
      const subtasks = plane.projectItems.filter((item) => item.parent === parentItemId);
      expect(subtasks.length).toBeGreaterThan(0);
    }
  };

  it('makes one Plane project, one cycle, one parent and every task from N concurrent task jobs', async () => {
    const engine = harness.createEngine();
    const userId = await initialSync(engine);
    const race = createRaceProject(harness, {
      taskCount: 6,
      withMilestone: true,
      subtasks: 3,
      assigneeId: userId,
    });
    const jobs = raceTaskJobs(race);

    const results = await Promise.all(jobs.map((job) => engine.run(job)));

    await expectOneOfEach(race, jobs, results);
  });

  it('adds a shared assignee to the new project once for a burst of its tasks, with no member list', async () => {
    const engine = harness.createEngine();
    const userId = await initialSync(engine);
    const race = createRaceProject(harness, {
      taskCount: 6,
      withMilestone: false,
      subtasks: 0,
      assigneeId: userId,
    });
    harness.planeCalls.reset();

    const results = await Promise.all(raceTaskJobs(race).map((job) => engine.run(job)));

    expect(results.every((result) => result.isOk())).toBe(true);
    const memberCalls = harness.planeCalls.calls
      .filter((call) => /\/members\/$/.test(new URL(call.url).pathname))
      .map((call) => call.method);
    // Plane made the bot (creator) and the lead members of the project it just created: no list needed.
    expect(memberCalls.sort()).toEqual(['POST']);
  });

  it('makes one Plane project from concurrent task jobs when the project has no milestone', async () => {
    const engine = harness.createEngine();
    await initialSync(engine);
    const race = createRaceProject(harness, { taskCount: 4, withMilestone: false, subtasks: 0 });
    const jobs = raceTaskJobs(race);

    const results = await Promise.all(jobs.map((job) => engine.run(job)));

    await expectOneOfEach(race, jobs, results);
  });

  it('makes one Plane project when a drain hands the task jobs to the work queue together', async () => {
    const engine = harness.createEngine();
    await initialSync(engine);
    const race = createRaceProject(harness, { taskCount: 4, withMilestone: false, subtasks: 0 });
    const jobs = raceTaskJobs(race);
    const resultOf = new Map<SyncJob, Awaited<ReturnType<SyncEngine['run']>>>();
    const queue = createInProcessWorkQueue({
      run: async (job) => {
        const result = await engine.run(job);
        resultOf.set(job, result);
        return result.isOk() ? { status: 'done' } : { status: 'failed', reason: result.error.kind };
      },
      concurrency: 4,
    });

    const outcomes = await Promise.all(jobs.map((job) => queue.enqueue(job, { lane: 'live' })));

    expect(outcomes).toEqual(jobs.map(() => ({ status: 'done' })));
    await expectOneOfEach(
      race,
      jobs,
      jobs.map((job) => resultOf.get(job)!),
    );
  });

  it('makes one of each when a project tree sync races the task jobs', async () => {
    const engine = harness.createEngine();
    await initialSync(engine);
    const race = createRaceProject(harness, { taskCount: 4, withMilestone: true, subtasks: 2 });
    const jobs: SyncJob[] = [
      { kind: 'project-tree', odooProjectId: race.projectId },
      ...raceTaskJobs(race),
      { kind: 'odoo-record', model: 'project.project', odooId: race.projectId },
      { kind: 'odoo-record', model: 'project.milestone', odooId: race.milestoneId! },
    ];

    const results = await Promise.all(jobs.map((job) => engine.run(job)));

    await expectOneOfEach(race, jobs, results);
  });

  it('makes one of each when two engines (two workers on one store) race', async () => {
    const first = harness.createEngine();
    const second = harness.createEngine();
    await initialSync(first);
    (await second.start())._unsafeUnwrap();
    const race = createRaceProject(harness, { taskCount: 6, withMilestone: true, subtasks: 3 });
    const jobs = raceTaskJobs(race);

    const results = await Promise.all(
      jobs.map((job, index) => (index % 2 === 0 ? first : second).run(job)),
    );

    await expectOneOfEach(race, jobs, results);
  });

  it('links a chain of dependencies whose jobs race on two workers, dependents first', async () => {
    const first = harness.createEngine();
    const second = harness.createEngine();
    await initialSync(first);
    (await second.start())._unsafeUnwrap();
    const race = createRaceProject(harness, {
      taskCount: 5,
      withMilestone: true,
      subtasks: 2,
      dependencies: true,
    });
    // Each dependent's job starts before its blocker's.
    const jobs = raceTaskJobs(race).reverse();

    const results = await Promise.all(
      jobs.map((job, index) => (index % 2 === 0 ? first : second).run(job)),
    );

    await expectOneOfEach(race, jobs, results);
  });
});

/** Lets every queued callback run (no time passes), until `done` or a generous number of turns. */
async function settleUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !done(); turn += 1)
    await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('a creator that meets another worker at the pending mapping', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  const start = async (clockAutoAdvance: boolean) => {
    harness = createHarness({ odooVersion: 17, clockAutoAdvance });
    harness.listen();
    const engine = harness.createEngine();
    (await engine.start())._unsafeUnwrap();
    const race = createRaceProject(harness, { taskCount: 1, withMilestone: false, subtasks: 0 });
    const other = createPlaneClient({
      baseUrl: harness.plane.baseUrl,
      apiKey: harness.plane.apiKey,
      workspaceSlug: harness.plane.workspaceSlug,
      rateLimit: false,
    });
    /** What the other worker does: creates the project in Plane, as the sync would, with our external id. */
    const createAsOtherWorker = async () =>
      (
        await other.createProject({
          name: 'Race 1',
          identifier: 'RACE1',
          externalId: String(race.projectId),
          externalSource: `odoo:${harness.odoo.db}:project.project`,
        })
      )._unsafeUnwrap();
    const recordPendingAsOtherWorker = async (): Promise<Mapping> =>
      (
        await harness.store.put(
          {
            key: { model: 'project.project', odooId: race.projectId },
            status: 'pending',
            planeId: null,
            planeProjectId: null,
            shadow: {},
            updatedAt: harness.clock.now(),
          },
          null,
        )
      )._unsafeUnwrap();
    return { engine, race, createAsOtherWorker, recordPendingAsOtherWorker };
  };

  it("waits for another worker's pending project and re-reads it instead of creating one", async () => {
    const { engine, race, createAsOtherWorker, recordPendingAsOtherWorker } = await start(false);
    const pending = await recordPendingAsOtherWorker();

    const job = engine.run(raceTaskJobs(race)[0]!);
    await settleUntil(() => harness.clock.pendingSleeps() > 0);
    const createdMeanwhile = planeSideOf(harness, race).projects.length;
    const project = await createAsOtherWorker();
    (
      await harness.store.put(
        { ...pending, status: 'active', planeId: project.id, planeProjectId: project.id },
        pending.version,
      )
    )._unsafeUnwrap();
    // Well inside the staleness window: the waiting job polls again and finds the project active.
    await harness.clock.advance(1_000);
    const result = await job;

    expect(createdMeanwhile).toBe(0);
    expect(result.isOk()).toBe(true);
    const plane = planeSideOf(harness, race);
    expect(plane.projects.map((item) => item.id)).toEqual([project.id]);
    expect(plane.projectItems).toHaveLength(1);
    expect(plane.itemsOf.get(race.taskIds[0]!)).toHaveLength(1);
    expect(await harness.ledger.list({ outcome: 'failed' })).toEqual([]);
  });

  it('resolves a stale pending project (a crashed worker) by external id, as crash recovery does', async () => {
    const { engine, race, createAsOtherWorker, recordPendingAsOtherWorker } = await start(false);
    await recordPendingAsOtherWorker();
    const project = await createAsOtherWorker();
    await harness.clock.advance(60_000);

    const result = await engine.run(raceTaskJobs(race)[0]!);

    expect(result.isOk()).toBe(true);
    expect(planeSideOf(harness, race).projects.map((item) => item.id)).toEqual([project.id]);
    expect(
      (await harness.store.get({ model: 'project.project', odooId: race.projectId }))?.planeId,
    ).toBe(project.id);
  });

  it('adopts its own project when Plane answers 409 because another worker just created it', async () => {
    const { engine, race, createAsOtherWorker } = await start(true);
    const project = await createAsOtherWorker();
    // The list before the create does not show it yet (the other worker's create lands right after it).
    harness.plane.faults.next(
      { method: 'GET', path: /\/projects\/$/ },
      {
        status: 200,
        body: {
          grouped_by: null,
          sub_grouped_by: null,
          total_count: 0,
          next_cursor: '100:1:0',
          prev_cursor: '100:-1:1',
          next_page_results: false,
          prev_page_results: false,
          count: 0,
          total_pages: 0,
          total_results: 0,
          extra_stats: null,
          results: [],
        },
      },
    );

    const result = await engine.run(raceTaskJobs(race)[0]!);

    expect(result.isOk()).toBe(true);
    expect(harness.plane.listProjects()).toHaveLength(1);
    expect(planeSideOf(harness, race).projects.map((item) => item.id)).toEqual([project.id]);
    const decisions = (await harness.ledger.list()).map((entry) => entry.decision);
    expect(decisions).toContain('adopted existing Plane project RACE1');
    expect(await harness.ledger.list({ outcome: 'failed' })).toEqual([]);
  });
});

describe('jobs racing on a project that needs cycles turned on', () => {
  it('turns cycles on once when tasks of two new milestones of a cycle-less project race', async () => {
    const harness = createHarness({ odooVersion: 17 });
    harness.listen();
    try {
      const engine = harness.createEngine();
      const race = createRaceProject(harness, { taskCount: 1, withMilestone: false, subtasks: 0 });
      harness.odoo.write('project.project', [race.projectId], { allow_milestones: false });
      (await engine.syncProjectTree(race.projectId))._unsafeUnwrap();
      harness.odoo.write('project.project', [race.projectId], { allow_milestones: true });
      const jobs: SyncJob[] = [1, 2].map((index) => {
        const milestoneId = harness.odoo.create('project.milestone', {
          name: `Later ${index}`,
          project_id: race.projectId,
          deadline: `2026-0${index + 3}-28`,
        });
        const odooId = harness.odoo.create('project.task', {
          name: `Later task ${index}`,
          project_id: race.projectId,
          description: '<p>later</p>',
          milestone_id: milestoneId,
          user_ids: [[6, 0, []]],
        });
        return { kind: 'odoo-record', model: 'project.task', odooId };
      });

      const results = await Promise.all(jobs.map((job) => engine.run(job)));

      expect(results.every((result) => result.isOk())).toBe(true);
      expect(await harness.ledger.list({ outcome: 'failed' })).toEqual([]);
      const planeProjectId = planeSideOf(harness, race).projects[0]!.id;
      expect(harness.plane.listCycles(planeProjectId)).toHaveLength(2);
    } finally {
      harness.close();
    }
  });
});
