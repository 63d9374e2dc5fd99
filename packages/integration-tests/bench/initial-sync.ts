// First sync, no-change resync and reconciliation of a 500-task portfolio through the real clients against
// both simulators, with Plane's default rate limit (60 requests / 60 s) on a fake clock, next to a naive
// per-record sync (naive-sync.ts) over the same portfolio. Prints API-call figures; asserts nothing, so
// `npm run bench` never fails for being slow. `--write-docs` also writes them into docs/BENCHMARKS.md.
import { fileURLToPath } from 'node:url';
import { createHarness } from '../src/harness.js';
import { seedPortfolio } from '../src/seed.js';
import { writeBenchmarkSections } from './benchmarks-doc.js';
import { createNaiveMappings, naiveReconcile, naiveSyncEvents } from './naive-sync.js';

const portfolioShape = {
  projects: 5,
  milestonesPerProject: 3,
  tasksPerProject: 100,
  subtaskEvery: 4,
  dependenciesPerProject: 60,
  users: 8,
} as const;

interface Figures {
  readonly planeCalls: number;
  readonly planeWrites: number;
  readonly odooCalls: number;
  readonly simulatedSeconds: number;
}

function setUp() {
  const harness = createHarness({ odooVersion: 17, rateLimit: { requests: 60, windowMs: 60_000 } });
  harness.listen();
  const seeded = seedPortfolio(harness.odoo, harness.plane, portfolioShape);
  const measure = async (work: () => Promise<void>): Promise<Figures> => {
    harness.planeCalls.reset();
    harness.odooCalls.reset();
    const startedAt = harness.clock.now();
    await work();
    return {
      planeCalls: harness.planeCalls.calls.length,
      planeWrites: harness.planeCalls.writes(),
      odooCalls: harness.odooCalls.calls.length,
      simulatedSeconds: (harness.clock.now() - startedAt) / 1000,
    };
  };
  return { harness, seeded, measure };
}

// ── the engine ──
const ours = setUp();
const engine = ours.harness.createEngine({
  // The edition is configured, as a deployment knows it: no relation-removal probe.
  config: { plane: { workspaceSlug: ours.harness.plane.workspaceSlug, edition: 'community' } },
});
const syncAll = (cause: string) => async () => {
  const result = await engine.syncProjectTrees(ours.seeded.projectIds, cause);
  if (result.isErr()) throw new Error(`sync failed: ${JSON.stringify(result.error)}`);
};
const wallStart = performance.now();
const first = await ours.measure(syncAll('benchmark: initial sync'));
const wallMs = performance.now() - wallStart;
const resync = await ours.measure(syncAll('benchmark: no-change sync'));
let drift = 0;
const reconciliation = await ours.measure(async () => {
  const reconciled = await engine.reconcile();
  if (reconciled.isErr())
    throw new Error(`reconciliation failed: ${JSON.stringify(reconciled.error)}`);
  drift = reconciled.value.drift.length;
});
ours.harness.close();

// ── the naive per-record sync, same portfolio, fresh simulators ──
const naive = setUp();
const naiveClients = naive.harness.clients();
const mappings = createNaiveMappings();
const naiveFirst = await naive.measure(() => naiveSyncEvents(naiveClients, mappings, naive.seeded));
const naiveResync = await naive.measure(() =>
  naiveSyncEvents(naiveClients, mappings, naive.seeded),
);
const naiveReconciliation = await naive.measure(() => naiveReconcile(naiveClients, mappings));
naive.harness.close();

const seeded = ours.seeded;
const portfolio = `${seeded.projectIds.length} projects, ${seeded.milestoneIds.length} milestones, ${seeded.taskIds.length} tasks, ${seeded.dependencies} dependencies`;
const ratio = (naiveCalls: number, engineCalls: number) =>
  engineCalls === 0 ? `${naiveCalls} : 0` : `${(naiveCalls / engineCalls).toFixed(1)} ×`;
const total = (figures: Figures) => figures.planeCalls + figures.odooCalls;
const row = (label: string, engineFigures: Figures, naiveFigures: Figures): string[] => [
  label,
  `${engineFigures.planeCalls} (${engineFigures.planeWrites} writes)`,
  String(engineFigures.odooCalls),
  (engineFigures.simulatedSeconds / 60).toFixed(1),
  `${naiveFigures.planeCalls} (${naiveFigures.planeWrites} writes)`,
  String(naiveFigures.odooCalls),
  (naiveFigures.simulatedSeconds / 60).toFixed(1),
  ratio(total(naiveFigures), total(engineFigures)),
];
const rows = [
  row('first sync', first, naiveFirst),
  row('no-change resync', resync, naiveResync),
  row('reconciliation', reconciliation, naiveReconciliation),
];
const header = [
  'run',
  'engine: Plane calls',
  'engine: Odoo calls',
  'engine: simulated min',
  'naive: Plane calls',
  'naive: Odoo calls',
  'naive: simulated min',
  'naive ÷ engine (all calls)',
];

console.log(`portfolio: ${portfolio}`);
console.log(
  `engine first sync wall time: ${wallMs.toFixed(0)} ms; reconciliation drift: ${drift} fields`,
);
const widths = header.map((cell, index) =>
  Math.max(cell.length, ...rows.map((cells) => (cells[index] ?? '').length)),
);
for (const cells of [header, ...rows])
  console.log(cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  '));

if (process.argv.includes('--write-docs')) {
  const docsPath = fileURLToPath(new URL('../../../docs/BENCHMARKS.md', import.meta.url));
  writeBenchmarkSections(docsPath, [
    {
      title: 'Portfolio sync: first sync, no-change resync, reconciliation',
      note: [
        `Portfolio: ${portfolio}; 8 users. The engine runs \`syncProjectTrees\` over every project (first sync,`,
        'then again with nothing changed) and one `reconcile()`, with `plane.edition` configured. Both read',
        'Odoo across the projects (one `search_read` per model). Reconciliation reads one Plane list per',
        'cycle (work items do not carry their cycle, and membership changes send no webhook); those lists',
        "hold the work items, so a project's own list (1000 per page on CE) is read only when some work",
        'item to compare is in no cycle, which never happens here: every task has a milestone. The naive sync',
        '(bench/naive-sync.ts) handles one Odoo event per record: re-read it, always PATCH the work item (or',
        'create it), GET its relations and POST each missing one; its nightly check makes one Odoo read and',
        'one Plane GET per mapping. It sends no assignees, states or dates, so its counts are a lower bound.',
        'A no-change resync decides from Odoo and the shadow alone and reads nothing from Plane: edits made',
        'in Plane reach the engine through Plane webhooks and reconciliation, not through a resync.',
        `Engine first-sync wall time: ${wallMs.toFixed(0)} ms; reconciliation drift found: ${drift} fields.`,
      ].join('\n'),
      header,
      rows,
    },
  ]);
  console.log(`wrote ${docsPath}`);
}
