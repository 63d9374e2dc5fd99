/* eslint-disable no-console -- a benchmark prints its figures. */
/**
 * Webhook acknowledgement figures: an Express app with the sync router runs in a child process on a
 * loopback port (in-memory inbox, processor kicked after every 202 with an engine that does nothing);
 * the parent sends a bounded burst of signed Plane work-item deliveries and prints acknowledgement
 * latency p50/p99 and events per second.
 *
 *   npx tsx packages/adapter-express/bench/webhook-burst.ts [deliveries=2000] [concurrency=32]
 *
 * Bounded: at most `deliveries` requests and 60 s; never fails for being slow.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { ok } from 'neverthrow';
import { createInboxProcessor, createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  planeIssueUpdateBody,
} from '@odoo-plane-sync/sync-core/testing';
import { createSyncRouter } from '../src/index.js';

const secret = 'plane_wh_benchmark';
const deadlineMs = 60_000;

if (process.argv[2] === 'serve') {
  serve();
} else {
  await burst(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 32));
}

function serve(): void {
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({
    inbox,
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
    secrets: { planeWebhookSecret: secret },
  });
  const processor = createInboxProcessor({
    inbox,
    clock: { now: () => Date.now() },
    logger: createMemoryLogger(),
    engine: {
      run: () =>
        Promise.resolve(
          ok({
            correlationId: 'bench',
            applied: 0,
            unchanged: 1,
            deferred: 0,
            conflicts: 0,
            skipped: 0,
          }),
        ),
    },
  });
  const app = express();
  app.use(
    createSyncRouter({
      ingestor,
      processor,
      readiness: () => Promise.resolve({ ok: true, checks: {} }),
      status: async () => ({
        pending: await inbox.count('pending'),
        done: await inbox.count('done'),
      }),
    }),
  );
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
}

async function burst(deliveries: number, concurrency: number): Promise<void> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  const url = `http://127.0.0.1:${port}/webhooks/plane`;
  // 50 work items, each edited field by field: the shape of Plane's real bursts.
  const bodies = Array.from({ length: deliveries }, (_, index) => {
    const body = planeIssueUpdateBody({
      workItemId: `00000000-0000-4000-8000-${String(index % 50).padStart(12, '0')}`,
      projectId: '530b4f64-0f03-4cec-ae0d-3b197e3432ff',
      field: ['name', 'priority', 'state', 'labels'][index % 4]!,
      updatedAt: `2026-11-26T09:03:${String(index % 60).padStart(2, '0')}.${String(index).padStart(6, '0')}Z`,
    });
    return { body, signature: createHmac('sha256', secret).update(body, 'utf8').digest('hex') };
  });

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < bodies.length && performance.now() - started < deadlineMs) {
      const { body, signature } = bodies[next]!;
      next += 1;
      const sent = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Plane-Signature': signature },
        body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const elapsedMs = performance.now() - started;
  const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as unknown;
  child.disconnect();

  latencies.sort((a, b) => a - b);
  const percentile = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  console.log(
    `webhook burst: ${latencies.length} signed Plane deliveries, concurrency ${concurrency}, ` +
      `${(elapsedMs / 1000).toFixed(2)} s`,
  );
  console.log(`  statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(
    `  ack latency p50 ${percentile(50).toFixed(2)} ms, p99 ${percentile(99).toFixed(2)} ms`,
  );
  console.log(`  throughput ${((latencies.length / elapsedMs) * 1000).toFixed(0)} events/s`);
  console.log(`  inbox after the burst: ${JSON.stringify(status)}`);
}
