/**
 * The time source the client waits on between retries. Same shape as the `Clock` port everywhere in the
 * project (epoch milliseconds), so tests drive retries with a fake clock instead of sleeping.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock, used when none is injected. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, Math.max(0, ms));
    }),
};
