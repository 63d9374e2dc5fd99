import { describe, expect, it } from 'vitest';
import { createChangeProgress } from './change-progress.js';
import type { ChangeCursor } from './changed-since.js';
import type { Instant } from './values.js';

const at = (iso: string): Instant => iso as Instant;

describe('createChangeProgress', () => {
  it('delivers new records and moves the cursor to the greatest (write_date, id)', () => {
    const progress = createChangeProgress(null, 300_000);

    const page = progress
      .deliver([
        { id: 7, write_date: '2026-11-26 09:00:02' },
        { id: 3, write_date: '2026-11-26 09:00:05' },
        { id: 9, write_date: '2026-11-26 09:00:05' },
      ])
      ._unsafeUnwrap();

    expect(page?.records.map((record) => record.id)).toEqual([7, 3, 9]);
    expect(page?.cursor).toEqual({
      writeDate: at('2026-11-26T09:00:05.000Z'),
      id: 9,
      recent: [
        '7@2026-11-26T09:00:02.000Z',
        '3@2026-11-26T09:00:05.000Z',
        '9@2026-11-26T09:00:05.000Z',
      ],
    });
  });

  it("skips what the cursor's recent keys name, and answers null when nothing is new", () => {
    const cursor: ChangeCursor = {
      writeDate: at('2026-11-26T09:00:05.000Z'),
      id: 9,
      recent: ['9@2026-11-26T09:00:05.000Z'],
    };
    const progress = createChangeProgress(cursor, 300_000);

    const repeat = progress.deliver([{ id: 9, write_date: '2026-11-26 09:00:05' }]);
    const changedAgain = progress.deliver([{ id: 9, write_date: '2026-11-26 09:00:06' }]);

    expect(repeat._unsafeUnwrap()).toBeNull();
    expect(changedAgain._unsafeUnwrap()?.records).toEqual([
      { id: 9, write_date: '2026-11-26 09:00:06' },
    ]);
  });

  it('never moves the cursor back for a late record inside the overlap', () => {
    const cursor: ChangeCursor = { writeDate: at('2026-11-26T09:00:05.000Z'), id: 9 };
    const progress = createChangeProgress(cursor, 300_000);

    const page = progress.deliver([{ id: 4, write_date: '2026-11-26 08:58:00' }])._unsafeUnwrap();

    expect(page?.records).toHaveLength(1);
    expect(page?.cursor.writeDate).toBe('2026-11-26T09:00:05.000Z');
    expect(page?.cursor.id).toBe(9);
  });

  it('forgets recent keys older than the overlap before the cursor, and unreadable ones', () => {
    const cursor: ChangeCursor = {
      writeDate: at('2026-11-26T09:00:00.000Z'),
      id: 1,
      recent: ['1@2026-11-26T09:00:00.000Z', 'garbage', '@2026-11-26T09:00:00.000Z'],
    };
    const progress = createChangeProgress(cursor, 10_000);

    const page = progress.deliver([{ id: 2, write_date: '2026-11-26 09:00:30' }])._unsafeUnwrap();

    expect(page?.cursor.recent).toEqual(['2@2026-11-26T09:00:30.000Z']);
  });

  it('refuses a record without a readable write_date', () => {
    const progress = createChangeProgress(null, 300_000);

    const result = progress.deliver([{ id: 5, write_date: false }]);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-response' });
  });
});
