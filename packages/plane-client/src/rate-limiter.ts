import type { Clock } from './clock.js';
import { LANE_RANK, nextWaiter, waitingPerLane, type Waiter } from './rate-limit-queue.js';
import {
  msUntilOldestLeaves,
  stampsAfterServerReport,
  stampsInWindow,
  type Stamp,
} from './rate-limit-window.js';

/**
 * Priority lanes sharing one budget: live events first, then reconciliation, then backfill. A waiting
 * request in a higher lane is always granted before one in a lower lane; within a lane, first come first
 * served.
 */
export type PlaneLane = 'live' | 'reconcile' | 'backfill';

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

/** The bookkeeping one limiter shares between its slots, its pump and its read-outs. */
interface LimiterState {
  /** False for `rateLimit: false`: nothing is counted, but a 429 still pauses every lane. */
  readonly budgeted: boolean;
  readonly requests: number;
  readonly windowMs: number;
  stamps: Stamp[];
  waiters: Waiter[];
  pausedUntil: number;
  sequence: number;
  /** Whether a pump is running; there is at most one. */
  pumping: boolean;
  /**
   * The request that opened an empty window. Until it is answered, nothing else is sent: its
   * X-RateLimit-Remaining tells how much of the window other clients of the same key already spent.
   */
  probe: Stamp | undefined;
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
  const state: LimiterState = {
    budgeted: limit !== false,
    requests: limit === false ? Number.POSITIVE_INFINITY : Math.max(1, limit.requests),
    windowMs: limit === false ? 0 : Math.max(1, limit.windowMs),
    stamps: [],
    waiters: [],
    pausedUntil: Number.NEGATIVE_INFINITY,
    sequence: 0,
    pumping: false,
    probe: undefined,
  };

  const pump = (): Promise<void> => pumpSlots(state, clock, makeSlot);
  const makeSlot = (stamp: Stamp): RateLimitSlot => ({
    settle: (feedback) => {
      recordAnswer(state, stamp, feedback, clock.now());
      void pump();
    },
  });

  const used = (): number => {
    state.stamps = stampsInWindow(state.stamps, clock.now(), state.windowMs);
    return state.stamps.length;
  };
  const waiting = (): Record<PlaneLane, number> => waitingPerLane(state.waiters);

  return {
    acquire: (lane) =>
      new Promise<RateLimitSlot>((resolve) => {
        state.sequence += 1;
        state.waiters.push({ lane, rank: LANE_RANK[lane], sequence: state.sequence, resolve });
        void pump();
      }),
    used,
    waiting,
    budget: () => {
      if (!state.budgeted)
        return { limit: null, windowMs: null, used: 0, remaining: null, waiting: waiting() };
      const spent = used();
      return {
        limit: state.requests,
        windowMs: state.windowMs,
        used: spent,
        remaining: Math.max(0, state.requests - spent),
        waiting: waiting(),
      };
    },
  };
}

/**
 * Books the answer to `stamp`'s request: re-stamps it at `now`, ends the probe, pauses every lane for a
 * 429's `Retry-After`, and folds in Plane's `X-RateLimit-Remaining`.
 */
function recordAnswer(
  state: LimiterState,
  stamp: Stamp,
  feedback: Parameters<RateLimitSlot['settle']>[0],
  now: number,
): void {
  stamp.at = Math.max(stamp.at, now);
  if (state.probe === stamp) state.probe = undefined;
  // A 429 pauses every lane even when this client keeps no budget of its own.
  if (feedback.retryAfterMs !== undefined) {
    state.pausedUntil = Math.max(state.pausedUntil, now + feedback.retryAfterMs);
  }
  if (state.budgeted && feedback.remaining !== undefined && Number.isFinite(feedback.remaining)) {
    state.stamps = stampsAfterServerReport(stampsInWindow(state.stamps, now, state.windowMs), {
      requests: state.requests,
      remaining: feedback.remaining,
      now,
    });
  }
}

/**
 * Hands out slots to waiters, highest lane first. One pump runs at a time; it sleeps on the injected
 * clock until the oldest stamp leaves the window (or a pause ends), then re-checks, so priorities are
 * decided at the moment a slot frees.
 */
async function pumpSlots(
  state: LimiterState,
  clock: Clock,
  makeSlot: (stamp: Stamp) => RateLimitSlot,
): Promise<void> {
  if (state.pumping) return;
  state.pumping = true;
  try {
    for (;;) {
      const waiter = nextWaiter(state.waiters);
      if (waiter === undefined) return;
      const now = clock.now();
      if (now < state.pausedUntil) {
        await clock.sleep(state.pausedUntil - now);
        continue;
      }
      state.stamps = stampsInWindow(state.stamps, now, state.windowMs);
      if (state.stamps.length >= state.requests) {
        await clock.sleep(msUntilOldestLeaves(state.stamps, state.windowMs, now));
        continue;
      }
      // settle() of the probe restarts the pump.
      if (state.probe !== undefined) return;
      state.waiters = state.waiters.filter((candidate) => candidate !== waiter);
      const stamp: Stamp = { at: now };
      if (state.budgeted) {
        if (state.stamps.length === 0) state.probe = stamp;
        state.stamps.push(stamp);
      }
      waiter.resolve(makeSlot(stamp));
    }
  } finally {
    state.pumping = false;
  }
}
