import { createFakeClock } from '@odoo-plane-sync/testkit';
import { describe, expect, it } from 'vitest';
import { parseRateLimitRemaining, parseRetryAfter } from './rate-limit-headers.js';

describe('parseRateLimitRemaining', () => {
  it('reads a number and ignores an absent, blank or non-numeric header', () => {
    expect(parseRateLimitRemaining('17')).toBe(17);
    expect(parseRateLimitRemaining('0')).toBe(0);
    expect(parseRateLimitRemaining(null)).toBeUndefined();
    expect(parseRateLimitRemaining('  ')).toBeUndefined();
    expect(parseRateLimitRemaining('many')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('turns delay-seconds into milliseconds, rounding up and never below 0', () => {
    const clock = createFakeClock();

    expect(parseRetryAfter('3', clock)).toBe(3_000);
    expect(parseRetryAfter('0.0004', clock)).toBe(1);
    expect(parseRetryAfter('-5', clock)).toBe(0);
  });

  it('measures an HTTP date from the clock', () => {
    const clock = createFakeClock({ start: Date.parse('2026-01-05T09:00:00Z') });
    const inTenSeconds = new Date(clock.now() + 10_000).toUTCString();
    const aMinuteAgo = new Date(clock.now() - 60_000).toUTCString();

    expect(parseRetryAfter(inTenSeconds, clock)).toBe(10_000);
    expect(parseRetryAfter(aMinuteAgo, clock)).toBe(0);
  });

  it('ignores an absent, blank or unreadable header', () => {
    const clock = createFakeClock();

    expect(parseRetryAfter(null, clock)).toBeUndefined();
    expect(parseRetryAfter('', clock)).toBeUndefined();
    expect(parseRetryAfter('soon', clock)).toBeUndefined();
  });
});
