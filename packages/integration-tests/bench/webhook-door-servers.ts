// The two servers webhook-door.ts compares, each run in a child process of its own on a loopback port:
//   door     the sync router (adapter-express) → sync-core's ingestor → the SQLite inbox, with the inbox
//            processor and drainer wired the way the agent wires them (engine: one that has nothing to do,
//            so what is measured is the door, not Plane's or Odoo's answers);
//   minimal  an Express app that checks the HMAC with node:crypto and inserts one SQLite row.
// The child prints nothing; it reports its port over IPC and exits when the parent disconnects.
import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { ok } from 'neverthrow';
import { createSyncRouter } from '@odoo-plane-sync/adapter-express';
import { createInboxDrainer, nodeHmacSha256 } from '@odoo-plane-sync/agent';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import {
  createInboxProcessor,
  createInProcessWorkQueue,
  createWebhookIngestor,
  type Logger,
  type SyncJob,
  type SyncReport,
} from '@odoo-plane-sync/sync-core';

/** Which server a child runs. */
export type DoorServerKind = 'door' | 'minimal';

const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const systemClock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const nothingToDo: SyncReport = {
  correlationId: 'benchmark',
  applied: 0,
  unchanged: 1,
  deferred: 0,
  conflicts: 0,
  skipped: 0,
};

function doorApp(directory: string, secret: string): express.Express {
  const stores = createSqliteStores({ filename: join(directory, 'door.db') });
  const engine = { run: (_job: SyncJob) => Promise.resolve(ok(nothingToDo)) };
  // As the agent's queue: every job runs through the engine, four at a time.
  const queue = createInProcessWorkQueue({
    run: (job) =>
      engine
        .run(job)
        .then((result) =>
          result.isOk()
            ? { status: 'done' as const }
            : { status: 'failed' as const, reason: 'failed' },
        ),
    concurrency: 4,
  });
  const processor = createInboxDrainer({
    processor: createInboxProcessor({
      inbox: stores.inbox,
      queue,
      engine,
      logger: quietLogger,
      clock: systemClock,
    }),
    queue,
    inbox: stores.inbox,
    logger: quietLogger,
  });
  const ingestor = createWebhookIngestor({
    inbox: stores.inbox,
    clock: systemClock,
    secrets: { planeWebhookSecret: secret },
    hmacSha256: nodeHmacSha256,
  });
  const app = express();
  app.get('/idle', (_request, response, next) => {
    processor
      .whenIdle()
      .then(() => response.json({ idle: true }))
      .catch(next);
  });
  app.use(
    createSyncRouter({
      ingestor,
      processor,
      readiness: () => Promise.resolve({ ok: true, checks: {} }),
      status: async () => {
        const [pending, done, failed] = await Promise.all([
          stores.inbox.count('pending'),
          stores.inbox.count('done'),
          stores.inbox.count('failed'),
        ]);
        return { stored: pending + done + failed, pending };
      },
    }),
  );
  return app;
}

function minimalApp(directory: string, secret: string): express.Express {
  const db = new Database(join(directory, 'minimal.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE deliveries (id TEXT PRIMARY KEY, body TEXT NOT NULL, received_at INTEGER)');
  const insert = db.prepare('INSERT INTO deliveries (id, body, received_at) VALUES (?, ?, ?)');
  const count = db.prepare<[], { stored: number }>('SELECT count(*) AS stored FROM deliveries');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const app = express();
  app.post(
    '/webhooks/plane',
    express.raw({ type: () => true, limit: '1mb' }),
    (request, response) => {
      const body = request.body as Buffer;
      const given = Buffer.from(String(request.headers['x-plane-signature'] ?? ''), 'hex');
      const expected = createHmac('sha256', key).update(body).digest();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.status(401).json({ error: 'bad-signature' });
        return;
      }
      const id = randomUUID();
      insert.run(id, body.toString('utf8'), Date.now());
      response.status(202).json({ eventId: id });
    },
  );
  app.get('/status', (_request, response) => {
    response.json({ stored: count.get()?.stored ?? 0, pending: 0 });
  });
  app.get('/idle', (_request, response) => {
    response.json({ idle: true });
  });
  return app;
}

/** Runs one server in this (child) process and sends `{ port }` to the parent once it listens. */
export function serveDoorBenchmark(kind: DoorServerKind, directory: string, secret: string): void {
  const app = kind === 'door' ? doorApp(directory, secret) : minimalApp(directory, secret);
  // CPU time this process has used, in microseconds: less disturbed by a busy machine than wall time.
  app.get('/cpu', (_request, response) => {
    const { user, system } = process.cpuUsage();
    response.json({ microseconds: user + system });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
}
