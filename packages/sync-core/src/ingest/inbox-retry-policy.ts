/** When failed inbox events run again, and when they stop (dead letter). */
export interface InboxRetryPolicy {
  /**
   * Delay before the automatic retry after the 1st, 2nd, … failed run; the last delay repeats for every
   * later failure. Default 1 min, 5 min, 30 min, then hourly.
   */
  readonly delaysMs: readonly number[];
  /** Runs (the first one included) after which a still failing event is dead-lettered. Default 24. */
  readonly maxAttempts: number;
}

/** Default retry policy: 1 min, 5 min, 30 min, then hourly, dead after 24 runs (about 21 hours). */
export const defaultInboxRetryPolicy: InboxRetryPolicy = {
  delaysMs: [60_000, 5 * 60_000, 30 * 60_000, 60 * 60_000],
  maxAttempts: 24,
};

/**
 * When an event whose run number `attempts` (1 for its first run) just failed at `now` runs again, or
 * null when it has had its `maxAttempts` runs and becomes a dead letter.
 *
 * @example
 * retryAtAfterFailure(defaultInboxRetryPolicy, 1, now); // now + 60 000
 */
export function retryAtAfterFailure(
  policy: InboxRetryPolicy,
  attempts: number,
  now: number,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const delays = policy.delaysMs;
  const delay = delays[Math.min(Math.max(attempts, 1), delays.length) - 1] ?? 0;
  return now + delay;
}
