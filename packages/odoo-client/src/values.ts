declare const dateOnlyBrand: unique symbol;
declare const instantBrand: unique symbol;

/**
 * A calendar date without time zone, `YYYY-MM-DD` (Odoo `date` fields: milestone deadlines, project
 * dates, task deadlines on 16). Branded so it cannot be mixed up with an {@link Instant}.
 */
export type DateOnly = string & { readonly [dateOnlyBrand]: 'DateOnly' };

/**
 * A moment in time, ISO-8601 in UTC with milliseconds (`2026-11-26T08:57:41.000Z`), the form
 * `Date.prototype.toISOString` produces. Odoo `datetime` fields arrive as naive UTC
 * `YYYY-MM-DD HH:MM:SS` and are converted at the edge.
 */
export type Instant = string & { readonly [instantBrand]: 'Instant' };

/** Odoo's many2one, decoded: `[id, display_name]` becomes `{ id, name }`, `false` becomes `null`. */
export interface OdooRef {
  readonly id: number;
  readonly name: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ODOO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]00:?00)?$/;

/**
 * Checks a `YYYY-MM-DD` string (a real calendar day) and brands it, or returns `null`.
 *
 * @example
 * parseDateOnly('2026-12-31'); // '2026-12-31' as DateOnly
 * parseDateOnly('2026-02-30'); // null
 */
export function parseDateOnly(text: string): DateOnly | null {
  const match = DATE_ONLY.exec(text);
  if (match === null) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.toISOString().slice(0, 10) !== text) return null;
  return text as DateOnly;
}

/**
 * Reads an Odoo datetime (`YYYY-MM-DD HH:MM:SS`, naive UTC, optionally with microseconds as in webhook
 * payloads) or an ISO UTC string, and returns it as an {@link Instant}, or `null` when it is neither.
 * Microseconds are cut to milliseconds.
 *
 * @example
 * parseInstant('2026-11-26 08:57:41'); // '2026-11-26T08:57:41.000Z'
 */
export function parseInstant(text: string): Instant | null {
  const match = ODOO_DATETIME.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const milliseconds = fraction === undefined ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const epoch = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  if (Number.isNaN(epoch)) return null;
  const instant = new Date(epoch).toISOString();
  // Date.UTC rolls 2026-02-30 over into March; a rolled-over value is not the text we were given.
  if (instant.slice(0, 10) !== `${year}-${month}-${day}`) return null;
  return instant as Instant;
}

/** The {@link Instant} of an epoch-milliseconds time. */
export function instantFromEpochMs(epochMs: number): Instant {
  return new Date(epochMs).toISOString() as Instant;
}

/** Epoch milliseconds of an {@link Instant}. */
export function epochMsFromInstant(instant: Instant): number {
  return Date.parse(instant);
}

/**
 * Formats an {@link Instant} the way Odoo wants datetimes in domains and values: naive UTC
 * `YYYY-MM-DD HH:MM:SS` (ISO `T`/`Z` forms are not documented as accepted). Sub-second parts are dropped.
 *
 * @example
 * toOdooDatetime(instantFromEpochMs(0)); // '1970-01-01 00:00:00'
 */
export function toOdooDatetime(instant: Instant): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 19)}`;
}
