import {
  epochMsFromInstant,
  instantFromEpochMs,
  parseInstant,
  toOdooDatetime,
  type Instant,
} from './values.js';
import type { OdooRecord } from './changed-since.js';

// `write_date` at the API's precision: the API shows it to the second while the database compares
// microseconds, so the poller reasons in whole seconds.

/** The record's `write_date`, or `null` when it is missing or not a datetime. */
export function writeDateOf(record: OdooRecord): Instant | null {
  const value = record.write_date;
  return typeof value === 'string' ? parseInstant(value) : null;
}

/** The start of the second the record was written in, in epoch milliseconds. */
export function secondOf(record: OdooRecord): number | null {
  const writeDate = writeDateOf(record);
  return writeDate === null ? null : floorSecond(epochMsFromInstant(writeDate));
}

/** Rounds down to a whole second. */
export function floorSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

/** A second as a domain value (`YYYY-MM-DD HH:MM:SS`, UTC). */
export function odooSecond(epochMs: number): string {
  return toOdooDatetime(instantFromEpochMs(epochMs));
}
