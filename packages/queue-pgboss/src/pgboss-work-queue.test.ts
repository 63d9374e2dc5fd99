import {
  entityKeyOf,
  type GitHubPullRequestState,
  type SyncJob,
  type WorkOutcome,
} from '@odoo-plane-sync/sync-core';
import PgBoss from 'pg-boss';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgBossWorkQueue, type PgBossWorkQueue } from './pgboss-work-queue.js';
import { databaseSkipReason, useTestSchema } from './test-database.js';

const skipReason = await databaseSkipReason('the pg-boss WorkQueue tests');

const task = (odooId: number): SyncJob => ({ kind: 'odoo-record', model: 'project.task', odooId });
const pullRequest = (number: number, state: GitHubPullRequestState): SyncJob => ({
  kind: 'github-signal',
  workItemKey: 'WEB-7',
  signal: {
    type: 'pull-request',
    repository: 'acme/web',
    number,
    title: `PR ${number}`,
    url: `https://github.com/acme/web/pull/${number}`,
    state,
  },
});
const yieldToIo = () => new Promise((resolve) => setImmediate(resolve));

/** A gate the test opens; runs waiting on it report when they started. */
function createGate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started: () => void = () => undefined;
  const firstStart = new Promise<void>((resolve) => {
    started = resolve;
  });
  return { opened, open, started, firstStart };
}

describe.skipIf(skipReason !== null)('createPgBossWorkQueue on Postgres', () => {
  const connection = useTestSchema();
  let queueNumber = 0;
  const instances: PgBossWorkQueue[] = [];
  const gates: ReturnType<typeof createGate>[] = [];

  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.open();
    for (const instance of instances.splice(0)) await instance.stop({ graceful: false });
  });

  /** Opens `count` instances on one fresh queue, each with the given run function. */
  const openWorkers = async (
    count: number,
    options: {
      run?: (job: SyncJob) => Promise<WorkOutcome>;
      concurrency?: number;
      retry?: { limit: number; delaySeconds: number; backoff: boolean };
      queueName?: string;
    },
  ): Promise<PgBossWorkQueue[]> => {
    queueNumber += 1;
    const opened: PgBossWorkQueue[] = [];
    for (let index = 0; index < count; index += 1) {
      const instance = await createPgBossWorkQueue({
        connection: connection(),
        queueName: options.queueName ?? `jobs-${queueNumber}`,
        retry: options.retry ?? { limit: 1, delaySeconds: 0, backoff: false },
        pollingIntervalSeconds: 0.5,
        concurrency: options.concurrency ?? 1,
        ...(options.run === undefined ? {} : { run: options.run }),
      });
      opened.push(instance);
      instances.push(instance);
    }
    return opened;
  };

  it('keeps each entity serial across three workers and runs its latest job last', async () => {
    const running = new Map<string, number>();
    let maxRunningPerKey = 0;
    const lastRun = new Map<string, SyncJob>();
    let runs = 0;
    const run = async (job: SyncJob): Promise<WorkOutcome> => {
      const key = entityKeyOf(job);
      runs += 1;
      running.set(key, (running.get(key) ?? 0) + 1);
      maxRunningPerKey = Math.max(maxRunningPerKey, running.get(key) ?? 0);
      for (let turn = 0; turn < 5; turn += 1) await yieldToIo();
      lastRun.set(key, job);
      running.set(key, (running.get(key) ?? 1) - 1);
      return { status: 'done' };
    };
    const workers = await openWorkers(3, { run, concurrency: 2 });
    const states: GitHubPullRequestState[] = [
      'open',
      'draft',
      'ready',
      'reopened',
      'closed',
      'merged',
    ];
    const numbers = [1, 2, 3, 4, 5];

    // Two producers take turns; each enqueue is stored before the next one starts.
    let turn = 0;
    for (const state of states) {
      for (const number of numbers) {
        const producer = workers[turn % 2]!;
        turn += 1;
        expect(await producer.enqueue(pullRequest(number, state))).toEqual({ status: 'done' });
      }
    }
    await workers[0]!.onIdle();

    expect(maxRunningPerKey).toBe(1);
    for (const number of numbers) {
      expect(lastRun.get(entityKeyOf(pullRequest(number, 'merged')))).toEqual(
        pullRequest(number, 'merged'),
      );
    }
    expect(runs).toBeLessThanOrEqual(states.length * numbers.length);
  }, 180_000);

  it('runs other entities while the job first in line waits for its own entity to finish', async () => {
    const gate = createGate();
    gates.push(gate);
    const finished: number[] = [];
    let secondEntityDone: () => void = () => undefined;
    const secondEntityFinished = new Promise<void>((resolve) => {
      secondEntityDone = resolve;
    });
    const run = async (job: SyncJob): Promise<WorkOutcome> => {
      if (job.kind === 'odoo-record' && job.odooId === 1 && finished.length === 0) {
        gate.started();
        await gate.opened;
      }
      if (job.kind === 'odoo-record') finished.push(job.odooId);
      if (job.kind === 'odoo-record' && job.odooId === 2) secondEntityDone();
      return { status: 'done' };
    };
    const [worker] = (await openWorkers(1, { run, concurrency: 2 })) as [PgBossWorkQueue];

    await worker.enqueue(task(1));
    await gate.firstStart;
    // Entity 1 runs; its next job waits first in line, then entity 2's job arrives behind it.
    await worker.enqueue(task(1));
    await worker.enqueue(task(2));
    await secondEntityFinished;
    gate.open();
    await worker.onIdle();

    expect(finished).toEqual([2, 1, 1]);
  }, 60_000);

  it('creates a stately queue with retries, backoff and a dead-letter queue', async () => {
    await openWorkers(1, {
      queueName: 'configured',
      retry: { limit: 4, delaySeconds: 7, backoff: true },
    });
    const boss = new PgBoss({ ...connection(), supervise: false });
    boss.on('error', () => undefined);
    await boss.start();

    const queue = await boss.getQueue('configured');
    await boss.stop({ graceful: false });

    expect(queue).toMatchObject({
      policy: 'stately',
      retryLimit: 4,
      retryDelay: 7,
      retryBackoff: true,
      deadLetter: 'configured-dead-letter',
    });
  });

  it('retries a failing run, dead-letters it with its reason, and replays it from there', async () => {
    const attempts: SyncJob[] = [];
    let upstreamDown = true;
    const [queue] = await openWorkers(1, {
      run: (job) => {
        attempts.push(job);
        return Promise.resolve(
          upstreamDown ? { status: 'failed', reason: 'Plane answered 503' } : { status: 'done' },
        );
      },
      retry: { limit: 2, delaySeconds: 0, backoff: false },
    });

    expect(await queue!.enqueue(task(5))).toEqual({ status: 'done' });
    await queue!.onIdle();
    const letters = await queue!.deadLetters();

    expect(attempts).toEqual([task(5), task(5), task(5)]);
    expect(letters).toEqual([
      {
        id: expect.any(String) as unknown,
        job: task(5),
        reason: 'Plane answered 503',
        failedAt: expect.any(Date) as unknown,
      },
    ]);

    upstreamDown = false;
    expect(await queue!.replayDeadLetter(letters[0]!.id)).toBe(true);
    await queue!.onIdle();

    expect(attempts).toHaveLength(4);
    expect(await queue!.deadLetters()).toEqual([]);
    expect(await queue!.replayDeadLetter(letters[0]!.id)).toBe(false);
  });

  it('finishes a running job on a graceful stop', async () => {
    const gate = createGate();
    gates.push(gate);
    let runs = 0;
    const [stopping] = await openWorkers(1, {
      run: async () => {
        runs += 1;
        gate.started();
        await gate.opened;
        return { status: 'done' };
      },
    });
    await stopping!.enqueue(task(1));
    await gate.firstStart;

    const stopped = stopping!.stop({ graceful: true, timeoutMs: 60_000 });
    gate.open();
    await stopped;
    instances.splice(instances.indexOf(stopping!), 1);
    const laterRuns: SyncJob[] = [];
    const queueName = `jobs-${queueNumber}`;
    const [successor] = await openWorkers(1, {
      queueName,
      run: (job) => {
        laterRuns.push(job);
        return Promise.resolve({ status: 'done' });
      },
    });
    await successor!.onIdle();

    expect(runs).toBe(1);
    expect(laterRuns).toEqual([]);
  });

  it('returns a job still running when a graceful stop times out, and another worker runs it', async () => {
    const gate = createGate();
    gates.push(gate);
    const [stopping] = await openWorkers(1, {
      run: async () => {
        gate.started();
        await gate.opened;
        return { status: 'done' };
      },
    });
    await stopping!.enqueue(task(2));
    await gate.firstStart;

    await stopping!.stop({ graceful: true, timeoutMs: 1_000 });
    instances.splice(instances.indexOf(stopping!), 1);
    const laterRuns: SyncJob[] = [];
    const [successor] = await openWorkers(1, {
      queueName: `jobs-${queueNumber}`,
      run: (job) => {
        laterRuns.push(job);
        return Promise.resolve({ status: 'done' });
      },
    });
    await successor!.onIdle();

    expect(laterRuns).toEqual([task(2)]);
    expect(await successor!.deadLetters()).toEqual([]);
  });

  it('answers a failed outcome, not a rejection, when Postgres cannot take the job', async () => {
    const [queue] = await openWorkers(1, {});
    await queue!.stop({ graceful: false });
    instances.splice(instances.indexOf(queue!), 1);

    const outcome = await queue!.enqueue(task(3));

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^pg-boss: /) as unknown,
    });
  });
});
