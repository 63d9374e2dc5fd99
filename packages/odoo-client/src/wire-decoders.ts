import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { invalidResponse, type OdooClientError } from './errors.js';
import { issuesOf } from './schemas.js';
import {
  parseDateOnly,
  parseInstant,
  type DateOnly,
  type Instant,
  type OdooRef,
} from './values.js';

// Wire → value decoders shared by the record decoders: Odoo writes `false` for every empty value, and
// these turn it into `null` so no caller ever sees it.

/** `[id, name]` or `false` → a ref or `null`. */
export const many2one = z
  .union([z.tuple([z.number().int(), z.union([z.string(), z.literal(false)])]), z.literal(false)])
  .transform((value): OdooRef | null =>
    value === false ? null : { id: value[0], name: value[1] === false ? '' : value[1] },
  );
/** A string, `false` → `null`. */
export const text = z
  .union([z.string(), z.literal(false)])
  .transform((value) => (value === false ? null : value));
/** x2many ids. */
export const ids = z.array(z.number().int());
/** `YYYY-MM-DD`, `false` → `null`. */
export const dateOnly = z
  .union([
    z.string().refine((value) => parseDateOnly(value) !== null, 'Expected YYYY-MM-DD'),
    z.literal(false),
  ])
  .transform((value) => (value === false ? null : (value as DateOnly)));
/** `YYYY-MM-DD HH:MM:SS` (UTC) as an instant, `false` → `null`. */
export const instant = z
  .union([
    z.string().refine((value) => parseInstant(value) !== null, 'Expected YYYY-MM-DD HH:MM:SS'),
    z.literal(false),
  ])
  .transform((value) => (value === false ? null : (parseInstant(value) as Instant)));
/** A UTC datetime that is always set (`write_date`). */
export const requiredInstant = z
  .string()
  .refine((value) => parseInstant(value) !== null, 'Expected YYYY-MM-DD HH:MM:SS')
  .transform((value) => parseInstant(value) as Instant);
/** A number, `false` → `null`. */
export const float = z
  .union([z.number(), z.literal(false)])
  .transform((value) => (value === false ? null : value));

/** Parses every row with `schema`; one bad row makes the whole answer an `invalid-response`. */
export function parseAll<T extends z.ZodType>(
  schema: T,
  records: unknown,
): Result<z.output<T>[], OdooClientError> {
  const parsed = z.array(schema).safeParse(records);
  return parsed.success ? ok(parsed.data) : err(invalidResponse(issuesOf(parsed.error)));
}
