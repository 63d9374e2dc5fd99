import { OdooServerError } from './errors.js';

/**
 * Formats epoch milliseconds as Odoo's naive UTC datetime. The database keeps microseconds (the webhook
 * payload shows them); the read API sends whole seconds.
 */
export function formatDatetime(
  epochMs: number,
  precision: 'seconds' | 'microseconds' = 'seconds',
): string {
  const iso = new Date(epochMs).toISOString(); // 2026-11-26T08:58:08.123Z
  const seconds = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  if (precision === 'seconds') return seconds;
  return `${seconds}.${iso.slice(20, 23)}000`;
}

/** Formats epoch milliseconds as an Odoo date (`YYYY-MM-DD`, UTC). */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** A stored datetime (possibly with microseconds) as the read API sends it: whole seconds. */
export function toWireDatetime(stored: string): string {
  return stored.slice(0, 19);
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a datetime value as `fields.Datetime.to_datetime` does: `YYYY-MM-DD HH:MM:SS`, or a bare
 * date meaning midnight. Anything else is the ValueError Python's `strptime` raises.
 */
export function parseDatetimeInput(value: unknown): string | false {
  if (value === false || value === null || value === '') return false;
  if (typeof value === 'string') {
    if (DATETIME.test(value)) return value.slice(0, 19);
    if (DATE.test(value)) return `${value} 00:00:00`;
  }
  throw new OdooServerError(
    'builtins.ValueError',
    `time data ${JSON.stringify(value)} does not match format '%Y-%m-%d %H:%M:%S'`,
  );
}

/** Parses a date value as `fields.Date.to_date` does (a datetime string keeps its date part). */
export function parseDateInput(value: unknown): string | false {
  if (value === false || value === null || value === '') return false;
  if (typeof value === 'string' && (DATE.test(value) || DATETIME.test(value)))
    return value.slice(0, 10);
  throw new OdooServerError(
    'builtins.ValueError',
    `time data ${JSON.stringify(value)} does not match format '%Y-%m-%d'`,
  );
}

/** HTML-escapes a plain-text body as `markupsafe.escape` does. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/**
 * Python's `json.dumps(value, sort_keys=True)` with its default separators (`, ` and `: `) and
 * `ensure_ascii`, so webhook bodies are the same bytes Odoo sends.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([key, item]) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
}

function pythonFloat(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A stored scalar as text (`''` for empty or non-text values), for names and keys. */
export function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return '';
}
