import type { Clock } from './ports.js';

/**
 * The wall clock and a real timer: the {@link Clock} hosts pass in when they are not simulating time.
 * Defined here, beside the port, so every package that injects a clock (the agent, the simulators, the
 * examples) takes the same one. The engine itself never reaches for it: it only ever calls the clock it
 * was given, which is why this is the one place in sync-core allowed to read the time.
 *
 * @example
 * const engine = createSyncEngine({ ...ports, clock: systemClock });
 */
export const systemClock: Clock = {
  // eslint-disable-next-line no-restricted-properties -- the one wall clock; see above
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise<void>((resolve) => {
      // eslint-disable-next-line no-restricted-globals -- the one real timer; see above
      setTimeout(resolve, Math.max(0, ms));
    }),
};
