import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySqliteMigrations } from './apply-migrations.js';
import { sqliteMigrations } from './migrations.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { createSqliteStores } from './sqlite-stores.js';
import { createTemporaryDirectory, type TemporaryDirectory } from './test-support.js';

const at = Date.parse('2026-01-05T09:00:00Z');
const key = { model: 'project.task', odooId: 42 } as const;

describe('createSqliteStores', () => {
  let directory: TemporaryDirectory;
  let filename: string;
  beforeEach(() => {
    directory = createTemporaryDirectory();
    filename = directory.file('sync.db');
  });
  afterEach(() => {
    directory.remove();
  });

  it('keeps mappings, ledger, pending inbox events, failures and state across a restart', async () => {
    const before = createSqliteStores({ filename, clock: { now: () => at } });
    await before.mappings.put(
      {
        key,
        status: 'active',
        planeId: 'wi-42',
        planeProjectId: 'p-1',
        shadow: { name: 'Spec', labels: ['a'] },
        updatedAt: at,
      },
      null,
    );
    await before.ledger.append({
      correlationId: 'corr-1',
      at,
      cause: 'odoo webhook',
      entity: { model: 'project.task', odooId: 42 },
      decision: 'create work item',
      writes: [{ system: 'plane', operation: 'createWorkItem', target: 'p-1' }],
      outcome: 'applied',
      detail: { created: true },
    });
    const waiting = await before.inbox.add({
      source: 'plane',
      dedupeKey: 'plane:d-1',
      entityKey: 'plane:work-item:wi-42',
      payload: {
        source: 'plane',
        jobs: [{ kind: 'plane-work-item', planeProjectId: 'p-1', workItemId: 'wi-42' }],
      },
      receivedAt: at,
    });
    const done = await before.inbox.add({
      source: 'plane',
      dedupeKey: 'plane:d-2',
      entityKey: 'plane:work-item:wi-42',
      payload: { source: 'plane', jobs: [] },
      receivedAt: at,
    });
    await before.inbox.complete(done.id, at);
    await before.failures.recordFailure('project.task:7', 'plane 503', at);
    await before.failures.recordFailure('project.task:7', 'plane 503', at + 1_000);
    await before.syncState.put('odoo.poll-cursor', { writeDate: '2026-01-05 09:00:00', id: 42 });
    const mappingsBefore = await before.mappings.list();
    const ledgerBefore = await before.ledger.list();
    before.close();

    const after = createSqliteStores({ filename, clock: { now: () => at + 60_000 } });
    try {
      expect(await after.mappings.list()).toStrictEqual(mappingsBefore);
      expect(await after.mappings.findByPlaneId('wi-42')).toMatchObject({ key, version: 1 });
      expect(await after.ledger.list()).toStrictEqual(ledgerBefore);
      expect(await after.inbox.pending()).toMatchObject([
        {
          id: waiting.id,
          payload: {
            source: 'plane',
            jobs: [{ kind: 'plane-work-item', planeProjectId: 'p-1', workItemId: 'wi-42' }],
          },
        },
      ]);
      expect(await after.inbox.count('done')).toBe(1);
      expect(
        await after.inbox.add({
          source: 'plane',
          dedupeKey: 'plane:d-1',
          entityKey: 'x',
          payload: { source: 'plane', jobs: [] },
          receivedAt: at,
        }),
      ).toStrictEqual({
        accepted: false,
        id: waiting.id,
      });
      expect(await after.failures.listOpen()).toStrictEqual([
        {
          entityKey: 'project.task:7',
          consecutive: 2,
          lastCause: 'plane 503',
          lastAt: at + 1_000,
          alertedAt: null,
        },
      ]);
      expect(await after.syncState.get('odoo.poll-cursor')).toStrictEqual({
        writeDate: '2026-01-05 09:00:00',
        id: 42,
      });
      expect(
        (await after.mappings.put({ ...mappingsBefore[0]!, shadow: {} }, 1))._unsafeUnwrap()
          .version,
      ).toBe(2);
    } finally {
      after.close();
    }
  });

  it('applies no migration when reopening an up-to-date database', () => {
    createSqliteStores({ filename, clock: { now: () => at } }).close();

    createSqliteStores({ filename, clock: { now: () => at + 60_000 } }).close();

    const db = new Database(filename, { readonly: true });
    const records = db
      .prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version')
      .all();
    db.close();
    expect(records).toEqual([
      { version: 1, applied_at: at },
      { version: 2, applied_at: at },
      { version: 3, applied_at: at },
    ]);
  });

  it('lets two connections to one file race on a mapping: exactly one compare-and-set wins', async () => {
    const first = createSqliteStores({ filename });
    const second = createSqliteStores({ filename });
    try {
      const draft = {
        key,
        status: 'pending',
        planeId: null,
        planeProjectId: null,
        shadow: {},
        updatedAt: at,
      } as const;
      await first.mappings.put(draft, null);
      const seenBySecond = await second.mappings.get(key);

      const winner = await first.mappings.put(
        { ...draft, status: 'active', planeId: 'wi-first' },
        1,
      );
      const loser = await second.mappings.put(
        { ...draft, status: 'active', planeId: 'wi-second' },
        seenBySecond!.version,
      );

      expect(winner.isOk()).toBe(true);
      expect(loser._unsafeUnwrapErr()).toStrictEqual({
        kind: 'version-conflict',
        key,
        expectedVersion: 1,
        actualVersion: 2,
      });
      expect((await second.mappings.get(key))?.planeId).toBe('wi-first');
    } finally {
      first.close();
      second.close();
    }
  });

  it('lets two connections to one file accept one delivery once', async () => {
    const first = createSqliteStores({ filename });
    const second = createSqliteStores({ filename });
    try {
      const delivery = {
        source: 'odoo',
        dedupeKey: 'odoo:task:42:w1',
        entityKey: 'project.task:42',
        payload: { source: 'odoo', jobs: [] },
        receivedAt: at,
      } as const;

      const one = await first.inbox.add(delivery);
      const two = await second.inbox.add(delivery);

      expect(one.accepted).toBe(true);
      expect(two).toStrictEqual({ accepted: false, id: one.id });
      expect(await second.inbox.count('pending')).toBe(1);
    } finally {
      first.close();
      second.close();
    }
  });

  it('uses the injected id source for inbox events', async () => {
    const stores = createSqliteStores({ filename: ':memory:', randomId: () => 'event-1' });
    try {
      const added = await stores.inbox.add({
        source: 'github',
        dedupeKey: 'gh:1',
        entityKey: 'e',
        payload: { source: 'github', jobs: [] },
        receivedAt: at,
      });

      expect(added).toStrictEqual({ accepted: true, id: 'event-1' });
    } finally {
      stores.close();
    }
  });

  it('rejects (rather than throws) when the connection is closed', async () => {
    const stores = createSqliteStores({ filename: ':memory:' });
    stores.close();

    await expect(stores.syncState.get('x')).rejects.toThrow(/not open/);
  });
});

describe('openSqliteDatabase', () => {
  let directory: TemporaryDirectory;
  beforeEach(() => {
    directory = createTemporaryDirectory();
  });
  afterEach(() => {
    directory.remove();
  });

  it('configures WAL, synchronous NORMAL and the busy timeout', () => {
    const db = openSqliteDatabase({ filename: directory.file('sync.db'), busyTimeoutMs: 2_500 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL (0 OFF, 2 FULL, 3 EXTRA).
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(2_500);
    } finally {
      db.close();
    }
  });

  it('makes the ledger table refuse updates and deletes', () => {
    const db = openSqliteDatabase({ filename: ':memory:' });
    try {
      db.prepare(
        `INSERT INTO ledger_entries (correlation_id, at, cause, entity_model, decision, writes, outcome)
         VALUES ('c', 0, 'cause', 'plane', 'decision', '[]', 'applied')`,
      ).run();

      expect(() => db.prepare("UPDATE ledger_entries SET outcome = 'failed'").run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('lets the ledger prune old entries while a hand-written delete of a newer one still fails', async () => {
    const stores = createSqliteStores({ filename: directory.file('sync.db') });
    try {
      for (const [correlationId, entryAt] of [
        ['old', at - 1],
        ['new', at],
      ] as const)
        await stores.ledger.append({
          correlationId,
          at: entryAt,
          cause: 'cause',
          entity: { model: 'plane' },
          decision: 'decision',
          writes: [],
          outcome: 'applied',
        });

      const pruned = await stores.ledger.prune(at);
      const db = new Database(directory.file('sync.db'));
      try {
        expect(() => db.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
        expect(db.prepare('SELECT count(*) AS n FROM ledger_prune_cutoff').get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }

      expect(pruned).toBe(1);
      expect((await stores.ledger.list()).map((entry) => entry.correlationId)).toEqual(['new']);
    } finally {
      stores.close();
    }
  });

  it('keeps mapping counts right through hand-written updates and deletes', async () => {
    const stores = createSqliteStores({ filename: directory.file('sync.db') });
    try {
      for (const odooId of [1, 2, 3])
        await stores.mappings.put(
          {
            key: { model: 'project.task', odooId },
            status: 'pending',
            planeId: null,
            planeProjectId: null,
            shadow: {},
            updatedAt: at,
          },
          null,
        );
      const db = new Database(directory.file('sync.db'));
      try {
        db.prepare("UPDATE mappings SET status = 'active' WHERE odoo_id = 1").run();
        db.prepare("UPDATE mappings SET shadow = '{}' WHERE odoo_id = 2").run();
        db.prepare("UPDATE mappings SET model = 'project.project' WHERE odoo_id = 2").run();
        db.prepare('DELETE FROM mappings WHERE odoo_id = 3').run();
      } finally {
        db.close();
      }

      expect(await stores.mappings.count({ status: 'active' })).toEqual({
        'project.project': 0,
        'project.milestone': 0,
        'project.task': 1,
      });
      expect(await stores.mappings.count({ status: 'pending' })).toEqual({
        'project.project': 1,
        'project.milestone': 0,
        'project.task': 0,
      });
    } finally {
      stores.close();
    }
  });

  it('upgrades the inbox to version 3: events failed before are due at once, done ones can be pruned', async () => {
    const file = directory.file('sync.db');
    const old = new Database(file);
    applySqliteMigrations(old, { migrations: sqliteMigrations.slice(0, 2) });
    old
      .prepare(
        `INSERT INTO inbox_events (id, source, dedupe_key, entity_key, payload, received_at, status, attempts, last_error)
         VALUES ('e-1', 'odoo', 'odoo:1', 'project.task:1', '{"jobs":[]}', ?, 'failed', 1, 'plane 503')`,
      )
      .run(at);
    old
      .prepare(
        `INSERT INTO inbox_events (id, source, dedupe_key, entity_key, payload, received_at, status, attempts)
         VALUES ('e-2', 'odoo', 'odoo:2', 'project.task:2', '{"jobs":[]}', ?, 'done', 1)`,
      )
      .run(at);
    old.close();

    const stores = createSqliteStores({ filename: file });
    try {
      const listed = await stores.inbox.listFailed(10);
      const due = await stores.inbox.requeueDue(at);
      const pruned = await stores.inbox.pruneDone(at + 1);

      expect(listed).toMatchObject([{ id: 'e-1', status: 'failed', retryAt: 0 }]);
      expect(due).toBe(1);
      expect(await stores.inbox.pending()).toMatchObject([{ id: 'e-1', attempts: 1 }]);
      expect(pruned).toBe(1);
    } finally {
      stores.close();
    }
  });
});
