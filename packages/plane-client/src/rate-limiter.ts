import type { Clock } from './clock.js';

/**
 * Priority lanes sharing one budget: live events first, then reconciliation, then backfill. A waiting
 * request in a higher lane is always granted before one in a lower lane; within a lane, first come first
 * served.
 */
export type PlaneLane = 'live' | 'reconcile' | 'backfill';

const LANE_RANK: Readonly<Record<PlaneLane, number>> = { live: 0, reconcile: 1, backfill: 2 };

/** The budget: at most `requests` requests in any `windowMs` sliding window. */
export interface RateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * What is left of one client's budget at this moment, for a status page: counted on the client's own
 * window, which folds in what Plane's `X-RateLimit-Remaining` reported.
 */
export interface PlaneBudget {
  /** Requests allowed per window; null when the client keeps no budget (`rateLimit: false`). */
  readonly limit: number | null;
  readonly windowMs: number | null;
  /** Requests counted in the current window (sent, in flight, or learned from Plane's headers). */
  readonly used: number;
  /** `limit - used`, never below 0; null without a budget. */
  readonly remaining: number | null;
  /** Requests waiting for a slot, per lane. */
  readonly waiting: Readonly<Record<PlaneLane, number>>;
}

/** A granted request slot. Call `settle` when the answer arrives. */
export interface RateLimitSlot {
  /**
   * Re-stamps the slot at the current time (the answer's arrival is never earlier than the server's count
   * of the request, so the window frees up no sooner than Plane's does) and feeds back what Plane reported.
   */
  settle(feedback: { readonly remaining?: number; readonly retryAfterMs?: number }): void;
}

/** One budget for one client instance. */
export interface RateLimiter {
  /** Waits until the budget allows one more request in `lane`. */
  acquire(lane: PlaneLane): Promise<RateLimitSlot>;
  /** Requests counted in the current window (sent, in flight, or learned from Plane's headers). */
  used(): number;
  /** How many requests wait for a slot, per lane. */
  waiting(): Readonly<Record<PlaneLane, number>>;
  /** The budget and what is left of it now. */
  budget(): PlaneBudget;
}

interface Stamp {
  at: number;
}

interface Waiter {
  readonly lane: PlaneLane;
  readonly rank: number;
  readonly sequence: number;
  readonly resolve: (slot: RateLimitSlot) => void;
}

/**
 * Creates a sliding-window limiter on an injected clock, the way Plane counts (DRF `SimpleRateThrottle`:
 * a request is allowed while fewer than `requests` requests were made in the last `windowMs`).
 *
 * Plane's own numbers are folded in: `X-RateLimit-Remaining` lower than the local count means another
 * client uses the same key, so the difference is counted as spent now; a 429's `Retry-After` pauses every
 * lane until it has passed. The first request of an empty window goes alone and the rest wait for its
 * answer, so a burst never starts before the client knows what the key has left.
 *
 * @example
 * const limiter = createRateLimiter({ requests: 60, windowMs: 60_000 }, clock);
 * const slot = await limiter.acquire('backfill');
 * const response = await fetch(url);
 * slot.settle({ remaining: Number(response.headers.get('x-ratelimit-remaining')) });
 */
export function createRateLimiter(limit: RateLimit | false, clock: Clock): RateLimiter {
  const requests = limit === false ? Number.POSITIVE_INFINITY : Math.max(1, limit.requests);
  const windowMs = limit === false ? 0 : Math.max(1, limit.windowMs);
  let stamps: Stamp[] = [];
  let waiters: Waiter[] = [];
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let sequence = 0;
  let pumping = false;
  // The request that opened an empty window. Until it is answered, nothing else is sent: its
  // X-RateLimit-Remaining tells how much of the window other clients of the same key already spent.
  let probe: Stamp | undefined;

  const prune = (now: number): void => {
    // DRF drops history entries with `entry <= now - duration`, so a slot is free again exactly one
    // window after its stamp.
    stamps = stamps.filter((stamp) => stamp.at > now - windowMs);
  };

  const makeSlot = (stamp: Stamp): RateLimitSlot => ({
    settle: (feedback) => {
      const now = clock.now();
      stamp.at = Math.max(stamp.at, now);
      if (probe === stamp) probe = undefined;
      // A 429 pauses every lane even when this client keeps no budget of its own.
      if (feedback.retryAfterMs !== undefined) {
        pausedUntil = Math.max(pausedUntil, now + feedback.retryAfterMs);
      }
      if (
        limit !== false &&
        feedback.remaining !== undefined &&
        Number.isFinite(feedback.remaining)
      ) {
        prune(now);
        const serverUsed = requests - Math.max(0, feedback.remaining);
        for (let extra = serverUsed - stamps.length; extra > 0; extra -= 1)
          stamps.push({ at: now });
      }
      void pump();
    },
  });

  const nextWaiter = (): Waiter | undefined =>
    waiters.reduce<Waiter | undefined>(
      (best, waiter) =>
        best === undefined ||
        waiter.rank < best.rank ||
        (waiter.rank === best.rank && waiter.sequence < best.sequence)
          ? waiter
          : best,
      undefined,
    );

  // One pump at a time hands out slots; it sleeps on the injected clock until the oldest stamp leaves
  // the window (or a pause ends), then re-checks, so priorities are decided at the moment a slot frees.
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const waiter = nextWaiter();
        if (waiter === undefined) return;
        const now = clock.now();
        if (now < pausedUntil) {
          await clock.sleep(pausedUntil - now);
          continue;
        }
        prune(now);
        if (stamps.length >= requests) {
          const oldest = Math.min(...stamps.map((stamp) => stamp.at));
          await clock.sleep(oldest + windowMs - now);
          continue;
        }
        // settle() of the probe restarts the pump.
        if (probe !== undefined) return;
        waiters = waiters.filter((candidate) => candidate !== waiter);
        const stamp: Stamp = { at: now };
        if (limit !== false) {
          if (stamps.length === 0) probe = stamp;
          stamps.push(stamp);
        }
        waiter.resolve(makeSlot(stamp));
      }
    } finally {
      pumping = false;
    }
  };

  const used = (): number => {
    prune(clock.now());
    return stamps.length;
  };
  const waiting = (): Record<PlaneLane, number> => {
    const counts: Record<PlaneLane, number> = { live: 0, reconcile: 0, backfill: 0 };
    for (const waiter of waiters) counts[waiter.lane] += 1;
    return counts;
  };

  return {
    acquire: (lane) =>
      new Promise<RateLimitSlot>((resolve) => {
        sequence += 1;
        waiters.push({ lane, rank: LANE_RANK[lane], sequence, resolve });
        void pump();
      }),
    used,
    waiting,
    budget: () => {
      if (limit === false)
        return { limit: null, windowMs: null, used: 0, remaining: null, waiting: waiting() };
      const spent = used();
      return {
        limit: requests,
        windowMs,
        used: spent,
        remaining: Math.max(0, requests - spent),
        waiting: waiting(),
      };
    },
  };
}
