/* eslint-disable no-console -- a benchmark prints its figures. */
/**
 * Rate-limit figure: how long N requests take through one client against the Plane simulator at
 * Plane's default 60 requests per 60 s, on a fake clock, and how many 429s they cause.
 *
 *   npx tsx packages/plane-client/bench/rate-limit.ts [requests]
 *
 * Prints one line per scenario; never fails for being slow.
 */
import { createFakeClock, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { setupServer } from 'msw/node';
import { createPlaneClient, type PlaneLane } from '../src/index.js';

interface Scenario {
  readonly name: string;
  readonly clientBudget: boolean;
  readonly lanes: readonly PlaneLane[];
}

const requests = Number(process.argv[2] ?? 300);
const scenarios: readonly Scenario[] = [
  { name: 'client budget on, one lane', clientBudget: true, lanes: ['live'] },
  {
    name: 'client budget on, live + reconcile + backfill',
    clientBudget: true,
    lanes: ['live', 'reconcile', 'backfill'],
  },
  { name: 'client budget off (429 + Retry-After only)', clientBudget: false, lanes: ['live'] },
];

const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });

let origin = 0;
for (const scenario of scenarios) {
  origin += 1;
  const clock = createFakeClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const simulator = createPlaneSimulator({ baseUrl: `http://bench-${origin}.plane.test`, clock });
  server.use(...simulator.handlers);
  const client = createPlaneClient({
    baseUrl: simulator.baseUrl,
    apiKey: simulator.apiKey,
    workspaceSlug: simulator.workspaceSlug,
    clock,
    ...(scenario.clientBudget ? {} : { rateLimit: false as const }),
    retry: { limit: 10 },
  });
  const start = clock.now();
  const wallStart = performance.now();
  const results = await Promise.all(
    Array.from({ length: requests }, (_, index) =>
      client.withLane(scenario.lanes[index % scenario.lanes.length] ?? 'live').getMe(),
    ),
  );
  const failed = results.filter((result) => result.isErr()).length;
  const sent = simulator.requestCount();
  console.log(
    JSON.stringify({
      scenario: scenario.name,
      requests,
      ok: requests - failed,
      failed,
      sentToServer: sent,
      rateLimited429: sent - (requests - failed),
      simulatedSeconds: (clock.now() - start) / 1_000,
      wallMilliseconds: Math.round(performance.now() - wallStart),
    }),
  );
}

server.close();
