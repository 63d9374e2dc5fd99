import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { createChangeProgress, type ChangeProgress } from './change-progress.js';
import { andDomains, type Domain } from './search-domain.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import { epochMsFromInstant, type Instant } from './values.js';
import { floorSecond, odooSecond, secondOf } from './write-date.js';

/** A record as `search_read` returns it: `id` plus the requested fields, still in wire encoding. */
export type OdooRecord = Readonly<Record<string, unknown>> & { readonly id: number };

/**
 * Where a `changedSince` poll got to. Store it after processing a page and pass it to the next poll.
 * Plain JSON: safe to persist as it is.
 *
 * - `writeDate`/`id`: the greatest `(write_date, id)` delivered so far.
 * - `recent`: `"<id>@<writeDate>"` keys of the records delivered inside the overlap window, so the next
 *   poll, which reads that window again, does not deliver them twice. Its size is bounded by how many
 *   records change within one overlap window.
 */
export interface ChangeCursor {
  readonly writeDate: Instant;
  readonly id: number;
  readonly recent?: readonly string[];
}

/** One page of changes and the cursor to store once the page is processed. */
export interface ChangedPage {
  readonly records: readonly OdooRecord[];
  readonly cursor: ChangeCursor;
}

/** Options of `changedSince`. */
export interface ChangedSinceOptions {
  /**
   * How far before the cursor to read again, in seconds (default 300, sync-core's
   * `defaultPollOverlapSeconds`). `write_date` is the *start* time of the writing transaction, so a long
   * transaction commits records dated before a cursor that has already moved past them; only an overlap
   * catches those. 300 s outlasts Odoo's default `limit_time_real` (120 s), after which a multi-worker
   * server kills the transaction.
   */
  readonly overlapSeconds?: number;
  /** Fields to read; `write_date` is always added. Default: only `id` and `write_date`. */
  readonly fields?: readonly string[];
  /** Records per `search_read` (default 200). */
  readonly batchSize?: number;
  /** Extra conditions, joined with "and". */
  readonly domain?: Domain;
  /** Extra context; `active_test: false` is always set so archiving shows up as a change. */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** The `search_read` the poller needs, already retried by the client. */
export type SearchReadForPolling = (
  model: string,
  domain: Domain,
  options: {
    readonly fields: readonly string[];
    readonly order: string;
    readonly limit: number;
    readonly context: Readonly<Record<string, unknown>>;
  },
) => ResultAsync<readonly OdooRecord[], OdooClientError>;

/**
 * Polls `model` for records with `write_date >= cursor.writeDate - overlap`, in `(write_date, id)` order,
 * archived ones included, each `(id, write_date)` delivered once across polls.
 *
 * Paging is by whole seconds: the API shows `write_date` to the second while the database compares
 * microseconds, so a page never ends in the middle of a second (the tail second is read again by the next
 * page), and a second holding more records than a page is drained by id.
 */
export async function* pollChangedSince(
  searchRead: SearchReadForPolling,
  model: string,
  cursor: ChangeCursor | null,
  options: ChangedSinceOptions = {},
): AsyncGenerator<Result<ChangedPage, OdooClientError>, void, undefined> {
  const overlapMs = Math.max(0, options.overlapSeconds ?? 300) * 1000;
  const query: PollQuery = {
    searchRead,
    model,
    domain: options.domain ?? [],
    fields: [...new Set([...(options.fields ?? []), 'write_date'])],
    context: { ...options.context, active_test: false },
    batchSize: Math.max(1, options.batchSize ?? 200),
  };
  const progress = createChangeProgress(cursor, overlapMs);

  // Lower bound, in whole seconds (the wire precision).
  let lowerMs: number | null =
    cursor === null ? null : floorSecond(epochMsFromInstant(cursor.writeDate) - overlapMs);

  for (;;) {
    const page = await readPageFrom(query, lowerMs);
    if (page.isErr()) {
      yield err(page.error);
      return;
    }
    const rows = page.value;
    const last = rows.at(-1);
    if (last === undefined) return;
    const lastSecond = secondOf(last);
    const firstSecond = secondOf(rows[0] ?? last);
    if (lastSecond === null || firstSecond === null) {
      yield err(invalidResponse([{ path: 'write_date', message: 'Expected a datetime' }]));
      return;
    }

    if (rows.length < query.batchSize) {
      yield* yieldDelivered(progress.deliver(rows));
      return;
    }

    if (firstSecond < lastSecond) {
      // Deliver whole seconds only; the last second is read again from its start by the next query.
      const wholeSeconds = rows.filter((row) => (secondOf(row) ?? lastSecond) < lastSecond);
      if (!(yield* yieldDelivered(progress.deliver(wholeSeconds)))) return;
      lowerMs = lastSecond;
      continue;
    }

    // A full page inside one second: drain that second in id order, then move past it.
    if (!(yield* drainSecond(query, progress, lastSecond))) return;
    lowerMs = lastSecond + 1000;
  }
}

/** One model's `search_read` with what every query of a poll shares. */
interface PollQuery {
  readonly searchRead: SearchReadForPolling;
  readonly model: string;
  /** The caller's extra conditions. */
  readonly domain: Domain;
  readonly fields: readonly string[];
  readonly context: Readonly<Record<string, unknown>>;
  readonly batchSize: number;
}

/** The next page in `(write_date, id)` order from the second `lowerMs` on (from the start when `null`). */
function readPageFrom(
  query: PollQuery,
  lowerMs: number | null,
): ResultAsync<readonly OdooRecord[], OdooClientError> {
  const since: Domain = lowerMs === null ? [] : [['write_date', '>=', odooSecond(lowerMs)]];
  return query.searchRead(query.model, andDomains(since, query.domain), {
    fields: query.fields,
    order: 'write_date asc, id asc',
    limit: query.batchSize,
    context: query.context,
  });
}

/** The next page, in id order, of the records written in the second `secondMs` with an id above `afterId`. */
function readSecondAfterId(
  query: PollQuery,
  secondMs: number,
  afterId: number,
): ResultAsync<readonly OdooRecord[], OdooClientError> {
  return query.searchRead(
    query.model,
    andDomains(
      [
        ['write_date', '>=', odooSecond(secondMs)],
        ['write_date', '<', odooSecond(secondMs + 1000)],
        ['id', '>', afterId],
      ],
      query.domain,
    ),
    { fields: query.fields, order: 'id asc', limit: query.batchSize, context: query.context },
  );
}

/**
 * Delivers a second that holds more records than a page, slice by slice in id order. Returns false once a
 * read or a delivery failed (its error is yielded, and the poll ends).
 */
async function* drainSecond(
  query: PollQuery,
  progress: ChangeProgress,
  secondMs: number,
): AsyncGenerator<Result<ChangedPage, OdooClientError>, boolean, undefined> {
  let afterId = 0;
  for (;;) {
    const slice = await readSecondAfterId(query, secondMs, afterId);
    if (slice.isErr()) {
      yield err(slice.error);
      return false;
    }
    if (!(yield* yieldDelivered(progress.deliver(slice.value)))) return false;
    const tail = slice.value.at(-1);
    if (tail === undefined || slice.value.length < query.batchSize) return true;
    afterId = tail.id;
  }
}

/** Yields a delivered page (nothing when it had nothing new) or its error; false after an error. */
function* yieldDelivered(
  delivered: Result<ChangedPage | null, OdooClientError>,
): Generator<Result<ChangedPage, OdooClientError>, boolean, undefined> {
  if (delivered.isErr()) {
    yield err(delivered.error);
    return false;
  }
  if (delivered.value !== null) yield ok(delivered.value);
  return true;
}
