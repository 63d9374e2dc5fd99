// Live change latency, both ways, through the real path on the simulators: an edit in one system → its
// webhook → the ingestor → the inbox → the inbox processor → the engine (re-read, plan, write) → the
// other system shows the change. Odoo edit → Plane: a task renamed in Odoo until the work item has the
// name; Plane state change → Odoo: a person moves a work item until the task has the matching stage.
// Both simulators run in-process behind msw on a fake clock, so the figures are the sync's own work
// per change (parse, store, re-read, plan, write through the real clients), not network or Plane's rate
// limit. Prints p50/p99; asserts nothing. `--write-docs` also writes them into docs/BENCHMARKS.md.
//
//   npx tsx bench/live-latency.ts [--changes=200]
import { setupServer } from 'msw/node';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createInboxProcessor, createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox, createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from '../src/harness.js';
import { webhookReceiver } from '../src/webhook-receiver.js';
import { seedPortfolio } from '../src/seed.js';
import { printTable, writeDocsIfAsked } from './print-table.js';
import { percentile } from './http-load.js';

const secrets = { odooToken: 'odoo-hook-token-latency', planeWebhookSecret: 'plane_wh_latency' };
const hooks = 'http://hooks.test/webhooks';
const changesOption = process.argv.find((argument) => argument.startsWith('--changes='));
const changes =
  changesOption === undefined ? 200 : Number(changesOption.slice('--changes='.length));
const warmUp = 20;

const harness = createHarness({ odooVersion: 17 });
const inbox = createInMemoryInbox();
const ingestor = createWebhookIngestor({ inbox, clock: harness.clock, secrets });
const server = setupServer(
  ...harness.plane.handlers,
  ...harness.odoo.handlers,
  ...webhookReceiver(ingestor, hooks),
);
server.listen({ onUnhandledRequest: 'error' });

const seeded = seedPortfolio(harness.odoo, harness.plane, {
  projects: 1,
  milestonesPerProject: 1,
  tasksPerProject: 50,
  subtaskEvery: 0,
  dependenciesPerProject: 0,
  users: 2,
});
const engine = harness.createEngine();
const processor = createInboxProcessor({
  inbox,
  engine,
  clock: harness.clock,
  logger: createMemoryLogger(),
});
const projectId = seeded.projectIds[0]!;
(await engine.syncProjectTree(projectId, 'benchmark: initial sync'))._unsafeUnwrap();
harness.odoo.addWebhookRule({
  model: 'project.task',
  trigger: 'on_create_or_write',
  fields: ['name', 'stage_id'],
  url: `${hooks}/odoo/${secrets.odooToken}`,
});
harness.plane.addWebhook({ url: `${hooks}/plane`, secret: secrets.planeWebhookSecret });
const person = harness.plane.addUser({ email: 'person@example.com', displayName: 'person' });
const mappings = await Promise.all(
  seeded.taskIds.map(async (odooId) => ({
    odooId,
    mapping: (await harness.store.get({ model: 'project.task', odooId }))!,
  })),
);
const planeProjectId = mappings[0]!.mapping.planeProjectId!;
harness.plane.addProjectMember(planeProjectId, person.id);
const personClient = createPlaneClient({
  baseUrl: harness.plane.baseUrl,
  apiKey: person.apiKey,
  workspaceSlug: harness.plane.workspaceSlug,
  rateLimit: false,
});
const states = (await personClient.listStates(planeProjectId))._unsafeUnwrap();
const stateId = (name: string): string => states.find((state) => state.name === name)!.id;
const stageIds = harness.odoo
  .searchRead('project.task.type', [['project_ids', 'in', [projectId]]], ['name'])
  .map((stage) => ({ id: stage.id as number, name: stage.name as string }));

/** Runs every delivery sent so far, echoes of the sync's own writes included (not timed). */
const settleEchoes = async (): Promise<void> => {
  for (let round = 0; round < 3; round += 1) {
    await harness.odoo.settleWebhooks();
    await harness.plane.settleWebhooks();
    await processor.drain();
  }
};

interface Direction {
  readonly wallMs: number[];
  /** API calls the sync made per change, both systems together. */
  readonly calls: number[];
  landed: number;
}

const measure = async (
  count: number,
  change: (index: number) => Promise<() => boolean>,
  settle: () => Promise<void>,
  into: Direction,
): Promise<void> => {
  for (let index = 0; index < count; index += 1) {
    const landed = await change(index);
    const startedAt = performance.now();
    harness.planeCalls.reset();
    harness.odooCalls.reset();
    await settle();
    await processor.drain();
    into.wallMs.push(performance.now() - startedAt);
    into.calls.push(harness.planeCalls.calls.length + harness.odooCalls.calls.length);
    if (landed()) into.landed += 1;
    await settleEchoes();
  }
};

const odooToPlane: Direction = { wallMs: [], calls: [], landed: 0 };
const planeToOdoo: Direction = { wallMs: [], calls: [], landed: 0 };
const renameInOdoo = (index: number): Promise<() => boolean> => {
  const { odooId, mapping } = mappings[index % mappings.length]!;
  const name = `Renamed in Odoo ${index}`;
  harness.odoo.write('project.task', [odooId], { name });
  return Promise.resolve(
    () => (harness.plane.getWorkItem(mapping.planeId!) as { name: string }).name === name,
  );
};
const moveInPlane = async (index: number): Promise<() => boolean> => {
  const { odooId, mapping } = mappings[index % mappings.length]!;
  // Each task goes In Progress → Done → In Progress … (names both systems have), so every change is a
  // real move; a move to Done also asks Odoo for a ship review, as in production.
  const name = ['In Progress', 'Done'][Math.floor(index / mappings.length) % 2]!;
  (
    await personClient.updateWorkItem(planeProjectId, mapping.planeId!, { stateId: stateId(name) })
  )._unsafeUnwrap();
  const stage = stageIds.find((candidate) => candidate.name === name)!.id;
  return () =>
    (harness.odoo.read('project.task', [odooId], ['stage_id'])[0]?.stage_id as [number])[0] ===
    stage;
};

const scratch: Direction = { wallMs: [], calls: [], landed: 0 };
await measure(warmUp, renameInOdoo, () => harness.odoo.settleWebhooks(), scratch);
await measure(changes, renameInOdoo, () => harness.odoo.settleWebhooks(), odooToPlane);
await measure(changes, moveInPlane, () => harness.plane.settleWebhooks(), planeToOdoo);
server.close();

const row = (label: string, direction: Direction): string[] => {
  const wall = [...direction.wallMs].sort((left, right) => left - right);
  const calls = [...direction.calls].sort((left, right) => left - right);
  return [
    label,
    String(direction.wallMs.length),
    `${direction.landed} / ${direction.wallMs.length}`,
    percentile(wall, 50).toFixed(1),
    percentile(wall, 99).toFixed(1),
    String(percentile(calls, 50)),
  ];
};
const header = [
  'direction',
  'changes',
  'landed',
  'p50 (ms)',
  'p99 (ms)',
  'API calls per change (median)',
];
const rows = [
  row('Odoo edit → Plane (task renamed)', odooToPlane),
  row('Plane state change → Odoo stage', planeToOdoo),
];
console.log(`live change latency: ${changes} changes each way after ${warmUp} warm-up changes`);
printTable(header, rows);

writeDocsIfAsked([
  {
    title: 'Live change latency, both ways',
    note: [
      'Written by `packages/integration-tests/bench/live-latency.ts --write-docs`. One project of 50 synced',
      `tasks; ${changes} changes each way, one at a time, after ${warmUp} warm-up changes. A change is timed from`,
      "the edit (an Odoo `write` of the task's name; a person's Plane PATCH of the work item's state) to the",
      'other system showing it: the webhook is sent, verified and stored in the inbox, the inbox processor',
      'runs the engine, which re-reads the source and writes the other side through the real clients.',
      "Both simulators run in-process (msw) on a fake clock with no rate limit, so this is the sync's",
      "own work per change; over a network add both systems' answer times (Plane's webhook worker and",
      "Odoo's automation queue add their own delays). `landed`: changes the other system showed after one",
      "drain; API calls are both systems' calls the sync made for the change (re-read, write, ship review).",
    ].join('\n'),
    header,
    rows,
  },
]);
