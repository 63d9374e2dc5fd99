import { describe, expect, it } from 'vitest';
import { LANE_RANK, nextWaiter, waitingPerLane, type Waiter } from './rate-limit-queue.js';
import type { PlaneLane } from './rate-limiter.js';

function waiter(lane: PlaneLane, sequence: number): Waiter {
  return { lane, rank: LANE_RANK[lane], sequence, resolve: () => undefined };
}

describe('nextWaiter', () => {
  it('serves the highest lane first, and within a lane the earliest arrival', () => {
    const waiters = [
      waiter('backfill', 1),
      waiter('reconcile', 2),
      waiter('live', 4),
      waiter('live', 3),
    ];

    expect(nextWaiter(waiters)).toBe(waiters[3]);
    expect(nextWaiter(waiters.slice(0, 2))).toBe(waiters[1]);
    expect(nextWaiter([])).toBeUndefined();
  });
});

describe('waitingPerLane', () => {
  it('counts the waiters of every lane, zero included', () => {
    const waiters = [waiter('backfill', 1), waiter('live', 2), waiter('backfill', 3)];

    expect(waitingPerLane(waiters)).toEqual({ live: 1, reconcile: 0, backfill: 2 });
  });
});
