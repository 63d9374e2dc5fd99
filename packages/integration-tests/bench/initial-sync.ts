// Initial sync of a 500-task portfolio through the real clients against both simulators, with Plane's
// default rate limit (60 requests / 60 s) on a fake clock. Prints API-call figures; asserts nothing.
import { createHarness } from '../src/harness.js';
import { seedPortfolio } from '../src/seed.js';

const harness = createHarness({ odooVersion: 17, rateLimit: { requests: 60, windowMs: 60_000 } });
harness.listen();
const seeded = seedPortfolio(harness.odoo, harness.plane, {
  projects: 5,
  milestonesPerProject: 3,
  tasksPerProject: 100,
  subtaskEvery: 4,
  dependenciesPerProject: 60,
  users: 8,
});

const engine = harness.createEngine();
const startedAt = harness.clock.now();
const wallStart = performance.now();
for (const projectId of seeded.projectIds) {
  const result = await engine.syncProjectTree(projectId, 'benchmark: initial sync');
  if (result.isErr()) throw new Error(`sync failed: ${JSON.stringify(result.error)}`);
}
const simulatedMs = harness.clock.now() - startedAt;
const wallMs = performance.now() - wallStart;
const planeCalls = harness.planeCalls.calls.length;
const planeWrites = harness.planeCalls.writes();
const odooCalls = harness.odooCalls.calls.length;
const entities = seeded.projectIds.length + seeded.milestoneIds.length + seeded.taskIds.length;

harness.planeCalls.reset();
harness.odooCalls.reset();
const secondStart = harness.clock.now();
for (const projectId of seeded.projectIds)
  await engine.syncProjectTree(projectId, 'benchmark: no-change sync');
const second = {
  planeCalls: harness.planeCalls.calls.length,
  planeWrites: harness.planeCalls.writes(),
  odooCalls: harness.odooCalls.calls.length,
  simulatedSeconds: (harness.clock.now() - secondStart) / 1000,
};

harness.planeCalls.reset();
harness.odooCalls.reset();
const reconcileStart = harness.clock.now();
const reconciled = await engine.reconcile();
if (reconciled.isErr())
  throw new Error(`reconciliation failed: ${JSON.stringify(reconciled.error)}`);
const reconciliation = {
  planeCalls: harness.planeCalls.calls.length,
  planeLists: harness.planeCalls.calls.filter(
    (call) => call.method === 'GET' && /\/(work-items|cycle-issues)\//.test(call.url),
  ).length,
  planeWrites: harness.planeCalls.writes(),
  odooCalls: harness.odooCalls.calls.length,
  drift: reconciled.value.drift.length,
  simulatedSeconds: (harness.clock.now() - reconcileStart) / 1000,
};
harness.close();

const rows: [string, string][] = [
  [
    'portfolio',
    `${seeded.projectIds.length} projects, ${seeded.milestoneIds.length} milestones, ${seeded.taskIds.length} tasks, ${seeded.dependencies} dependencies`,
  ],
  ['Plane calls (initial sync)', `${planeCalls} (${planeWrites} writes)`],
  ['Plane calls per entity created', (planeCalls / entities).toFixed(2)],
  ['Odoo calls (initial sync)', String(odooCalls)],
  ['simulated minutes at 60 req/min', (simulatedMs / 60_000).toFixed(1)],
  ['wall time (ms)', wallMs.toFixed(0)],
  ['second sync, no change: Plane calls', `${second.planeCalls} (${second.planeWrites} writes)`],
  ['second sync, no change: Odoo calls', String(second.odooCalls)],
  [
    'reconciliation: Plane calls',
    `${reconciliation.planeCalls} (${reconciliation.planeLists} list pages, ${reconciliation.planeWrites} writes)`,
  ],
  ['reconciliation: Odoo calls', String(reconciliation.odooCalls)],
  ['reconciliation: drifted fields', String(reconciliation.drift)],
  ['reconciliation: simulated seconds', reconciliation.simulatedSeconds.toFixed(0)],
];
const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
