import { describe, expect, it } from 'vitest';
import { andDomains } from './search-domain.js';
import { priorityLevelOf } from './task-decoder.js';
import {
  epochMsFromInstant,
  instantFromEpochMs,
  parseDateOnly,
  parseInstant,
  toOdooDatetime,
} from './values.js';

describe('parseDateOnly', () => {
  it('accepts real calendar days and refuses the rest', () => {
    expect(parseDateOnly('2026-12-31')).toBe('2026-12-31');
    expect(parseDateOnly('2028-02-29')).toBe('2028-02-29');
    expect(parseDateOnly('2026-02-30')).toBeNull();
    expect(parseDateOnly('2026-07-15 16:30:00')).toBeNull();
  });
});

describe('parseInstant', () => {
  it('reads Odoo naive UTC datetimes, webhook microseconds and ISO forms as one UTC instant', () => {
    expect(parseInstant('2026-11-26 08:57:41')).toBe('2026-11-26T08:57:41.000Z');
    expect(parseInstant('2026-11-26 08:57:41.123456')).toBe('2026-11-26T08:57:41.123Z');
    expect(parseInstant('2026-11-26T08:57:41Z')).toBe('2026-11-26T08:57:41.000Z');
    expect(parseInstant('2026-07-15')).toBeNull();
    expect(parseInstant('2026-02-30 10:00:00')).toBeNull();
  });

  it('round-trips through epoch milliseconds and back to the Odoo wire format', () => {
    const instant = parseInstant('2026-11-26 08:57:41')!;

    expect(instantFromEpochMs(epochMsFromInstant(instant))).toBe(instant);
    expect(toOdooDatetime(instant)).toBe('2026-11-26 08:57:41');
  });
});

describe('priorityLevelOf', () => {
  it('reads two-level keys as low/high and four-level keys as low/medium/high/urgent', () => {
    expect(['0', '1'].map((key) => priorityLevelOf(key, 2))).toEqual(['low', 'high']);
    expect(['0', '1', '2', '3'].map((key) => priorityLevelOf(key, 4))).toEqual([
      'low',
      'medium',
      'high',
      'urgent',
    ]);
  });
});

describe('andDomains', () => {
  it('writes out implicit ands so that prefix expressions combine correctly', () => {
    const combined = andDomains(
      [
        ['a', '=', 1],
        ['b', '=', 2],
      ],
      ['|', ['c', '=', 3], ['d', '=', 4]],
    );

    expect(combined).toEqual([
      '&',
      '&',
      ['a', '=', 1],
      ['b', '=', 2],
      '|',
      ['c', '=', 3],
      ['d', '=', 4],
    ]);
  });

  it('leaves out empty domains and keeps a single one as it is', () => {
    expect(andDomains([], [['a', '=', 1]], [])).toEqual([['a', '=', 1]]);
    expect(andDomains()).toEqual([]);
    expect(andDomains(['!', ['a', '=', 1]])).toEqual(['!', ['a', '=', 1]]);
  });
});
