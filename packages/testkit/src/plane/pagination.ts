/** Plane's offset paginator (`utils/paginator.py`): the page request parsed from the query. */
export interface PageRequest {
  readonly perPage: number;
  readonly page: number;
}

/** Plane answers both failures with 400 and a `detail` message. */
export type PageRequestError = { readonly detail: string };

const MAX_PER_PAGE = 1000;

/**
 * Parses `per_page` (default and maximum 1000 in CE) and `cursor` (`"<per_page>:<page>:<is_prev>"`; only
 * the page is used, and the offset is `page × per_page` of *this* request).
 */
export function parsePageRequest(query: URLSearchParams): PageRequest | PageRequestError {
  const rawPerPage = query.get('per_page');
  let perPage = MAX_PER_PAGE;
  if (rawPerPage !== null) {
    if (!/^\s*[+-]?\d+\s*$/.test(rawPerPage)) return { detail: 'Invalid per_page parameter.' };
    perPage = Number.parseInt(rawPerPage, 10);
    if (perPage > MAX_PER_PAGE) return { detail: 'Invalid per_page value. Cannot exceed 1000.' };
    if (perPage < 1) return { detail: 'Invalid per_page parameter.' };
  }
  const rawCursor = query.get('cursor');
  if (rawCursor === null || rawCursor === '') return { perPage, page: 0 };
  const bits = rawCursor.split(':');
  if (bits.length !== 3 || !bits.every((bit) => /^\s*[+-]?\d+\s*$/.test(bit))) {
    return { detail: 'Invalid cursor parameter.' };
  }
  const page = Number.parseInt(bits[1] ?? '', 10);
  if (page < 0) return { detail: 'Invalid cursor parameter.' };
  return { perPage, page };
}

/** Builds the envelope, key order included, around one page of already-serialised rows. */
export function paginate<T>(rows: readonly T[], request: PageRequest): Record<string, unknown> {
  const { perPage, page } = request;
  const offset = page * perPage;
  const results = rows.slice(offset, offset + perPage);
  const total = rows.length;
  return {
    grouped_by: null,
    sub_grouped_by: null,
    total_count: total,
    next_cursor: `${perPage}:${page + 1}:0`,
    prev_cursor: `${perPage}:${page - 1}:1`,
    next_page_results: offset + perPage < total,
    prev_page_results: page > 0,
    count: results.length,
    total_pages: Math.ceil(total / perPage),
    total_results: total,
    extra_stats: null,
    results,
  };
}

/** Narrows a parse result to its 400 body. */
export function isPageRequestError(
  value: PageRequest | PageRequestError,
): value is PageRequestError {
  return 'detail' in value;
}
