import { createFakeClock, createOdooSimulator, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import { describeClientContract } from './test-support/client-contract.js';

/** Every transport each version offers: JSON-RPC on 16–19, JSON-2 on 19 only. */
const COMBINATIONS = [
  { version: 16, transport: 'jsonrpc' },
  { version: 17, transport: 'jsonrpc' },
  { version: 18, transport: 'jsonrpc' },
  { version: 19, transport: 'jsonrpc' },
  { version: 19, transport: 'json2' },
] as const;

const simulators = COMBINATIONS.map(({ version, transport }) =>
  createOdooSimulator({
    baseUrl: `http://odoo${version}-${transport}.test`,
    version,
    clock: createFakeClock(),
  }),
);
const server = createTestServer(
  {},
  { handlers: simulators.flatMap((simulator) => simulator.handlers) },
);

beforeAll(() => server.listen());
afterAll(() => server.close());

COMBINATIONS.forEach(({ version, transport }, index) => {
  const simulator = simulators[index]!;
  describeClientContract(`createOdooClient on simulated Odoo ${version} over ${transport}`, {
    suffix: `sim${version}`,
    // `auto` must land on the transport listed, except for 19 where JSON-RPC is chosen explicitly.
    transport,
    client: () =>
      createOdooClient({
        baseUrl: simulator.baseUrl,
        db: simulator.db,
        login: simulator.login,
        apiKey: simulator.apiKey,
        transport: version === 19 && transport === 'jsonrpc' ? 'jsonrpc' : 'auto',
        clock: createFakeClock(),
      }),
  });
});
