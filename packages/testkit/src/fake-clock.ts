/**
 * A clock whose time only moves when told to. Shaped like the `Clock` the packages take
 * (`now()` in epoch milliseconds, `sleep(ms)`), so one fake drives simulators, clients and the engine alike.
 */
export interface FakeClock {
  /** Current simulated time in epoch milliseconds. */
  now(): number;
  /** Resolves when simulated time reaches now + ms (see `autoAdvance`). */
  sleep(ms: number): Promise<void>;
  /** Moves time forward by `ms`, waking every sleeper whose time has come, in order. */
  advance(ms: number): Promise<void>;
  /** Sets the time (never backwards) and wakes due sleepers. */
  set(epochMs: number): Promise<void>;
  /** How many sleepers are waiting. */
  pendingSleeps(): number;
}

export interface FakeClockOptions {
  /** Start time; default 2026-01-05T09:00:00Z. */
  readonly start?: Date | number;
  /**
   * When true (the default), a sleeper that is the only thing left to do moves time to its own wake-up
   * moment: time jumps instead of passing, so a test of five simulated minutes of rate limiting runs at once.
   * When false, only `advance` and `set` move time.
   */
  readonly autoAdvance?: boolean;
}

interface Sleeper {
  readonly wakeAt: number;
  readonly sequence: number;
  readonly resolve: () => void;
}

/**
 * Creates a fake clock for tests and benchmarks.
 *
 * @example
 * const clock = createFakeClock({ start: new Date('2026-01-05T09:00:00Z') });
 * await clock.sleep(60_000); // returns at once; clock.now() moved by a minute
 */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  const autoAdvance = options.autoAdvance ?? true;
  let current =
    options.start === undefined
      ? Date.parse('2026-01-05T09:00:00Z')
      : typeof options.start === 'number'
        ? options.start
        : options.start.getTime();
  let sequence = 0;
  let sleepers: Sleeper[] = [];
  let autoAdvanceScheduled = false;

  const wakeDue = (): void => {
    const due = sleepers.filter((sleeper) => sleeper.wakeAt <= current);
    sleepers = sleepers.filter((sleeper) => sleeper.wakeAt > current);
    due.sort((a, b) => a.wakeAt - b.wakeAt || a.sequence - b.sequence);
    for (const sleeper of due) sleeper.resolve();
  };

  // Waits until every pending promise callback has run (a macrotask turn), then jumps to the earliest
  // sleeper. Work that is still running keeps time still, as on a real machine where it takes ~0 ms.
  const scheduleAutoAdvance = (): void => {
    if (!autoAdvance || autoAdvanceScheduled) return;
    autoAdvanceScheduled = true;
    setImmediate(() => {
      autoAdvanceScheduled = false;
      const next = sleepers.reduce<Sleeper | undefined>(
        (earliest, sleeper) =>
          earliest === undefined || sleeper.wakeAt < earliest.wakeAt ? sleeper : earliest,
        undefined,
      );
      if (next === undefined) return;
      current = Math.max(current, next.wakeAt);
      wakeDue();
      if (sleepers.length > 0) scheduleAutoAdvance();
    });
  };

  const flush = async (): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  return {
    now: () => current,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (ms <= 0) {
          resolve();
          return;
        }
        sequence += 1;
        sleepers.push({ wakeAt: current + ms, sequence, resolve });
        scheduleAutoAdvance();
      }),
    advance: async (ms) => {
      current += Math.max(0, ms);
      wakeDue();
      await flush();
    },
    set: async (epochMs) => {
      current = Math.max(current, epochMs);
      wakeDue();
      await flush();
    },
    pendingSleeps: () => sleepers.length,
  };
}
