// The SQLite store at 100,000 mappings (or the count given), through the ports the engine and the agent
// use: inserting them one `put` at a time (each its own compare-and-set transaction, as the engine writes
// them), looking them up by Odoo key and by Plane id, the agent's `/status` over that store, the file's
// size and the process's memory. Prints figures; asserts nothing. `--write-docs` also writes them into
// docs/BENCHMARKS.md.
//
//   npx tsx bench/store-at-scale.ts [--mappings=100000]
import { statSync } from 'node:fs';
import { createStatusReader } from '@odoo-plane-sync/agent';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type { Mapping, MappingKey, OdooModel } from '@odoo-plane-sync/sync-core';
import { createTemporaryDirectory } from '../../store-sqlite/src/test-support.js';
import { printTable, writeDocsIfAsked } from './print-table.js';
import { percentile } from './http-load.js';

const mappingsOption = process.argv.find((argument) => argument.startsWith('--mappings='));
const mappingCount =
  mappingsOption === undefined ? 100_000 : Number(mappingsOption.slice('--mappings='.length));
const lookups = 10_000;
const statusRequests = 50;
const at = Date.parse('2026-01-05T09:00:00Z');
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

const modelOf = (index: number): OdooModel =>
  index % 100 === 0 ? 'project.project' : index % 20 === 0 ? 'project.milestone' : 'project.task';
const draftOf = (index: number): Omit<Mapping, 'version'> => ({
  key: { model: modelOf(index), odooId: index },
  status: 'active',
  planeId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  planeProjectId: `project-${index % 100}`,
  shadow: {
    name: `Task ${index} with an ordinary name`,
    description: '<p>Some description text of ordinary length for a task.</p>',
    priority: 'medium',
    labels: ['backend', 'customer'],
    state: 'In Progress',
    targetDate: '2026-06-30',
  },
  updatedAt: at,
});

const directory = createTemporaryDirectory();
const filename = directory.file('store-at-scale.db');
const stores = createSqliteStores({ filename, clock: { now: () => at } });
const rssBefore = process.memoryUsage().rss;

const insertStarted = performance.now();
for (let index = 1; index <= mappingCount; index += 1) {
  (await stores.mappings.put(draftOf(index), null))._unsafeUnwrap();
}
const insertMs = performance.now() - insertStarted;

/** Latency of `count` calls of `work`, in microseconds, sorted; one warm-up pass first. */
const timed = async (count: number, work: (index: number) => Promise<unknown>) => {
  for (let index = 0; index < Math.min(count, 500); index += 1) await work(index);
  const micros: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const sentAt = performance.now();
    if ((await work(index)) === null) throw new Error(`lookup ${index} found nothing`);
    micros.push((performance.now() - sentAt) * 1000);
  }
  const elapsedMs = performance.now() - started;
  micros.sort((left, right) => left - right);
  return { micros, perSecond: (count / elapsedMs) * 1000 };
};
// Spread over the whole key range, so the page cache does not serve one corner only.
const spread = (index: number): number => 1 + ((index * 7919) % mappingCount);
const keyOf = (index: number): MappingKey => ({
  model: modelOf(spread(index)),
  odooId: spread(index),
});
const byKey = await timed(lookups, (index) => stores.mappings.get(keyOf(index)));
const byPlaneId = await timed(lookups, (index) =>
  stores.mappings.findByPlaneId(draftOf(spread(index)).planeId!),
);
const status = createStatusReader({
  stores,
  queue: { size: () => 0 },
  notifications: { recent: [] },
});
const statusFigures = await timed(statusRequests, () => status());
const statusBody = JSON.stringify(await status());
const memory = process.memoryUsage();
stores.close();
const fileBytes = ['', '-wal'].reduce((total, suffix) => {
  try {
    return total + statSync(`${filename}${suffix}`).size;
  } catch {
    return total;
  }
}, 0);
directory.remove();

const header = ['operation', 'count', 'p50 (µs)', 'p99 (µs)', 'per second'];
const row = (label: string, count: number, figures: Awaited<ReturnType<typeof timed>>) => [
  label,
  count.toLocaleString('en'),
  percentile(figures.micros, 50).toFixed(0),
  percentile(figures.micros, 99).toFixed(0),
  figures.perSecond.toFixed(0),
];
const rows = [
  [
    'insert (`put`, one transaction each)',
    mappingCount.toLocaleString('en'),
    '',
    '',
    ((mappingCount / insertMs) * 1000).toFixed(0),
  ],
  row('lookup by Odoo key (`get`)', lookups, byKey),
  row('lookup by Plane id (`findByPlaneId`)', lookups, byPlaneId),
  row("the agent's `/status`", statusRequests, statusFigures),
];
const footnote =
  `${mappingCount.toLocaleString('en')} mappings: inserted in ${(insertMs / 1000).toFixed(1)} s; ` +
  `database file ${megabytes(fileBytes)} MB; process RSS ${megabytes(memory.rss)} MB ` +
  `(${megabytes(memory.rss - rssBefore)} MB more than before the inserts), JS heap ${megabytes(memory.heapUsed)} MB; ` +
  `\`/status\` body ${statusBody.length} bytes.`;

console.log(`store at scale (SQLite): ${footnote}`);
printTable(header, rows);

writeDocsIfAsked([
  {
    title: `Store at ${mappingCount.toLocaleString('en')} mappings (SQLite)`,
    note: [
      'Written by `packages/integration-tests/bench/store-at-scale.ts --write-docs`, through the ports the',
      'engine and the agent use, on a database file (WAL): the mappings are inserted one `put` at a time, each',
      'its own compare-and-set transaction as the engine writes them (a shadow of six fields each; 1 % projects,',
      "4 % milestones); lookups are spread over the whole key range; `/status` is the agent's status reader",
      '(counts in the store, bounded lists), so it costs the same at 100,000 mappings as at 10.',
      `${footnote}`,
      'The Postgres store is not measured here.',
    ].join('\n'),
    header,
    rows,
  },
]);
