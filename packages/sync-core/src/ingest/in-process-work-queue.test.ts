import { describe, expect, it } from 'vitest';
import type { WorkOutcome } from '../ports.js';
import type { SyncJob } from '../sync-job.js';
import { coalesceJobs, createInProcessWorkQueue } from './in-process-work-queue.js';

const task = (odooId: number): SyncJob => ({ kind: 'odoo-record', model: 'project.task', odooId });
const planeJob = (actorId?: string): SyncJob => ({
  kind: 'plane-work-item',
  planeProjectId: 'p',
  workItemId: 'w',
  ...(actorId === undefined ? {} : { actorId }),
});

/** A run function whose jobs finish only when the test releases them. */
function gatedRunner() {
  const started: SyncJob[] = [];
  const releases: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (job: SyncJob): Promise<WorkOutcome> => {
    started.push(job);
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((resolve) => releases.push(resolve));
    active -= 1;
    return { status: 'done' };
  };
  const releaseAll = async (): Promise<void> => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, started, releaseAll, maxActive: () => maxActive };
}

describe('createInProcessWorkQueue', () => {
  it('runs one job when a burst for one entity arrives in one tick, settling every caller', async () => {
    const runs: SyncJob[] = [];
    const queue = createInProcessWorkQueue({
      run: (job) => {
        runs.push(job);
        return Promise.resolve({ status: 'done' });
      },
    });

    const outcomes = await Promise.all([
      queue.enqueue(task(1)),
      queue.enqueue(task(1)),
      queue.enqueue(task(1)),
    ]);

    expect(runs).toEqual([task(1)]);
    expect(outcomes).toEqual(Array.from({ length: 3 }, () => ({ status: 'done' })));
  });

  it('keeps one entity serial and lets the latest waiting job replace older ones', async () => {
    const runner = gatedRunner();
    const queue = createInProcessWorkQueue({ run: runner.run, concurrency: 4 });
    const first = queue.enqueue(planeJob('a'));
    await new Promise((resolve) => setImmediate(resolve));

    const second = queue.enqueue(planeJob('a'));
    const third = queue.enqueue(planeJob('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.started).toHaveLength(1);
    expect(queue.size()).toBe(2);
    await runner.releaseAll();
    await Promise.all([first, second, third]);
    await queue.onIdle();

    expect(runner.started).toHaveLength(2);
    expect(runner.maxActive()).toBe(1);
    expect(queue.size()).toBe(0);
  });

  it('runs different entities side by side up to the concurrency', async () => {
    const runner = gatedRunner();
    const queue = createInProcessWorkQueue({ run: runner.run, concurrency: 2 });

    const all = [1, 2, 3].map((id) => queue.enqueue(task(id)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.started).toHaveLength(2);
    await runner.releaseAll();
    await Promise.all(all);

    expect(runner.started).toHaveLength(3);
    expect(runner.maxActive()).toBe(2);
  });

  it('runs live jobs before reconcile jobs before backfill jobs', async () => {
    const runner = gatedRunner();
    const queue = createInProcessWorkQueue({ run: runner.run, concurrency: 1 });
    const blocker = queue.enqueue(task(0));
    await new Promise((resolve) => setImmediate(resolve));

    const rest = [
      queue.enqueue(task(1), { lane: 'backfill' }),
      queue.enqueue(task(2), { lane: 'reconcile' }),
      queue.enqueue(task(3), { lane: 'live' }),
    ];
    await runner.releaseAll();
    await Promise.all([blocker, ...rest]);

    expect(runner.started).toEqual([task(0), task(3), task(2), task(1)]);
  });

  it('lifts a waiting backfill job to the live lane when a live job replaces it', async () => {
    const runner = gatedRunner();
    const queue = createInProcessWorkQueue({ run: runner.run, concurrency: 1 });
    const blocker = queue.enqueue(task(0));
    await new Promise((resolve) => setImmediate(resolve));

    const rest = [
      queue.enqueue(task(1), { lane: 'backfill' }),
      queue.enqueue(task(2), { lane: 'reconcile' }),
      queue.enqueue(task(1), { lane: 'live' }),
    ];
    await runner.releaseAll();
    await Promise.all([blocker, ...rest]);

    expect(runner.started).toEqual([task(0), task(1), task(2)]);
  });

  it('reports a throwing run as a failed outcome', async () => {
    const queue = createInProcessWorkQueue({
      run: () => Promise.reject(new Error('boom')),
    });

    expect(await queue.enqueue(task(1))).toEqual({ status: 'failed', reason: 'boom' });
  });
});

describe('coalesceJobs', () => {
  it('keeps the newer job, dropping the actor when the two deliveries had different actors', () => {
    expect(coalesceJobs(planeJob('human'), planeJob('bot'))).toEqual(planeJob());
    expect(coalesceJobs(planeJob('bot'), planeJob('bot'))).toEqual(planeJob('bot'));
    expect(coalesceJobs(task(1), task(1))).toEqual(task(1));
  });
});
