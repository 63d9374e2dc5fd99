import { describe, expect, it } from 'vitest';
import { createPlaneRateLimiter } from './rate-limit.js';
import { createPlaneHarness } from './test-support.js';

describe('createPlaneRateLimiter', () => {
  it('counts down the remaining budget and reports reset as now + window in epoch seconds', () => {
    let now = 1_000_000;
    const limiter = createPlaneRateLimiter({ requests: 3, windowMs: 60_000 }, () => now);

    const first = limiter.check('key');
    now += 500;
    const second = limiter.check('key');

    expect(first).toEqual({ allowed: true, remaining: 2, resetEpochSeconds: 1060 });
    expect(second).toEqual({ allowed: true, remaining: 1, resetEpochSeconds: 1060 });
  });

  it('refuses once the window is full, with DRF Retry-After, and does not record refused requests', () => {
    let now = 0;
    const limiter = createPlaneRateLimiter({ requests: 2, windowMs: 60_000 }, () => now);
    limiter.check('key');
    now = 10_000;
    limiter.check('key');

    now = 20_000;
    const refused = limiter.check('key');
    now = 60_001;
    const after = limiter.check('key');

    // (60 s - 20 s age of the oldest) / (0 free slots + 1) = 40 s
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(after).toEqual({ allowed: true, remaining: 0, resetEpochSeconds: 120 });
  });

  it('keeps one window per key', () => {
    const limiter = createPlaneRateLimiter({ requests: 1, windowMs: 60_000 }, () => 0);
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('b').allowed).toBe(true);
    expect(limiter.check('a').allowed).toBe(false);
  });
});

describe('createPlaneSimulator rate limiting', () => {
  it('reproduces the recorded burst: headers on allowed calls, a bare 429, recovery after Retry-After', async () => {
    const { plane, clock, call } = createPlaneHarness({
      rateLimit: { requests: 600, windowMs: 60_000 },
    });
    const start = clock.now();
    await call('GET', '/users/me/');
    await clock.advance(30_000);
    for (let index = 0; index < 598; index += 1) await call('GET', '/users/me/');
    const last = await call('GET', '/users/me/');
    await clock.advance(29_500);

    const refused = await call('GET', '/users/me/');
    await clock.advance(1_000);
    const recovered = await call('GET', '/users/me/');

    expect(last.status).toBe(200);
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(last.headers.get('x-ratelimit-reset')).toBe(
      String(Math.floor((start + 30_000 + 60_000) / 1000)),
    );
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.has('x-ratelimit-remaining')).toBe(false);
    expect(refused.headers.has('x-ratelimit-reset')).toBe(false);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(plane.requestCount()).toBe(602);
  });

  it('allows 60 requests per minute per key by default and does not count 401/403 answers', async () => {
    const { plane, call } = createPlaneHarness({}, { defaultRateLimit: true });
    const human = plane.addUser({ email: 'ann@example.com' });
    for (let index = 0; index < 5; index += 1)
      await call('GET', '/users/me/', undefined, 'plane_api_wrong');
    const statuses: number[] = [];
    for (let index = 0; index < 61; index += 1)
      statuses.push((await call('GET', '/users/me/')).status);
    const otherKey = await call('GET', '/users/me/', undefined, human.apiKey);

    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses[60]).toBe(429);
    expect(otherKey.status).toBe(200);
    expect(otherKey.headers.get('x-ratelimit-remaining')).toBe('59');
  });
});
