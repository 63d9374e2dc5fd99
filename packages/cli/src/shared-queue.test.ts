import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgBossWorkQueue } from '@odoo-plane-sync/queue-pgboss';
import type { SyncJob } from '@odoo-plane-sync/sync-core';
import { createCliWorld, type CliWorld } from './testing/cli-world.js';

// CI exports DATABASE_URL (`.ci/run` starts Postgres); elsewhere the suite runs when one is set.
const databaseUrl = process.env.DATABASE_URL ?? '';
if (databaseUrl === '' && process.env.CI === 'true') {
  throw new Error('CI=true but DATABASE_URL is not set: the shared-queue CLI suite must run in CI');
}

interface DeadJobView {
  readonly id: string;
  readonly entityKey: string;
  readonly kind: string;
  readonly reason: string;
}

/**
 * On Postgres the fleet's pg-boss queue dead-letters the runs whose retries ran out. `failures` lists those
 * jobs beside the inbox's events, and `replay` hands them back to the workers (the CLI runs none itself).
 */
describe.skipIf(databaseUrl === '')('failures and replay with the shared queue (Postgres)', () => {
  const suffix = randomBytes(4).toString('hex');
  const schemas = { store: `cli_store_${suffix}`, queue: `cli_queue_${suffix}` };
  const connection = { connectionString: databaseUrl, schema: schemas.queue };
  const job: SyncJob = { kind: 'odoo-record', model: 'project.task', odooId: 42 };
  let world: CliWorld;
  let postgres: Record<string, string>;

  beforeAll(async () => {
    world = await createCliWorld();
    postgres = {
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schemas.store,
      QUEUE_SCHEMA: schemas.queue,
    };
    // A worker whose every run fails, with no retry: the job lands in the dead letters at once.
    const failing = await createPgBossWorkQueue({
      connection,
      run: () => Promise.resolve({ status: 'failed', reason: 'Plane answered 503' }),
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
    });
    try {
      await failing.enqueue(job);
      await failing.onIdle();
      expect(await failing.deadLetters()).toHaveLength(1);
    } finally {
      await failing.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const schema of Object.values(schemas)) {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    } finally {
      await client.end();
    }
  }, 60_000);

  it('failures lists the dead-lettered job with its entity and cause, and exits 1', async () => {
    const json = await world.json<{ deadJobs: DeadJobView[] }>(['failures'], postgres);
    expect(json.stderr).not.toContain(databaseUrl.replace(/^postgres(ql)?:\/\//, ''));
    expect(json.code).toBe(1);
    expect(json.value.deadJobs).toEqual([
      expect.objectContaining({
        entityKey: 'project.task:42',
        kind: 'odoo-record',
        reason: 'Plane answered 503',
      }),
    ]);
    const human = await world.run(['failures'], postgres);
    expect(human.stdout).toMatch(/Dead-lettered jobs in the shared queue \(1\)/);
  }, 120_000);

  it('replay hands the job back to the workers, and a worker then runs it', async () => {
    const [letter] = (await world.json<{ deadJobs: DeadJobView[] }>(['failures'], postgres)).value
      .deadJobs;
    const replay = await world.run(['--json', 'replay', letter!.id], postgres);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({
      replayed: [{ id: letter!.id, outcome: 'requeued' }],
      notFound: [],
    });
    expect(
      (await world.json<{ deadJobs: DeadJobView[] }>(['failures'], postgres)).value.deadJobs,
    ).toEqual([]);

    const ran: SyncJob[] = [];
    const worker = await createPgBossWorkQueue({
      connection,
      run: (taken) => {
        ran.push(taken);
        return Promise.resolve({ status: 'done' });
      },
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
    });
    try {
      await worker.onIdle();
    } finally {
      await worker.stop();
    }
    expect(ran).toEqual([job]);
  }, 120_000);
});
