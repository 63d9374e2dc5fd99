import {
  entityKeyOf,
  type GitHubPullRequestState,
  type SyncJob,
  type WorkOutcome,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What the suite hands to the factory: the run function the queue's workers must call. */
export interface WorkQueueContractContext {
  /** Runs one job; the suite controls when it returns. */
  readonly run: (job: SyncJob) => Promise<WorkOutcome>;
  /**
   * Jobs of different entities that may run at once, over all workers together. A distributed queue
   * spreads them over several workers (instances) on one shared backend.
   */
  readonly concurrency: number;
}

/** One queue under test, with what the suite needs beyond the port. */
export interface WorkQueueContractSubject {
  readonly queue: WorkQueue;
  /**
   * Resolves once every job enqueued so far is visible to the workers. An in-process queue takes a job
   * synchronously and resolves at once; a distributed one resolves when its pending sends are stored.
   */
  readonly accepted: () => Promise<void>;
  close?(): Promise<void>;
}

export type WorkQueueContractFactory = (
  context: WorkQueueContractContext,
) => Promise<WorkQueueContractSubject>;

const task = (odooId: number): SyncJob => ({ kind: 'odoo-record', model: 'project.task', odooId });
const pullRequest = (state: GitHubPullRequestState): SyncJob => ({
  kind: 'github-signal',
  workItemKey: 'WEB-7',
  signal: {
    type: 'pull-request',
    repository: 'acme/web',
    number: 12,
    title: 'Checkout',
    url: 'https://github.com/acme/web/pull/12',
    state,
  },
});

/** A run function whose jobs wait at a gate the test opens, recording what ran and what overlapped. */
function createGatedRunner() {
  const started: SyncJob[] = [];
  const runningKeys = new Map<string, number>();
  let running = 0;
  let maxRunning = 0;
  let maxRunningPerKey = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const startWaiters: { count: number; resolve: () => void }[] = [];
  const failingKeys = new Set<string>();

  const run = async (job: SyncJob): Promise<WorkOutcome> => {
    const key = entityKeyOf(job);
    started.push(job);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    runningKeys.set(key, (runningKeys.get(key) ?? 0) + 1);
    maxRunningPerKey = Math.max(maxRunningPerKey, runningKeys.get(key) ?? 0);
    for (const waiter of startWaiters.filter((entry) => started.length >= entry.count))
      waiter.resolve();
    try {
      await gate;
      if (failingKeys.has(key)) throw new Error(`run of ${key} failed`);
      return { status: 'done' };
    } finally {
      running -= 1;
      runningKeys.set(key, (runningKeys.get(key) ?? 1) - 1);
    }
  };

  /** Resolves when at least `count` runs have started (no clock involved). */
  const startedAtLeast = (count: number): Promise<void> =>
    started.length >= count
      ? Promise.resolve()
      : new Promise((resolve) => startWaiters.push({ count, resolve }));

  return {
    run,
    started,
    startedAtLeast,
    release: () => open(),
    failFor: (job: SyncJob) => failingKeys.add(entityKeyOf(job)),
    maxRunning: () => maxRunning,
    maxRunningPerKey: () => maxRunningPerKey,
  };
}

/**
 * The `WorkQueue` contract: what every queue (in-process, Postgres, SQS) promises the inbox processor.
 *
 * - Every enqueued job runs, and `onIdle` resolves only after the runs ended; then `size()` is 0.
 * - Jobs of one entity (`entityKeyOf`) never run at the same time, even on different workers.
 * - A job enqueued while an older one of its entity still waits replaces it (latest pending wins): the
 *   entity runs once more, with the newest job.
 * - Lanes: waiting `live` jobs run before `reconcile` before `backfill`; a replacing job lifts the waiting
 *   one to the higher of the two lanes.
 * - A run that fails does not stop the queue.
 *
 * What `enqueue` resolves with is the implementation's to say (the run's outcome in-process, the
 * hand-over to the store for a durable queue); the suite only requires that it does not reject.
 *
 * @example
 * describeWorkQueueContract('in-process', ({ run, concurrency }) =>
 *   Promise.resolve({
 *     queue: createInProcessWorkQueue({ run, concurrency }),
 *     accepted: () => Promise.resolve(),
 *   }),
 * );
 */
export function describeWorkQueueContract(name: string, make: WorkQueueContractFactory): void {
  describe(`WorkQueue contract: ${name}`, () => {
    let runner = createGatedRunner();
    const subjects: WorkQueueContractSubject[] = [];

    beforeEach(() => {
      runner = createGatedRunner();
    });
    afterEach(async () => {
      runner.release();
      for (const subject of subjects.splice(0)) await subject.close?.();
    });

    const open = async (concurrency: number): Promise<WorkQueueContractSubject> => {
      const subject = await make({ run: runner.run, concurrency });
      subjects.push(subject);
      return subject;
    };

    it('runs every enqueued job, and is empty once idle', async () => {
      const { queue } = await open(2);
      runner.release();

      await Promise.all([task(1), task(2), task(3)].map((job) => queue.enqueue(job)));
      await queue.onIdle();

      expect(runner.started).toHaveLength(3);
      expect(runner.started).toEqual(expect.arrayContaining([task(1), task(2), task(3)]));
      expect(queue.size()).toBe(0);
    });

    it('runs one entity at a time while another entity runs beside it', async () => {
      const { queue, accepted } = await open(2);
      const first = queue.enqueue(task(1));
      await runner.startedAtLeast(1);

      const others = [queue.enqueue(task(2)), queue.enqueue(task(1))];
      await accepted();
      await runner.startedAtLeast(2);
      expect(runner.started).toEqual([task(1), task(2)]);
      runner.release();
      await Promise.all([first, ...others]);
      await queue.onIdle();

      expect(runner.started).toEqual([task(1), task(2), task(1)]);
      expect(runner.maxRunningPerKey()).toBe(1);
      expect(runner.maxRunning()).toBe(2);
    });

    it('lets the latest waiting job of an entity replace older ones', async () => {
      const { queue, accepted } = await open(2);
      const first = queue.enqueue(pullRequest('draft'));
      await runner.startedAtLeast(1);

      const later = [
        queue.enqueue(pullRequest('ready')),
        queue.enqueue(pullRequest('closed')),
        queue.enqueue(pullRequest('merged')),
      ];
      await accepted();
      runner.release();
      await Promise.all([first, ...later]);
      await queue.onIdle();

      expect(runner.started).toEqual([pullRequest('draft'), pullRequest('merged')]);
    });

    it('runs live jobs before reconcile jobs before backfill jobs', async () => {
      const { queue, accepted } = await open(1);
      const blocker = queue.enqueue(task(0));
      await runner.startedAtLeast(1);

      const rest = [
        queue.enqueue(task(1), { lane: 'backfill' }),
        queue.enqueue(task(2), { lane: 'reconcile' }),
        queue.enqueue(task(3), { lane: 'live' }),
      ];
      await accepted();
      runner.release();
      await Promise.all([blocker, ...rest]);
      await queue.onIdle();

      expect(runner.started).toEqual([task(0), task(3), task(2), task(1)]);
    });

    it('lifts a waiting backfill job to the live lane when a live job replaces it', async () => {
      const { queue, accepted } = await open(1);
      const blocker = queue.enqueue(task(0));
      await runner.startedAtLeast(1);

      const rest = [
        queue.enqueue(task(1), { lane: 'backfill' }),
        queue.enqueue(task(2), { lane: 'reconcile' }),
        queue.enqueue(task(1), { lane: 'live' }),
      ];
      await accepted();
      runner.release();
      await Promise.all([blocker, ...rest]);
      await queue.onIdle();

      expect(runner.started).toEqual([task(0), task(1), task(2)]);
    });

    it('keeps running other jobs after a run fails', async () => {
      const { queue } = await open(1);
      runner.failFor(task(9));
      runner.release();

      await Promise.all([queue.enqueue(task(9)), queue.enqueue(task(1))]);
      await queue.onIdle();

      expect(runner.started).toContainEqual(task(1));
      expect(queue.size()).toBe(0);
    });
  });
}
