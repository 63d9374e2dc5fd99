/* eslint-disable no-console -- a benchmark prints its figures. */
/**
 * `/metrics` cardinality under unauthenticated noise: an Express app with the sync router listens on a
 * loopback port, gets `requests` POSTs to random `/webhooks/<x>` paths (plus one oversize POST to a
 * 6,000-character path), and the script prints the number of Prometheus series and the size of the
 * exposition text before and after.
 *
 *   npx tsx packages/adapter-express/bench/metrics-cardinality.ts [requests=2000]
 *
 * Bounded: at most `requests` + 1 requests; never fails for being slow.
 */
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { Registry } from 'prom-client';
import { createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox } from '@odoo-plane-sync/sync-core/testing';
import { createSyncRouter } from '../src/index.js';

const requests = Number(process.argv[2] ?? 2000);
const metrics = new Registry();
const app = express();
app.use(
  createSyncRouter({
    ingestor: createWebhookIngestor({
      inbox: createInMemoryInbox(),
      clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
      secrets: { planeWebhookSecret: 'plane_wh_benchmark' },
    }),
    metrics,
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    status: () => Promise.resolve({}),
  }),
);
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const figures = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  return { series, bytes: text.length };
};
const post = async (path: string, body: string) => {
  await (await fetch(`${base}${path}`, { method: 'POST', body })).arrayBuffer();
};

// One of each refusal first, so "after" counts only what the noise added.
await post('/webhooks/plane', '{}');
await post('/webhooks/unknown-source', '{}');
await post('/webhooks/unknown-source', 'x'.repeat(1024 * 1024 + 1));
const before = await figures();
for (let index = 0; index < requests; index += 1) {
  await post(`/webhooks/${randomBytes(12).toString('hex')}`, '{}');
}
await post(`/webhooks/${'a'.repeat(6_000)}`, 'x'.repeat(1024 * 1024 + 1));
const after = await figures();
server.close();

console.log(`requests: ${requests} random paths + 1 oversize POST to a 6,000-character path`);
for (const [name, value] of Object.entries({ before, after })) {
  console.log(
    `${name.padEnd(6)} series ${String(value.series).padStart(5)}  /metrics ${(value.bytes / 1024).toFixed(1)} KiB`,
  );
}
