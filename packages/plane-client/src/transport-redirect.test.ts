import { createFakeClock, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describePlaneError } from './errors.js';
import { createPlaneClient } from './plane-client.js';

const API_KEY = 'plane_api_0123456789abcdef0123456789abcdef';
const ORIGIN = 'http://plane.test';
const ELSEWHERE = 'https://elsewhere.test';

describe('createPlaneClient redirects', () => {
  const server = createTestServer({
    [`${ORIGIN}/api/v1/users/me/`]: {
      response: {
        type: 'empty',
        status: 307,
        headers: { location: `${ELSEWHERE}/api/v1/users/me/` },
      },
    },
    [`${ELSEWHERE}/api/v1/users/me/`]: {
      response: { type: 'json', body: { id: 'stolen' } },
    },
  });
  beforeAll(() => server.listen());
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it('does not follow a 307 to another origin: a non-retryable redirect error names the Location', async () => {
    // The default fetch (the global one, which msw intercepts), as in production.
    const plane = createPlaneClient({
      baseUrl: ORIGIN,
      apiKey: API_KEY,
      workspaceSlug: 'acme',
      clock: createFakeClock({ start: 0 }),
      random: () => 0,
    });

    const me = await plane.getMe();

    const error = me._unsafeUnwrapErr();
    expect(error).toEqual({
      kind: 'redirect',
      status: 307,
      location: `${ELSEWHERE}/api/v1/users/me/`,
      failureKind: 'redirect',
      retryable: false,
      method: 'GET',
      url: `${ORIGIN}/api/v1/users/me/`,
    });
    expect(describePlaneError(error)).toContain(`${ELSEWHERE}/api/v1/users/me/`);
    // Exactly one request, to the configured origin; none (and so no X-Api-Key) to the other one.
    expect(server.calls.map((call) => new URL(call.url).origin)).toEqual([ORIGIN]);
  });
});
