import { createFakeClock } from '@odoo-plane-sync/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, type PlaneLane } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('grants up to the limit at once, then one slot per expiring stamp', async () => {
    const clock = createFakeClock({ start: 0 });
    const limiter = createRateLimiter({ requests: 3, windowMs: 60_000 }, clock);
    const grantedAt: number[] = [];

    await Promise.all(
      Array.from({ length: 7 }, async () => {
        const slot = await limiter.acquire('live');
        grantedAt.push(clock.now());
        slot.settle({});
      }),
    );

    expect(grantedAt).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it('serves live before reconcile before backfill when a slot frees up', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const limiter = createRateLimiter({ requests: 1, windowMs: 1_000 }, clock);
    const first = await limiter.acquire('live');
    first.settle({});
    const order: PlaneLane[] = [];
    const lanes: PlaneLane[] = ['backfill', 'reconcile', 'backfill', 'live', 'reconcile'];

    const waiting = lanes.map(async (lane) => {
      const slot = await limiter.acquire(lane);
      order.push(lane);
      slot.settle({});
    });
    for (let step = 0; step < lanes.length; step += 1) await clock.advance(1_000);
    await Promise.all(waiting);

    expect(order).toEqual(['live', 'reconcile', 'reconcile', 'backfill', 'backfill']);
  });

  it('stamps a slot when its answer arrives, so the window frees no sooner than the server', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const limiter = createRateLimiter({ requests: 1, windowMs: 1_000 }, clock);
    const slot = await limiter.acquire('live');
    await clock.advance(400);
    slot.settle({});
    let grantedAt = -1;

    const next = limiter.acquire('live').then(() => {
      grantedAt = clock.now();
    });
    await clock.advance(600);
    const earlyGrant = grantedAt;
    await clock.advance(400);
    await next;

    expect(earlyGrant).toBe(-1);
    expect(grantedAt).toBe(1_400);
  });

  it('holds a burst in an empty window until the first answer arrives', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const limiter = createRateLimiter({ requests: 10, windowMs: 60_000 }, clock);
    const granted: number[] = [];

    const first = limiter.acquire('live').then((slot) => {
      granted.push(1);
      return slot;
    });
    const rest = [2, 3].map((number) =>
      limiter.acquire('live').then((slot) => {
        granted.push(number);
        slot.settle({});
      }),
    );
    const probe = await first;
    await clock.advance(0);
    const beforeAnswer = [...granted];
    probe.settle({ remaining: 9 });
    await Promise.all(rest);

    expect(beforeAnswer).toEqual([1]);
    expect(granted).toEqual([1, 2, 3]);
  });

  it('counts requests Plane reports beyond its own as spent now', async () => {
    const clock = createFakeClock({ start: 0 });
    const limiter = createRateLimiter({ requests: 10, windowMs: 60_000 }, clock);

    const slot = await limiter.acquire('live');
    slot.settle({ remaining: 2 });

    expect(limiter.used()).toBe(8);
    expect(limiter.waiting()).toEqual({ live: 0, reconcile: 0, backfill: 0 });
  });

  it('pauses every lane until a Retry-After has passed', async () => {
    const clock = createFakeClock({ start: 0 });
    const limiter = createRateLimiter({ requests: 100, windowMs: 60_000 }, clock);
    const slot = await limiter.acquire('live');

    slot.settle({ retryAfterMs: 5_000 });
    await limiter.acquire('backfill');

    expect(clock.now()).toBe(5_000);
  });

  it('tells what is left of the budget, counting what Plane reported and who waits', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const limiter = createRateLimiter({ requests: 10, windowMs: 60_000 }, clock);
    const probe = await limiter.acquire('live');
    const waiting = limiter.acquire('backfill');
    const beforeAnswer = limiter.budget();

    probe.settle({ remaining: 6 });
    (await waiting).settle({});
    const afterAnswer = limiter.budget();
    await clock.advance(60_000);

    expect(beforeAnswer).toEqual({
      limit: 10,
      windowMs: 60_000,
      used: 1,
      remaining: 9,
      waiting: { live: 0, reconcile: 0, backfill: 1 },
    });
    expect(afterAnswer).toMatchObject({ used: 5, remaining: 5 });
    expect(limiter.budget()).toMatchObject({ used: 0, remaining: 10 });
  });

  it('reports no budget when rate limiting is disabled', () => {
    const limiter = createRateLimiter(false, createFakeClock({ start: 0 }));

    expect(limiter.budget()).toEqual({
      limit: null,
      windowMs: null,
      used: 0,
      remaining: null,
      waiting: { live: 0, reconcile: 0, backfill: 0 },
    });
  });

  it('never waits when rate limiting is disabled', async () => {
    const clock = createFakeClock({ start: 0 });
    const limiter = createRateLimiter(false, clock);

    for (let index = 0; index < 500; index += 1) (await limiter.acquire('backfill')).settle({});

    expect(clock.now()).toBe(0);
    expect(limiter.used()).toBe(0);
  });
});

describe('createRateLimiter (property)', () => {
  it('never grants more than the limit within any window, whatever the arrivals and lanes', async () => {
    const lane = fc.constantFrom<PlaneLane>('live', 'reconcile', 'backfill');
    const arrival = fc.record({ atMs: fc.integer({ min: 0, max: 5_000 }), lane });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 100, max: 2_000 }),
        fc.array(arrival, { minLength: 1, maxLength: 40 }),
        async (requests, windowMs, arrivals) => {
          const clock = createFakeClock({ start: 0 });
          const limiter = createRateLimiter({ requests, windowMs }, clock);
          const grants: number[] = [];

          await Promise.all(
            arrivals.map(async ({ atMs, lane: requestLane }) => {
              await clock.sleep(atMs);
              const slot = await limiter.acquire(requestLane);
              grants.push(clock.now());
              slot.settle({});
            }),
          );

          grants.sort((left, right) => left - right);
          expect(grants).toHaveLength(arrivals.length);
          for (let index = requests; index < grants.length; index += 1) {
            // The (n+1)-th grant after any grant comes at least one window later.
            expect(grants[index]! - grants[index - requests]!).toBeGreaterThanOrEqual(windowMs);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
