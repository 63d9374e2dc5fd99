import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  pollChangedSince,
  type ChangeCursor,
  type ChangedPage,
  type OdooRecord,
  type SearchReadForPolling,
} from './changed-since.js';
import type { Domain, DomainTerm } from './search-domain.js';

/**
 * A table of rows with a `write_date` in epoch milliseconds (the database's precision), shown on the wire
 * to the second as Odoo does, and a `search_read` that understands the domains the poller sends.
 */
function table(rows: { id: number; at: number }[]) {
  const queries: Domain[] = [];
  const wire = (epochMs: number): string =>
    new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const searchRead: SearchReadForPolling = (_model, domain, options) => {
    queries.push(domain);
    const matching = rows.filter((row) => evaluate(domain, row));
    matching.sort((a, b) =>
      options.order.startsWith('id') ? a.id - b.id : a.at - b.at || a.id - b.id,
    );
    const page: OdooRecord[] = matching
      .slice(0, options.limit)
      .map((row) => ({ id: row.id, write_date: wire(row.at) }));
    return okAsync(page);
  };
  return { searchRead, queries };
}

function evaluate(domain: Domain, row: { id: number; at: number }): boolean {
  let position = 0;
  const next = (): boolean => {
    const element = domain[position];
    position += 1;
    if (element === '&') return [next(), next()].every(Boolean);
    if (element === '|') return [next(), next()].some(Boolean);
    if (element === '!') return !next();
    return term(element!, row);
  };
  let result = true;
  while (position < domain.length) result = next() && result;
  return result;
}

function term([field, operator, value]: DomainTerm, row: { id: number; at: number }): boolean {
  const left = field === 'id' ? row.id : row.at;
  const right = field === 'id' ? Number(value) : Date.parse(`${String(value).replace(' ', 'T')}Z`);
  switch (operator) {
    case '>=':
      return left >= right;
    case '>':
      return left > right;
    case '<':
      return left < right;
    case '=':
      return left === right;
    default:
      throw new Error(`Unexpected operator ${operator}`);
  }
}

async function collect(iterable: AsyncIterable<{ isOk(): boolean; _unsafeUnwrap(): ChangedPage }>) {
  const pages: ChangedPage[] = [];
  for await (const page of iterable) pages.push(page._unsafeUnwrap());
  return pages;
}

const T0 = Date.parse('2026-11-26T09:00:00Z');

describe('pollChangedSince', () => {
  it('delivers every record once in (write_date, id) order, asking with active_test false', async () => {
    const { searchRead } = table([
      { id: 3, at: T0 + 1_000 },
      { id: 1, at: T0 + 2_000 },
      { id: 2, at: T0 + 1_000 },
    ]);
    const contexts: unknown[] = [];

    const pages = await collect(
      pollChangedSince(
        (model, domain, options) => {
          contexts.push(options.context);
          return searchRead(model, domain, options);
        },
        'project.task',
        null,
      ),
    );

    expect(pages.flatMap((page) => page.records.map((record) => record.id))).toEqual([2, 3, 1]);
    expect(pages.at(-1)!.cursor).toMatchObject({ writeDate: '2026-11-26T09:00:02.000Z', id: 1 });
    expect(contexts).toEqual([{ active_test: false }]);
  });

  it('pages by whole seconds, so records sharing a second with microsecond differences are neither lost nor repeated', async () => {
    // Ids and sub-second order disagree: a naive (write_date, id) keyset on second-precision values loses rows.
    const rows = [
      { id: 10, at: T0 + 100 },
      { id: 4, at: T0 + 200 },
      { id: 7, at: T0 + 1_300 },
      { id: 5, at: T0 + 1_400 },
      { id: 6, at: T0 + 1_500 },
      { id: 1, at: T0 + 2_000 },
    ];
    const { searchRead } = table(rows);

    const pages = await collect(
      pollChangedSince(searchRead, 'project.task', null, { batchSize: 2 }),
    );

    const delivered = pages.flatMap((page) => page.records.map((record) => record.id));
    expect([...delivered].sort((a, b) => a - b)).toEqual([1, 4, 5, 6, 7, 10]);
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('drains a second that holds more records than a page by id', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => ({ id: 100 - index, at: T0 + index }));
    const { searchRead, queries } = table([...rows, { id: 1, at: T0 + 5_000 }]);

    const pages = await collect(
      pollChangedSince(searchRead, 'project.task', null, { batchSize: 3 }),
    );

    const delivered = pages.flatMap((page) => page.records.map((record) => record.id));
    expect([...delivered].sort((a, b) => a - b)).toEqual([1, 94, 95, 96, 97, 98, 99, 100]);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(queries.length).toBeLessThan(10);
  });

  it('reads the overlap window again but skips what the cursor says was delivered', async () => {
    const rows = [
      { id: 1, at: T0 },
      { id: 2, at: T0 + 10_000 },
    ];
    const { searchRead } = table(rows);
    const first = await collect(
      pollChangedSince(searchRead, 'project.task', null, { overlapSeconds: 60 }),
    );
    const cursor: ChangeCursor = first.at(-1)!.cursor;
    rows.push({ id: 3, at: T0 + 20_000 });

    const second = await collect(
      pollChangedSince(searchRead, 'project.task', cursor, { overlapSeconds: 60 }),
    );

    expect(second.flatMap((page) => page.records.map((record) => record.id))).toEqual([3]);
    expect(JSON.parse(JSON.stringify(second.at(-1)!.cursor))).toEqual(second.at(-1)!.cursor);
  });

  it('delivers a record again when it changed again', async () => {
    const rows = [{ id: 1, at: T0 }];
    const { searchRead } = table(rows);
    const first = await collect(pollChangedSince(searchRead, 'project.task', null));
    rows[0] = { id: 1, at: T0 + 5_000 };

    const second = await collect(
      pollChangedSince(searchRead, 'project.task', first.at(-1)!.cursor),
    );

    expect(second.flatMap((page) => page.records)).toEqual([
      { id: 1, write_date: '2026-11-26 09:00:05' },
    ]);
  });

  it('reads 300 s before the cursor by default, catching a record committed 200 s late', async () => {
    const rows = [{ id: 1, at: T0 + 600_000 }];
    const { searchRead } = table(rows);
    const first = await collect(pollChangedSince(searchRead, 'project.task', null));
    // A long transaction started 200 s before the cursor commits only now.
    rows.push({ id: 2, at: T0 + 400_000 });

    const second = await collect(
      pollChangedSince(searchRead, 'project.task', first.at(-1)!.cursor),
    );

    expect(second.flatMap((page) => page.records.map((record) => record.id))).toEqual([2]);
  });

  it('catches a record committed late with an old write_date thanks to the overlap, and loses it without', async () => {
    const visible = [{ id: 1, at: T0 + 30_000 }];
    const { searchRead } = table(visible);
    const start = await collect(pollChangedSince(searchRead, 'project.task', null));
    // A transaction that started at T0 + 10 s commits now, after the cursor moved to T0 + 30 s.
    visible.push({ id: 2, at: T0 + 10_000 });

    const withOverlap = await collect(
      pollChangedSince(searchRead, 'project.task', start.at(-1)!.cursor, { overlapSeconds: 60 }),
    );
    const withoutOverlap = await collect(
      pollChangedSince(searchRead, 'project.task', start.at(-1)!.cursor, { overlapSeconds: 0 }),
    );

    expect(withOverlap.flatMap((page) => page.records.map((record) => record.id))).toEqual([2]);
    expect(withOverlap.at(-1)!.cursor).toMatchObject({
      writeDate: '2026-11-26T09:00:30.000Z',
      id: 1,
    });
    expect(withoutOverlap.flatMap((page) => page.records)).toEqual([]);
  });

  it('joins an extra domain with "and" and stops at the first error', async () => {
    const domains: Domain[] = [];
    const failing: SearchReadForPolling = (_model, domain) => {
      domains.push(domain);
      return okAsync([{ id: 1, write_date: 'yesterday' }]);
    };

    const results = [];
    for await (const page of pollChangedSince(
      failing,
      'project.task',
      { writeDate: '2026-11-26T09:00:00.000Z' as ChangeCursor['writeDate'], id: 1 },
      {
        overlapSeconds: 30,
        domain: ['|', ['project_id', '=', 6], ['project_id', '=', 7]],
      },
    ))
      results.push(page);

    expect(domains[0]).toEqual([
      '&',
      ['write_date', '>=', '2026-11-26 08:59:30'],
      '|',
      ['project_id', '=', 6],
      ['project_id', '=', 7],
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]!._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-response' });
  });
});
