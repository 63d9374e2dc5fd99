import { describe, expect, it } from 'vitest';
import { addDays, instantToDateOnly, toDateOnly } from './dates.js';

describe('instantToDateOnly', () => {
  it.each([
    ['2026-03-01T23:30:00Z', 'UTC', '2026-03-01'],
    ['2026-03-01T23:30:00Z', 'Europe/Berlin', '2026-03-02'],
    ['2026-03-01T03:00:00Z', 'America/New_York', '2026-02-28'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(instantToDateOnly(instant, zone)).toBe(expected);
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -14)).toBe('2026-02-15');
  });
});

describe('toDateOnly', () => {
  it('keeps the date of a Plane datetime', () => {
    expect(toDateOnly('2026-11-26T23:59:00Z')).toBe('2026-11-26');
    expect(toDateOnly(null)).toBeNull();
  });
});
