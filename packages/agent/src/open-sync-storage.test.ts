import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSyncStorage } from './open-sync-storage.js';

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openSyncStorage', () => {
  it('opens SQLite in a data directory it creates, with in-process claims and no shared queue', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'open-sync-storage-'));
    dataDirs.push(parent);
    const dataDir = join(parent, 'data');
    const storage = (
      await openSyncStorage({
        store: { kind: 'sqlite' },
        dataDir,
        mode: 'live',
        workerConcurrency: 1,
      })
    )._unsafeUnwrap();
    try {
      expect(storage.description).toBe(`sqlite ${join(dataDir, 'sync.db')}`);
      expect(storage.location).toEqual({ kind: 'sqlite' });
      expect(storage.queue).toBeUndefined();
      expect(existsSync(join(dataDir, 'sync.db'))).toBe(true);
      expect(await storage.scheduleClaims.claim('reconcile', 1)).toBe(true);
      expect(await storage.scheduleClaims.claim('reconcile', 1)).toBe(false);
    } finally {
      await storage.close();
    }
  });

  it('says a Postgres it cannot reach is unreachable, naming the database but never the URL', async () => {
    // Port 1 on the loopback: nothing listens, so the connection is refused at once.
    const databaseUrl = 'postgres://sync:db-secret@127.0.0.1:1/sync';
    const opened = await openSyncStorage({
      store: { kind: 'postgres', databaseUrl, schema: 'ppm', queueSchema: 'pgboss' },
      dataDir: tmpdir(),
      mode: 'live',
      workerConcurrency: 1,
    });
    const problem = opened._unsafeUnwrapErr();
    expect(problem.kind).toBe('store-unreachable');
    expect(problem.message).toMatch(/^postgres 127\.0\.0\.1:1\/sync: /);
    expect(problem.message).not.toContain('db-secret');
  });
});
