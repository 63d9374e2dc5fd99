import type { DateOnly, Instant } from '../domain.js';

/**
 * The calendar date of an instant in a time zone. Odoo 17+ stores task deadlines as UTC datetimes; Plane's
 * `target_date` is a date, so "2026-03-01 23:30 UTC" is 2026-03-02 in Europe/Berlin.
 *
 * @example
 * instantToDateOnly('2026-03-01T23:30:00Z', 'Europe/Berlin') // '2026-03-02'
 */
export function instantToDateOnly(instant: Instant, timeZone: string): DateOnly {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string): string => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Adds whole days to a calendar date (no time zone involved). */
export function addDays(date: DateOnly, days: number): DateOnly {
  const epoch = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(epoch).toISOString().slice(0, 10);
}

/** The `YYYY-MM-DD` prefix of a Plane date or datetime string. */
export function toDateOnly(value: string | null | undefined): DateOnly | null {
  if (value === null || value === undefined || value === '') return null;
  return value.slice(0, 10);
}
