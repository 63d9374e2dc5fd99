// The stores at 100,000 mappings (or the count given), through the ports the engine and the agent use:
// inserting them one `put` at a time (each its own compare-and-set transaction, as the engine writes
// them), looking them up by Odoo key and by Plane id, the agent's `/status` over that store, the size on
// disk and the process's memory. SQLite first, on a database file; then Postgres (store-at-scale-postgres.ts),
// skipped with a line saying why when no server answers at DATABASE_URL. Prints figures; asserts nothing.
// `--write-docs` also writes them into docs/BENCHMARKS.md.
//
//   npx tsx bench/store-at-scale.ts [--mappings=100000]
//   DATABASE_URL=postgres://user@host:5432/db npx tsx bench/store-at-scale.ts
import { statSync } from 'node:fs';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import { createTemporaryDirectory } from '../../store-sqlite/src/test-support.js';
import type { BenchmarkSection } from './benchmarks-doc.js';
import { writeDocsIfAsked } from './print-table.js';
import { measurePostgresStoreAtScale } from './store-at-scale-postgres.js';
import {
  mappingCountOption,
  megabytes,
  reportStoreFigures,
  runStoreWorkload,
  workloadInstant,
} from './store-workload.js';

const mappingCount = mappingCountOption();

/** The SQLite store on a database file (WAL) in a temporary directory, removed afterwards. */
async function measureSqliteStoreAtScale(): Promise<BenchmarkSection> {
  const directory = createTemporaryDirectory();
  const filename = directory.file('store-at-scale.db');
  const stores = createSqliteStores({ filename, clock: { now: () => workloadInstant } });
  const figures = await runStoreWorkload(stores, mappingCount);
  stores.close();
  const fileBytes = ['', '-wal'].reduce((total, suffix) => {
    try {
      return total + statSync(`${filename}${suffix}`).size;
    } catch {
      return total;
    }
  }, 0);
  directory.remove();
  return reportStoreFigures(figures, {
    technology: 'SQLite',
    storage: `database file ${megabytes(fileBytes)} MB`,
    note: (footnote) =>
      [
        'Written by `packages/integration-tests/bench/store-at-scale.ts --write-docs`, through the ports the',
        'engine and the agent use, on a database file (WAL): the mappings are inserted one `put` at a time, each',
        'its own compare-and-set transaction as the engine writes them (a shadow of six fields each; 1 % projects,',
        "4 % milestones); lookups are spread over the whole key range; `/status` is the agent's status reader",
        '(counts in the store, bounded lists), so it costs the same at 100,000 mappings as at 10.',
        `${footnote}`,
        'The same workload on the Postgres store, in the same run, is the next section.',
      ].join('\n'),
  });
}

const sqlite = await measureSqliteStoreAtScale();
const postgres = await measurePostgresStoreAtScale(mappingCount);
// A skipped Postgres part leaves its section in docs/BENCHMARKS.md as it was.
writeDocsIfAsked(postgres === null ? [sqlite] : [sqlite, postgres]);
