import { z } from 'zod';
import type { PlanePage } from '../types.js';

// Building blocks of the wire schemas: minimal (only the fields the client returns) and tolerant
// (unknown keys are dropped, optional fields default to null), decoding straight into the camelCase
// domain objects of `types.ts`.

/** An optional string; absent or null → `null`. */
export const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
/** An optional boolean; absent or null → `false`. */
export const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);
/** An optional number; absent or null → `null`. */
export const number = z
  .number()
  .nullish()
  .transform((value) => value ?? null);
const idOf = z.object({ id: z.string() });
/** An id that `?expand=` may have replaced with the object it points at. */
export const reference = z
  .union([z.string(), idOf])
  .nullish()
  .transform((value) =>
    value === null || value === undefined ? null : typeof value === 'string' ? value : value.id,
  );
/** The 409 body of a duplicate external id: `{"error": "...", "id": "<existing uuid>"}`. */
export const conflictSchema = z.object({ error: z.string().optional(), id: z.string() });

/**
 * Plane's pagination envelope (makeplane/plane apps/api/plane/utils/paginator.py). `next_cursor` is always a string, even on the last
 * page, so the decoded `nextCursor` is `null` unless `next_page_results` is true.
 */
export function pageSchema<T>(item: z.ZodType<T>) {
  return z
    .object({
      results: z.array(item),
      next_cursor: text,
      prev_cursor: text,
      next_page_results: flag,
      prev_page_results: flag,
      count: number,
      total_count: number,
      total_results: number,
      total_pages: number,
    })
    .transform((wire): PlanePage<T> => ({
      results: wire.results,
      nextCursor: wire.next_page_results ? wire.next_cursor : null,
      prevCursor: wire.prev_page_results ? wire.prev_cursor : null,
      count: wire.count ?? wire.results.length,
      totalCount: wire.total_count ?? wire.total_results ?? wire.results.length,
      totalPages: wire.total_pages ?? 1,
    }));
}

/** Lists that some routes paginate and others (e.g. `cycle_view=current`) answer as a bare array. */
export function pageOrArraySchema<T>(item: z.ZodType<T>) {
  return z.union([
    pageSchema(item),
    z.array(item).transform((results): PlanePage<T> => ({
      results,
      nextCursor: null,
      prevCursor: null,
      count: results.length,
      totalCount: results.length,
      totalPages: 1,
    })),
  ]);
}
