// The webhook door next to the smallest app that does the same job, in one run on loopback: the sync
// router + ingestor + SQLite inbox (webhook-door-servers.ts, wired as the agent wires them) against an
// Express app that checks the HMAC and inserts one SQLite row. Both run in child processes; the parent
// sends signed Plane work-item deliveries (50 work items edited field by field, the shape of Plane's
// bursts) to each in turn: a warm-up, then alternating rounds so that a busy neighbour on the machine
// slows both alike. Prints acknowledgement latency p50/p99, throughput and their ratios; asserts nothing.
// `--write-docs` also writes them into docs/BENCHMARKS.md.
//
//   npx tsx bench/webhook-door.ts [--deliveries=1500] [--rounds=4] [--concurrency=16] [--write-docs]
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planeIssueUpdateBody } from '@odoo-plane-sync/sync-core/testing';
import { printTable, writeDocsIfAsked } from './print-table.js';
import { percentile, postBurst, type LoadFigures, type LoadRequest } from './http-load.js';
import { serveDoorBenchmark, type DoorServerKind } from './webhook-door-servers.js';

const secret = 'plane_wh_benchmark_secret';
const childFlag = '--serve-door-benchmark';

function option(name: string, fallback: number): number {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given === undefined ? fallback : Number(given.slice(name.length + 3));
}

interface Server {
  readonly kind: DoorServerKind;
  readonly port: number;
  readonly child: ChildProcess;
}

async function start(kind: DoorServerKind, directory: string): Promise<Server> {
  const child = fork(fileURLToPath(import.meta.url), [childFlag, kind, directory], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.DOOR_CPU_PROFILE_DIR === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${process.env.DOOR_CPU_PROFILE_DIR}`]),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${String(code)}`)));
  });
  return { kind, port, child };
}

async function getJson(server: Server, path: string): Promise<Record<string, number>> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return (await response.json()) as Record<string, number>;
}

let deliveryNumber = 0;
/** Signed deliveries that are all distinct (a repeated one would be deduplicated, which is cheaper). */
function deliveries(count: number): LoadRequest[] {
  return Array.from({ length: count }, () => {
    deliveryNumber += 1;
    const second = String(deliveryNumber % 60).padStart(2, '0');
    const body = planeIssueUpdateBody({
      workItemId: `00000000-0000-4000-8000-${String(deliveryNumber % 50).padStart(12, '0')}`,
      projectId: '530b4f64-0f03-4cec-ae0d-3b197e3432ff',
      field: ['name', 'priority', 'state', 'labels'][deliveryNumber % 4]!,
      updatedAt: `2026-11-26T09:03:${second}.${String(deliveryNumber).padStart(6, '0')}Z`,
    });
    const signature = createHmac('sha256', secret).update(body, 'utf8').digest('hex');
    return { path: '/webhooks/plane', headers: { 'x-plane-signature': signature }, body };
  });
}

interface SideFigures {
  readonly latenciesMs: number[];
  readonly throughputs: number[];
  accepted: number;
  refused: number;
  drainTailMs: number;
  cpuMicroseconds: number;
  measured: number;
}

async function compare(): Promise<void> {
  const perRound = option('deliveries', 1500);
  const rounds = option('rounds', 4);
  const concurrency = option('concurrency', 16);
  const warmUp = option('warm-up', 600);
  const loadAtStart = loadavg()[0] ?? 0;
  const directory = mkdtempSync(join(tmpdir(), 'webhook-door-'));
  const servers = [await start('door', directory), await start('minimal', directory)];
  const sides = new Map<DoorServerKind, SideFigures>(
    servers.map((server) => [
      server.kind,
      {
        latenciesMs: [],
        throughputs: [],
        accepted: 0,
        refused: 0,
        drainTailMs: 0,
        cpuMicroseconds: 0,
        measured: 0,
      },
    ]),
  );
  const run = async (server: Server, count: number): Promise<LoadFigures & { cpu: number }> => {
    const requests = deliveries(count);
    const cpuBefore = (await getJson(server, '/cpu')).microseconds ?? 0;
    const figures = await postBurst(server.port, requests, concurrency);
    const side = sides.get(server.kind)!;
    side.accepted += figures.statuses.get(202) ?? 0;
    side.refused += figures.sent - (figures.statuses.get(202) ?? 0);
    // The door's drain runs on after its last 202; let it finish before the other side's round.
    const lastAck = performance.now();
    await getJson(server, '/idle');
    side.drainTailMs = Math.max(side.drainTailMs, performance.now() - lastAck);
    // Up to the end of the drain: the work done after the 202s is the door's work too.
    const cpu = ((await getJson(server, '/cpu')).microseconds ?? 0) - cpuBefore;
    return { ...figures, cpu };
  };

  for (const server of servers) await run(server, warmUp);
  for (let round = 0; round < rounds; round += 1) {
    // Alternate who goes first, so neither side always follows the other's leftovers.
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const figures = await run(server, perRound);
      const side = sides.get(server.kind)!;
      side.latenciesMs.push(...figures.latenciesMs);
      side.throughputs.push((figures.sent / figures.elapsedMs) * 1000);
      side.cpuMicroseconds += figures.cpu;
      side.measured += figures.sent;
    }
  }
  const stored = new Map<DoorServerKind, number>();
  for (const server of servers)
    stored.set(server.kind, (await getJson(server, '/status')).stored ?? 0);
  for (const server of servers) server.child.disconnect();
  rmSync(directory, { recursive: true, force: true });

  const summary = (kind: DoorServerKind) => {
    const side = sides.get(kind)!;
    const sorted = [...side.latenciesMs].sort((left, right) => left - right);
    const throughput = [...side.throughputs].sort((left, right) => left - right);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      // The median round's rate: one round disturbed by a neighbour does not decide it.
      perSecond: percentile(throughput, 50),
      accepted: side.accepted,
      refused: side.refused,
      stored: stored.get(kind) ?? 0,
      drainTailMs: side.drainTailMs,
      cpuPerDelivery: side.cpuMicroseconds / side.measured,
    };
  };
  const door = summary('door');
  const minimal = summary('minimal');
  const p99Ratio = door.p99 / minimal.p99;
  const throughputRatio = door.perSecond / minimal.perSecond;
  const row = (label: string, figures: typeof door): string[] => [
    label,
    figures.p50.toFixed(2),
    figures.p99.toFixed(2),
    figures.perSecond.toFixed(0),
    figures.cpuPerDelivery.toFixed(0),
    `${figures.accepted} / ${figures.stored}`,
  ];
  const header = [
    'server',
    'p50 (ms)',
    'p99 (ms)',
    'deliveries/s',
    'server CPU per delivery (µs)',
    'accepted (202) / stored',
  ];
  const rows = [
    row('minimal app: HMAC + one SQLite row', minimal),
    row('the webhook door', door),
    [
      'door ÷ minimal',
      '',
      `${p99Ratio.toFixed(2)} ×`,
      `${throughputRatio.toFixed(2)} ×`,
      `${(door.cpuPerDelivery / minimal.cpuPerDelivery).toFixed(2)} ×`,
      '',
    ],
  ];
  const shape = `${warmUp} warm-up deliveries per server, then ${rounds} alternating rounds of ${perRound}, ${concurrency} concurrent senders`;
  console.log(`webhook door vs minimal app: ${shape}`);
  printTable(header, rows);
  console.log(
    `door: ${door.refused} refused; its drain finished at most ${door.drainTailMs.toFixed(0)} ms after a round's last 202`,
  );

  writeDocsIfAsked([
    {
      title: 'Webhook door vs a minimal Express app',
      note: [
        'Written by `packages/integration-tests/bench/webhook-door.ts --write-docs`. Both servers run in',
        'child processes on loopback; the parent posts signed Plane work-item deliveries (50 work items',
        `edited field by field, every delivery distinct): ${shape}.`,
        'The door is the sync router (adapter-express) → `createWebhookIngestor` → the SQLite inbox, with',
        'the inbox processor and drainer wired as the agent wires them and an engine that has nothing to',
        'do; the minimal app checks the HMAC with `node:crypto` and inserts one SQLite row (WAL, as the',
        'store). Latency is from send to the end of the response; throughput is the median round. Every',
        'accepted delivery is in the inbox before its 202 (accepted = stored). CPU per delivery is the',
        "server process's CPU time over the measured rounds (the door's drains included) divided by the",
        'deliveries: the figure a busy machine disturbs least. Load average (1 min) when the run began:',
        `${loadAtStart.toFixed(1)} on ${cpus().length} cores shared with other builds, so wall-clock figures are loose.`,
      ].join('\n'),
      header,
      rows,
    },
  ]);
}

if (process.argv[2] === childFlag) {
  serveDoorBenchmark(process.argv[3] as DoorServerKind, process.argv[4] ?? tmpdir(), secret);
} else {
  await compare();
}
