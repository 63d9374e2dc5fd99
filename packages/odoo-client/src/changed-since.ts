import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { andDomains, type Domain } from './search-domain.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import {
  epochMsFromInstant,
  instantFromEpochMs,
  parseInstant,
  toOdooDatetime,
  type Instant,
} from './values.js';

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

interface Position {
  readonly epochMs: number;
  readonly id: number;
}

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
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const fields = [...new Set([...(options.fields ?? []), 'write_date'])];
  const context = { ...options.context, active_test: false };
  const extra = options.domain ?? [];

  const recent = new Map<string, number>();
  for (const key of cursor?.recent ?? []) {
    const at = key.indexOf('@');
    const when = parseInstant(key.slice(at + 1));
    if (at > 0 && when !== null) recent.set(key, epochMsFromInstant(when));
  }
  let position: Position | null =
    cursor === null ? null : { epochMs: epochMsFromInstant(cursor.writeDate), id: cursor.id };

  // Lower bound, in whole seconds (the wire precision).
  let lowerMs: number | null = position === null ? null : floorSecond(position.epochMs - overlapMs);

  const deliver = (page: readonly OdooRecord[]): Result<ChangedPage | null, OdooClientError> => {
    const fresh: OdooRecord[] = [];
    for (const record of page) {
      const writeDate = writeDateOf(record);
      if (writeDate === null) {
        return err(
          invalidResponse([{ path: `${record.id}.write_date`, message: 'Expected a datetime' }]),
        );
      }
      const epochMs = epochMsFromInstant(writeDate);
      const key = `${record.id}@${writeDate}`;
      if (recent.has(key)) continue;
      recent.set(key, epochMs);
      fresh.push(record);
      if (
        position === null ||
        epochMs > position.epochMs ||
        (epochMs === position.epochMs && record.id > position.id)
      ) {
        position = { epochMs, id: record.id };
      }
    }
    if (fresh.length === 0 || position === null) return ok(null);
    const floor = position.epochMs - overlapMs;
    for (const [key, epochMs] of recent) if (epochMs < floor) recent.delete(key);
    return ok({
      records: fresh,
      cursor: {
        writeDate: instantFromEpochMs(position.epochMs),
        id: position.id,
        recent: [...recent.keys()],
      },
    });
  };

  for (;;) {
    const since: Domain = lowerMs === null ? [] : [['write_date', '>=', odooSecond(lowerMs)]];
    const page = await searchRead(model, andDomains(since, extra), {
      fields,
      order: 'write_date asc, id asc',
      limit: batchSize,
      context,
    });
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

    if (rows.length < batchSize) {
      const result = deliver(rows);
      if (result.isErr() || result.value !== null)
        yield result.map((value) => value as ChangedPage);
      return;
    }

    if (firstSecond < lastSecond) {
      // Deliver whole seconds only; the last second is read again from its start by the next query.
      const result = deliver(rows.filter((row) => (secondOf(row) ?? lastSecond) < lastSecond));
      if (result.isErr()) {
        yield err(result.error);
        return;
      }
      if (result.value !== null) yield ok(result.value);
      lowerMs = lastSecond;
      continue;
    }

    // A full page inside one second: drain that second in id order, then move past it.
    let afterId = 0;
    for (;;) {
      const slice = await searchRead(
        model,
        andDomains(
          [
            ['write_date', '>=', odooSecond(lastSecond)],
            ['write_date', '<', odooSecond(lastSecond + 1000)],
            ['id', '>', afterId],
          ],
          extra,
        ),
        { fields, order: 'id asc', limit: batchSize, context },
      );
      if (slice.isErr()) {
        yield err(slice.error);
        return;
      }
      const result = deliver(slice.value);
      if (result.isErr()) {
        yield err(result.error);
        return;
      }
      if (result.value !== null) yield ok(result.value);
      const tail = slice.value.at(-1);
      if (tail === undefined || slice.value.length < batchSize) break;
      afterId = tail.id;
    }
    lowerMs = lastSecond + 1000;
  }
}

function writeDateOf(record: OdooRecord): Instant | null {
  const value = record.write_date;
  return typeof value === 'string' ? parseInstant(value) : null;
}

function secondOf(record: OdooRecord): number | null {
  const writeDate = writeDateOf(record);
  return writeDate === null ? null : floorSecond(epochMsFromInstant(writeDate));
}

function floorSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

function odooSecond(epochMs: number): string {
  return toOdooDatetime(instantFromEpochMs(epochMs));
}
