/**
 * What one `/status` costs at scale, the way it used to be computed and the way it is now, on a SQLite
 * store holding 10,000 and 100,000 mappings (or the sizes given) and a ledger with 2,000 conflicts among
 * 20,000 entries; then what
 * pruning does to an inbox of 2,000 processed deliveries. Prints time and memory; asserts nothing.
 *
 *   npm run bench -w @odoo-plane-sync/store-sqlite            (or: npx tsx bench/status-at-scale.ts [mappings…])
 *
 * "Before" is `/status` as it was: every mapping listed and filtered in JavaScript, every conflict read
 * from the ledger. "After" is what it does now: `count` in the store (COUNT … GROUP BY on an index), a
 * conflict count and the last five. Memory is the heap growth while one request's results are held, after
 * a forced GC when node runs with --expose-gc (the script re-runs itself with it).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSqliteStores } from '../src/sqlite-stores.js';
import { openSqliteDatabase } from '../src/open-sqlite-database.js';
import { createTemporaryDirectory } from '../src/test-support.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined && process.env.STATUS_BENCH_CHILD === undefined) {
  // Re-run with --expose-gc so heap figures are not blurred by garbage from seeding.
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, STATUS_BENCH_CHILD: '1' } },
  );
  process.exit(child.status ?? 1);
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10_000, 100_000];
const conflictCount = 2_000;
const repetitions = 5;
const at = Date.parse('2026-01-05T09:00:00Z');
const day = 24 * 60 * 60_000;

type Measure = { readonly ms: number; readonly heapMb: number };

console.log(`/status: median of ${repetitions} requests, ${conflictCount} conflicts in the ledger`);
console.log('  mappings   before: time (ms)  heap (MB)   after: time (ms)  heap (MB)');
for (const mappingCount of sizes) {
  const directory = createTemporaryDirectory();
  const filename = directory.file('status.db');
  seed(filename, mappingCount);
  const stores = createSqliteStores({ filename, clock: { now: () => at } });
  const before = await median(async () => {
    const [mappings, conflicts] = await Promise.all([
      stores.mappings.list(),
      stores.ledger.list({ outcome: 'conflict' }),
    ]);
    const count = (model: string): number =>
      mappings.filter((mapping) => mapping.key.model === model && mapping.status === 'active')
        .length;
    return {
      mappings: [count('project.project'), count('project.milestone'), count('project.task')],
      conflicts: { total: conflicts.length, recent: conflicts.slice(-5) },
      held: mappings,
    };
  });
  const after = await median(async () => {
    const [mapped, total, recent] = await Promise.all([
      stores.mappings.count({ status: 'active' }),
      stores.ledger.count({ outcome: 'conflict' }),
      stores.ledger.list({ outcome: 'conflict', last: 5 }),
    ]);
    return { mapped, conflicts: { total, recent } };
  });
  console.log(
    `  ${mappingCount.toLocaleString('en').padStart(8)}   ${before.ms.toFixed(1).padStart(15)}  ${before.heapMb.toFixed(1).padStart(9)}   ${after.ms.toFixed(2).padStart(15)}  ${after.heapMb.toFixed(2).padStart(9)}`,
  );
  if (mappingCount === sizes[sizes.length - 1]) {
    const figures = await inboxRetention(stores);
    console.log(
      `inbox: ${figures.deliveries} processed deliveries; ${figures.kept} kept 6 days later, ${figures.left} left once the 7-day retention pruned them`,
    );
  }
  stores.close();
  directory.remove();
}

/** Runs `request` once while holding its result: wall time, and heap growth from a collected start. */
async function measure(request: () => Promise<unknown>): Promise<Measure> {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await request();
  const ms = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  if (result === undefined) throw new Error('no result');
  return { ms, heapMb };
}

async function median(request: () => Promise<unknown>): Promise<Measure> {
  await request(); // warm the statement cache and the page cache
  const runs: Measure[] = [];
  for (let index = 0; index < repetitions; index += 1) runs.push(await measure(request));
  const middle = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
  return { ms: middle(runs.map((run) => run.ms)), heapMb: middle(runs.map((run) => run.heapMb)) };
}

/** Writes the mappings and ledger entries in two bulk transactions (seeding is not what is measured). */
function seed(file: string, mappingCount: number): void {
  const db = openSqliteDatabase({ filename: file });
  const insertMapping = db.prepare(
    `INSERT INTO mappings (model, odoo_id, status, plane_id, plane_project_id, shadow, version, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const shadow = JSON.stringify({
    name: 'A task with an ordinary name',
    description: '<p>Some description text of ordinary length for a task.</p>',
    priority: 'medium',
    labels: ['backend', 'customer'],
    state: 'In Progress',
  });
  db.transaction(() => {
    for (let index = 1; index <= mappingCount; index += 1) {
      const model =
        index % 100 === 0
          ? 'project.project'
          : index % 20 === 0
            ? 'project.milestone'
            : 'project.task';
      const status = index % 500 === 0 ? 'pending' : 'active';
      insertMapping.run(
        model,
        index,
        status,
        status === 'active' ? `plane-${index}` : null,
        `plane-project-${index % 100}`,
        shadow,
        at,
      );
    }
  })();
  const insertEntry = db.prepare(
    `INSERT INTO ledger_entries (correlation_id, at, cause, entity_model, entity_odoo_id, decision, writes, outcome)
     VALUES (?, ?, 'odoo webhook', 'project.task', ?, ?, '[]', ?)`,
  );
  db.transaction(() => {
    for (let index = 0; index < conflictCount * 10; index += 1)
      insertEntry.run(
        `corr-${index}`,
        at + index,
        index,
        'update work item',
        index % 10 === 0 ? 'conflict' : 'applied',
      );
  })();
  db.close();
}

/** 2,000 deliveries processed on day 0; the 7-day retention keeps them for a week, then prunes them. */
async function inboxRetention(
  stores: ReturnType<typeof createSqliteStores>,
): Promise<{ deliveries: number; kept: number; left: number }> {
  const deliveries = 2_000;
  for (let index = 0; index < deliveries; index += 1) {
    const { id } = await stores.inbox.add({
      source: 'plane',
      dedupeKey: `plane:bench-${index}`,
      entityKey: `plane:work-item-${index}`,
      payload: { source: 'plane', jobs: [] },
      receivedAt: at,
    });
    await stores.inbox.complete(id, at);
  }
  await stores.inbox.pruneDone(at + 6 * day - 7 * day);
  const kept = await stores.inbox.count('done');
  await stores.inbox.pruneDone(at + 8 * day - 7 * day);
  return { deliveries, kept, left: await stores.inbox.count('done') };
}
