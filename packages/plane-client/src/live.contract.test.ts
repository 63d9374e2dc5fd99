import { describe } from 'vitest';
import { describePlaneClientContract } from './test-support/client-contract.js';
import { createPlaneClient } from './plane-client.js';

// The same contract as against the simulator, run against a real Plane when credentials are given:
//   PLANE_TEST_URL=https://plane.example.com PLANE_TEST_API_KEY=plane_api_… PLANE_TEST_WORKSPACE=slug \
//   npx vitest run --root packages/plane-client src/live.contract.test.ts
// Optional: PLANE_TEST_EDITION=cloud, PLANE_TEST_RATE_LIMIT=<requests per minute of the install>.
// It creates projects named "Contract …" in that workspace and deletes them at the end.

const url = process.env['PLANE_TEST_URL'] ?? '';
const apiKey = process.env['PLANE_TEST_API_KEY'] ?? '';
const workspaceSlug = process.env['PLANE_TEST_WORKSPACE'] ?? '';
const configured = url !== '' && apiKey !== '' && workspaceSlug !== '';
const edition = process.env['PLANE_TEST_EDITION'] === 'cloud' ? 'cloud' : 'ce';
const perMinute = Number(process.env['PLANE_TEST_RATE_LIMIT'] ?? 60);
const SKIP_MESSAGE =
  'live Plane contract SKIPPED: set PLANE_TEST_URL, PLANE_TEST_API_KEY and PLANE_TEST_WORKSPACE to run it';

if (!configured) {
  // The default reporter only counts skipped tests; this line says why, in every run.
  // eslint-disable-next-line no-console
  console.info(SKIP_MESSAGE);
}

describe.skipIf(!configured)(
  configured ? `live Plane contract at ${url} (workspace ${workspaceSlug})` : SKIP_MESSAGE,
  () => {
    const client = createPlaneClient({
      baseUrl: url,
      apiKey,
      workspaceSlug,
      edition,
      rateLimit: {
        requests: Number.isFinite(perMinute) && perMinute > 0 ? perMinute : 60,
        windowMs: 60_000,
      },
    });
    describePlaneClientContract('createPlaneClient against a real Plane', () => ({
      client,
      edition,
      testTimeoutMs: 600_000,
      outsider: async () => {
        const me = await client.getMe();
        const members = await client.listWorkspaceMembers();
        if (me.isErr() || members.isErr()) return undefined;
        return members.value.find((member) => member.id !== me.value.id && (member.role ?? 0) >= 15)
          ?.id;
      },
    }));
  },
);
