import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboxPayload } from '@odoo-plane-sync/sync-core';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { createSqliteInbox } from './sqlite-inbox.js';
import { createSqliteStores } from './sqlite-stores.js';
import { createTemporaryDirectory, type TemporaryDirectory } from './test-support.js';

const at = Date.parse('2026-01-05T09:00:00Z');
const payload: InboxPayload = { source: 'plane', jobs: [] };
const delivery = (dedupeKey: string) => ({
  source: 'plane' as const,
  dedupeKey,
  entityKey: `plane:${dedupeKey}`,
  payload,
  receivedAt: at,
});

describe('createSqliteInbox, deliveries added together', () => {
  let directory: TemporaryDirectory;
  beforeEach(() => {
    directory = createTemporaryDirectory();
  });
  afterEach(() => {
    directory.remove();
  });

  it('stores deliveries added in one turn, a repeat among them once, each answered after the commit', async () => {
    const db = openSqliteDatabase({ filename: directory.file('inbox.db') });
    const inbox = createSqliteInbox(db);

    const added = await Promise.all(
      ['a', 'b', 'c', 'a', 'd'].map((key) => inbox.add(delivery(key))),
    );

    expect(added.map((result) => result.accepted)).toEqual([true, true, true, false, true]);
    expect(added[3]?.id).toBe(added[0]?.id);
    expect(await inbox.count('pending')).toBe(4);
    db.close();
  });

  it('fails only the delivery whose insert fails; the others are stored', async () => {
    const db = openSqliteDatabase({ filename: directory.file('inbox.db') });
    // The same id twice: the second insert breaks the id's UNIQUE constraint.
    const inbox = createSqliteInbox(db, { randomId: () => 'event-1' });

    const [first, second] = await Promise.allSettled([
      inbox.add(delivery('a')),
      inbox.add(delivery('b')),
    ]);

    expect(first).toEqual({ status: 'fulfilled', value: { accepted: true, id: 'event-1' } });
    expect(second.status).toBe('rejected');
    expect((await inbox.pending()).map((event) => event.dedupeKey)).toEqual(['a']);
    db.close();
  });

  it('writes waiting deliveries and completions when the stores close', async () => {
    const filename = directory.file('inbox.db');
    const stores = createSqliteStores({ filename, clock: { now: () => at } });
    const done = await stores.inbox.add(delivery('done'));

    const writes = [stores.inbox.add(delivery('waiting')), stores.inbox.complete(done.id, at + 1)];
    stores.close();
    await Promise.all(writes);

    const reopened = createSqliteStores({ filename, clock: { now: () => at } });
    expect((await reopened.inbox.pending()).map((event) => event.dedupeKey)).toEqual(['waiting']);
    expect(await reopened.inbox.count('done')).toBe(1);
    reopened.close();
  });
});
