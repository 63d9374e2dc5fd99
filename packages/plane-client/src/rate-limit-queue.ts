import type { PlaneLane, RateLimitSlot } from './rate-limiter.js';

/** A request waiting for a slot. */
export interface Waiter {
  readonly lane: PlaneLane;
  readonly rank: number;
  /** Arrival order, for first come first served within a lane. */
  readonly sequence: number;
  readonly resolve: (slot: RateLimitSlot) => void;
}

/** Lower ranks are served first. */
export const LANE_RANK: Readonly<Record<PlaneLane, number>> = {
  live: 0,
  reconcile: 1,
  backfill: 2,
};

/** The waiter to serve next: the highest lane, and within it the earliest arrival. */
export function nextWaiter(waiters: readonly Waiter[]): Waiter | undefined {
  return waiters.reduce<Waiter | undefined>(
    (best, waiter) =>
      best === undefined ||
      waiter.rank < best.rank ||
      (waiter.rank === best.rank && waiter.sequence < best.sequence)
        ? waiter
        : best,
    undefined,
  );
}

/** How many requests wait, per lane. */
export function waitingPerLane(waiters: readonly Waiter[]): Record<PlaneLane, number> {
  const counts: Record<PlaneLane, number> = { live: 0, reconcile: 0, backfill: 0 };
  for (const waiter of waiters) counts[waiter.lane] += 1;
  return counts;
}
