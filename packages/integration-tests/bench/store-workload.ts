// The workload the store-at-scale benchmark runs on every store technology, so their figures compare:
// the same mappings inserted one `put` at a time (each its own compare-and-set transaction, as the engine
// writes them), the same lookups by Odoo key and by Plane id, the agent's `/status` over the store, and
// the process's memory right after. Each technology's script opens and removes its own store.
import { loadavg } from 'node:os';
import { createStatusReader } from '@odoo-plane-sync/agent';
import type { Mapping, MappingKey, OdooModel, SyncStores } from '@odoo-plane-sync/sync-core';
import type { BenchmarkSection } from './benchmarks-doc.js';
import { percentile } from './http-load.js';
import { printTable } from './print-table.js';

const lookups = 10_000;
const statusRequests = 50;

/** The time every mapping is stamped with (the stores' clock), so runs write identical rows. */
export const workloadInstant = Date.parse('2026-01-05T09:00:00Z');

/** `bytes` in MB with one decimal, as the notes print sizes. */
export const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** How many mappings to insert: `--mappings=<n>` on the command line, else 100,000. */
export function mappingCountOption(argv: readonly string[] = process.argv): number {
  const option = argv.find((argument) => argument.startsWith('--mappings='));
  return option === undefined ? 100_000 : Number(option.slice('--mappings='.length));
}

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
  updatedAt: workloadInstant,
});

/** Latencies of one timed operation, in microseconds, sorted; and its calls per second. */
export interface TimedFigures {
  readonly micros: readonly number[];
  readonly perSecond: number;
}

/** Latency of `count` calls of `work`, in microseconds, sorted; one warm-up pass first. */
async function timed(
  count: number,
  work: (index: number) => Promise<unknown>,
): Promise<TimedFigures> {
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
}

/** What one run of the workload measured on one store. */
export interface StoreWorkloadFigures {
  readonly mappingCount: number;
  readonly insertMs: number;
  readonly byKey: TimedFigures;
  readonly byPlaneId: TimedFigures;
  readonly status: TimedFigures;
  readonly statusBodyBytes: number;
  /** The process's RSS once the store was open, before the inserts. */
  readonly rssBefore: number;
  /** The process's memory after the lookups and `/status`, with the store still open. */
  readonly memory: NodeJS.MemoryUsage;
  /** The 1-minute load average when the inserts started and when `/status` was done. */
  readonly loadAverage: { readonly before: number; readonly after: number };
}

/** Runs the workload on open, empty `stores`; the caller closes and removes them. */
export async function runStoreWorkload(
  stores: SyncStores,
  mappingCount: number,
): Promise<StoreWorkloadFigures> {
  const rssBefore = process.memoryUsage().rss;
  const loadBefore = loadavg()[0] ?? 0;
  const insertStarted = performance.now();
  for (let index = 1; index <= mappingCount; index += 1) {
    (await stores.mappings.put(draftOf(index), null))._unsafeUnwrap();
  }
  const insertMs = performance.now() - insertStarted;
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
  const statusBodyBytes = JSON.stringify(await status()).length;
  return {
    mappingCount,
    insertMs,
    byKey,
    byPlaneId,
    status: statusFigures,
    statusBodyBytes,
    rssBefore,
    memory: process.memoryUsage(),
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  };
}

/** The columns of every store's table. */
const storeFiguresHeader = ['operation', 'count', 'p50 (µs)', 'p99 (µs)', 'per second'];

/** The table rows of one store's figures: the inserts, both lookups and `/status`. */
function storeFiguresRows(figures: StoreWorkloadFigures): string[][] {
  const row = (label: string, count: number, timedFigures: TimedFigures) => [
    label,
    count.toLocaleString('en'),
    percentile(timedFigures.micros, 50).toFixed(0),
    percentile(timedFigures.micros, 99).toFixed(0),
    timedFigures.perSecond.toFixed(0),
  ];
  return [
    [
      'insert (`put`, one transaction each)',
      figures.mappingCount.toLocaleString('en'),
      '',
      '',
      ((figures.mappingCount / figures.insertMs) * 1000).toFixed(0),
    ],
    row('lookup by Odoo key (`get`)', lookups, figures.byKey),
    row('lookup by Plane id (`findByPlaneId`)', lookups, figures.byPlaneId),
    row("the agent's `/status`", statusRequests, figures.status),
  ];
}

/**
 * The one-line summary under a store's table: insert time, `storage` (what the store takes on disk,
 * said by its script), the process's memory, the `/status` body and the load the run met.
 */
function storeFootnote(figures: StoreWorkloadFigures, storage: string): string {
  const { memory, loadAverage } = figures;
  return (
    `${figures.mappingCount.toLocaleString('en')} mappings: inserted in ${(figures.insertMs / 1000).toFixed(1)} s; ` +
    `${storage}; process RSS ${megabytes(memory.rss)} MB ` +
    `(${signedMegabytes(memory.rss - figures.rssBefore)} MB against before the inserts), JS heap ${megabytes(memory.heapUsed)} MB; ` +
    `\`/status\` body ${figures.statusBodyBytes} bytes; ` +
    `load average ${loadAverage.before.toFixed(1)} when the inserts started, ${loadAverage.after.toFixed(1)} at the end.`
  );
}

/** What {@link reportStoreFigures} needs besides the figures. */
export interface StoreReport {
  /** The store's technology, as the section title and the printed line name it (`SQLite`, `Postgres`). */
  readonly technology: string;
  /** What the store takes on disk, in words (`database file 42.4 MB`). */
  readonly storage: string;
  /** The section's note around the one-line summary it is given. */
  readonly note: (footnote: string) => string;
}

/**
 * Prints one store's figures (its summary line and table) and returns its section of docs/BENCHMARKS.md.
 *
 * @example
 * const section = reportStoreFigures(figures, { technology: 'SQLite', storage: 'database file 42.4 MB', note });
 */
export function reportStoreFigures(
  figures: StoreWorkloadFigures,
  report: StoreReport,
): BenchmarkSection {
  const footnote = storeFootnote(figures, report.storage);
  const rows = storeFiguresRows(figures);
  console.log(`store at scale (${report.technology}): ${footnote}`);
  printTable(storeFiguresHeader, rows);
  return {
    title: `Store at ${figures.mappingCount.toLocaleString('en')} mappings (${report.technology})`,
    note: report.note(footnote),
    header: storeFiguresHeader,
    rows,
  };
}

/** A change in memory with its sign: `+29.9`, `-6.3`. */
function signedMegabytes(bytes: number): string {
  return `${bytes >= 0 ? '+' : ''}${megabytes(bytes)}`;
}
