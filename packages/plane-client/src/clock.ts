/**
 * Time and waiting, injected so tests and benchmarks run on simulated time. The same shape as the
 * `Clock` port of `@odoo-plane-sync/sync-core` (epoch milliseconds), so one clock drives everything.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The wall clock, used when no clock is injected. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, Math.max(0, ms));
    }),
};
