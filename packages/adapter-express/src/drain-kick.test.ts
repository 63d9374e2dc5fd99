import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDrainKick } from './drain-kick.js';

/** A kick whose drains are counted. */
function countedKick(): { kick: () => void; drains: () => number } {
  let drains = 0;
  const kick = createDrainKick(
    () => {
      drains += 1;
      return Promise.resolve();
    },
    20,
    () => undefined,
  );
  return { kick, drains: () => drains };
}

describe('createDrainKick', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one drain for every kick within the delay, and none before it', () => {
    const { kick, drains } = countedKick();

    for (let index = 0; index < 5; index += 1) kick();
    vi.advanceTimersByTime(19);
    const before = drains();
    vi.advanceTimersByTime(1);

    expect(before).toBe(0);
    expect(drains()).toBe(1);
  });

  it('sets the timer again for the first kick after a drain started', () => {
    const { kick, drains } = countedKick();

    kick();
    vi.advanceTimersByTime(20);
    kick();
    kick();
    vi.advanceTimersByTime(20);

    expect(drains()).toBe(2);
  });

  it('reports a failed drain instead of leaving its rejection unhandled', async () => {
    const failures: unknown[] = [];
    const kick = createDrainKick(
      () => Promise.reject(new Error('database is locked')),
      20,
      (error) => failures.push(error),
    );

    kick();
    await vi.advanceTimersByTimeAsync(20);

    expect(failures).toEqual([new Error('database is locked')]);
  });
});
