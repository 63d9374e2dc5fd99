import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type { DriftItem, ReconcileReport } from '@odoo-plane-sync/sync-core';
import type { PrunePlan, PruneReport } from '@odoo-plane-sync/agent';
import { createCliWorld, seedPortfolio, webhookToken, type CliWorld } from './testing/cli-world.js';

const commands = [
  'backfill',
  'reconcile',
  'doctor',
  'status',
  'failures',
  'replay',
  'conflicts',
  'prune',
  'archive-ledger',
];

describe('odoo-plane-sync (every command through the bin)', () => {
  let world: CliWorld;
  let seeded: ReturnType<typeof seedPortfolio>;
  beforeAll(async () => {
    world = await createCliWorld();
    seeded = seedPortfolio(world, { projects: 2, tasksPerProject: 6, milestones: 1 });
    const backfill = await world.run(['backfill']);
    expect(backfill.code).toBe(0);
  }, 120_000);
  afterAll(() => world.close());

  it('answers --help on every command with its options and the exit codes', async () => {
    for (const command of commands) {
      const help = await world.run([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: odoo-plane-sync ${command}`));
      expect(help.stdout).toMatch(/Exit codes:/);
    }
  }, 120_000);

  it('exits 2 naming every missing variable, and reads an --env-file', async () => {
    const bare = await world.run(['status'], { ODOO_URL: '', PLANE_API_KEY: '' });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/ODOO_URL: is required/);
    expect(bare.stderr).toMatch(/PLANE_API_KEY: is required/);
    const file = join(world.dataDir, 'sync.env');
    writeFileSync(
      file,
      `ODOO_URL=${world.environment.ODOO_URL}\nPLANE_API_KEY=${world.environment.PLANE_API_KEY}\n`,
    );
    const fromFile = await world.run(['--env-file', file, 'status'], {
      ODOO_URL: '',
      PLANE_API_KEY: '',
    });
    expect(fromFile.code).toBe(0);
    const unknown = await world.run(['frobnicate']);
    expect(unknown.code).toBe(2);
  }, 120_000);

  it('status prints the mappings for people and the whole status as JSON', async () => {
    const human = await world.run(['status']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Mappings/);
    expect(human.stdout).toMatch(/│ 2 +│ 2 +│ 12 +│/);
    const json = await world.json<{ mappings: { tasks: number } }>(['status']);
    expect(json.value.mappings.tasks).toBe(12);
    expect(json.stdout).not.toContain(webhookToken);
  }, 120_000);

  it('reconcile --dry-run shows the drift table without writing, then reconcile repairs it', async () => {
    const taskId = seeded.taskIds[0]!;
    world.odoo.write('project.task', [taskId], { name: 'Renamed in Odoo' });
    const dryRun = await world.json<ReconcileReport>(['reconcile', '--dry-run']);
    expect(dryRun.code).toBe(1);
    const drift = dryRun.value.drift.find((item: DriftItem) => item.odooTaskId === taskId);
    expect(drift).toMatchObject({
      field: 'name',
      owner: 'odoo',
      action: 'plane-updated',
      repair: 'reported',
    });
    const item = () =>
      (world.plane.listWorkItems() as { external_id: string; name: string }[]).find(
        (workItem) => workItem.external_id === String(taskId),
      );
    expect(item()?.name).not.toBe('Renamed in Odoo');
    const table = await world.run(['reconcile', '--dry-run']);
    expect(table.stdout).toMatch(/entity.*field.*Odoo value.*Plane value.*owner.*would do/s);
    expect(table.stdout).toMatch(/Odoo value written to Plane/);

    const repaired = await world.json<ReconcileReport>(['reconcile']);
    expect(repaired.code).toBe(0);
    expect(repaired.value.repaired).toBeGreaterThanOrEqual(1);
    expect(item()?.name).toBe('Renamed in Odoo');
    const clean = await world.run(['reconcile', '--dry-run']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/Both systems agree/);
  }, 120_000);

  it('failures lists a failed inbox event with its cause, replay runs it, conflicts lists what is on record', async () => {
    const stores = createSqliteStores({ filename: join(world.dataDir, 'sync.db') });
    const taskId = seeded.taskIds[1]!;
    const event = await stores.inbox.add({
      source: 'odoo',
      dedupeKey: 'cli-test-event',
      entityKey: `project.task:${taskId}`,
      payload: {
        source: 'odoo',
        jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: taskId }],
      },
      receivedAt: Date.now(),
    });
    const id = event.id;
    await stores.inbox.fail(id, 'Plane answered 503 three times', null);
    await stores.ledger.append({
      correlationId: 'c-1',
      at: Date.now(),
      cause: 'plane webhook',
      entity: { model: 'project.task', odooId: taskId },
      decision: 'name edited in Plane, owned by Odoo: reverted',
      writes: [],
      outcome: 'conflict',
    });
    stores.close();

    const failures = await world.json<{ events: { id: string; lastError: string }[] }>([
      'failures',
    ]);
    expect(failures.code).toBe(1);
    expect(failures.value.events).toEqual([
      expect.objectContaining({ id, lastError: 'Plane answered 503 three times' }),
    ]);
    const human = await world.run(['failures']);
    expect(human.stdout).toMatch(/Plane answered 503 three times/);

    const conflicts = await world.json<{ total: number }>(['conflicts']);
    expect(conflicts.value.total).toBe(1);
    expect((await world.run(['conflicts'])).stdout).toMatch(/reverted/);

    expect((await world.run(['replay'])).code).toBe(2);
    const replay = await world.json<{ replayed: { id: string; outcome: string }[] }>([
      'replay',
      id,
    ]);
    expect(replay.code).toBe(0);
    expect(replay.value.replayed).toEqual([{ id, outcome: 'done' }]);
    expect((await world.run(['failures'])).code).toBe(0);
    expect((await world.run(['replay', 'no-such-event'])).code).toBe(1);
  }, 120_000);

  it('archive-ledger moves entries older than the given days to a JSON Lines file and keeps the rest', async () => {
    const stores = createSqliteStores({ filename: join(world.dataDir, 'sync.db') });
    const before = await stores.ledger.count();
    await stores.ledger.append({
      correlationId: 'old-1',
      at: Date.now() - 100 * 24 * 60 * 60_000,
      cause: 'poll',
      entity: { model: 'project.task', odooId: 1 },
      decision: 'an old decision',
      writes: [],
      outcome: 'applied',
    });
    stores.close();
    const archived = await world.json<{ archived: number; pruned: number }>([
      'archive-ledger',
      '90',
      join(world.dataDir, 'archive.jsonl'),
    ]);
    expect(archived.code).toBe(0);
    expect(archived.value).toMatchObject({ archived: 1, pruned: 1 });
    const lines = readFileSync(join(world.dataDir, 'archive.jsonl'), 'utf8').trim().split('\n');
    expect(
      lines.map((line) => (JSON.parse(line) as { correlationId: string }).correlationId),
    ).toEqual(['old-1']);
    const reopened = createSqliteStores({ filename: join(world.dataDir, 'sync.db') });
    expect(await reopened.ledger.count()).toBe(before);
    reopened.close();
    expect((await world.run(['archive-ledger', '0'])).code).toBe(2);
  }, 120_000);

  it('prune shows its plan and deletes nothing without --confirm, then exactly the deleted task’s work item', async () => {
    const [deletedTask, archivedTask] = [seeded.taskIds[2]!, seeded.taskIds[3]!];
    world.odoo.unlink('project.task', [deletedTask]);
    world.odoo.write('project.task', [archivedTask], { active: false });
    const before = world.plane.listWorkItems().length;

    const plan = await world.json<{ plan: PrunePlan; confirmed: boolean }>(['prune']);
    expect(plan.code).toBe(0);
    expect(plan.value.confirmed).toBe(false);
    expect(plan.value.plan.items.map((item) => item.odooTaskId)).toEqual([deletedTask]);
    expect(world.plane.listWorkItems()).toHaveLength(before);
    expect((await world.run(['prune'])).stdout).toMatch(/Nothing deleted\. Run `prune --confirm`/);

    const pruned = await world.json<{ report: PruneReport }>(['prune', '--confirm']);
    expect(pruned.code).toBe(0);
    expect(pruned.value.report.deleted.map((item) => item.odooTaskId)).toEqual([deletedTask]);
    const left = world.plane.listWorkItems() as { external_id: string }[];
    expect(left).toHaveLength(before - 1);
    expect(left.some((item) => item.external_id === String(archivedTask))).toBe(true);
    const again = await world.json<{ plan: PrunePlan }>(['prune']);
    expect(again.value.plan.items).toEqual([]);
  }, 120_000);
});
