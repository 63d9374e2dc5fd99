import { describe, expect, it } from 'vitest';
import {
  msUntilOldestLeaves,
  stampsAfterServerReport,
  stampsInWindow,
} from './rate-limit-window.js';

describe('stampsInWindow', () => {
  it('drops a stamp exactly one window after it, as DRF does', () => {
    const stamps = [{ at: 0 }, { at: 500 }, { at: 999 }];

    expect(stampsInWindow(stamps, 1_000, 1_000)).toEqual([{ at: 500 }, { at: 999 }]);
    expect(stampsInWindow(stamps, 999, 1_000)).toEqual(stamps);
    expect(stampsInWindow(stamps, 2_000, 1_000)).toEqual([]);
  });

  it('keeps the stamp objects themselves, so a slot can still re-stamp its own', () => {
    const kept = { at: 900 };

    const inWindow = stampsInWindow([{ at: 0 }, kept], 1_000, 1_000);

    expect(inWindow[0]).toBe(kept);
  });
});

describe('stampsAfterServerReport', () => {
  it("adds what Plane counted beyond this client's own stamps, at the report's time", () => {
    const own = [{ at: 10 }, { at: 20 }];

    const counted = stampsAfterServerReport(own, { requests: 60, remaining: 55, now: 30 });

    expect(counted).toEqual([{ at: 10 }, { at: 20 }, { at: 30 }, { at: 30 }, { at: 30 }]);
    expect(counted[0]).toBe(own[0]);
    expect(own).toHaveLength(2);
  });

  it('keeps its own count when Plane reports as much left or more', () => {
    const own = [{ at: 10 }, { at: 20 }];

    expect(stampsAfterServerReport(own, { requests: 60, remaining: 58, now: 30 })).toEqual(own);
    expect(stampsAfterServerReport(own, { requests: 60, remaining: 60, now: 30 })).toEqual(own);
  });

  it('reads a negative remainder as none left', () => {
    const counted = stampsAfterServerReport([], { requests: 3, remaining: -2, now: 5 });

    expect(counted).toEqual([{ at: 5 }, { at: 5 }, { at: 5 }]);
  });
});

describe('msUntilOldestLeaves', () => {
  it('measures from now to one window after the oldest stamp', () => {
    const stamps = [{ at: 400 }, { at: 100 }, { at: 700 }];

    expect(msUntilOldestLeaves(stamps, 1_000, 600)).toBe(500);
  });
});
