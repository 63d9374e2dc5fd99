import { createFakeClock, createOdooSimulator, createTestServer } from '@odoo-plane-sync/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOdooError } from './errors.js';
import { createOdooClient } from './odoo-client.js';

let server: ReturnType<typeof createTestServer> | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
});

/** A simulator of `version` behind msw, and a client that records the path of every request it sends. */
function setup(version: 16 | 17 | 18 | 19, transport: 'auto' | 'json2' = 'auto') {
  const simulator = createOdooSimulator({ baseUrl: `http://odoo${version}.test`, version });
  server = createTestServer({}, { handlers: simulator.handlers });
  server.listen();
  const paths: string[] = [];
  const odoo = createOdooClient({
    baseUrl: simulator.baseUrl,
    db: simulator.db,
    login: simulator.login,
    apiKey: simulator.apiKey,
    transport,
    clock: createFakeClock(),
    fetch: (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    },
  });
  return { odoo, paths };
}

describe('createOdooClient transport detection', () => {
  it.each([16, 17, 18] as const)(
    'chooses JSON-RPC on %i from common.version, without a GET /web/version request',
    async (version) => {
      const { odoo, paths } = setup(version);

      const transport = await odoo.transport();
      const uid = await odoo.authenticate();

      expect(transport._unsafeUnwrap()).toBe('jsonrpc');
      expect(uid.isOk()).toBe(true);
      expect(paths).not.toContain('/web/version');
      expect(paths).toEqual(['/jsonrpc', '/jsonrpc']);
    },
  );

  it('chooses JSON-2 on 19 (where every /jsonrpc call logs a deprecation warning)', async () => {
    const { odoo, paths } = setup(19);

    const transport = await odoo.transport();
    const tasks = await odoo.search('project.task', []);

    expect(transport._unsafeUnwrap()).toBe('json2');
    expect(tasks.isOk()).toBe(true);
    expect(paths).toEqual(['/jsonrpc', '/web/version', '/json/2/project.task/search']);
  });

  it('says that a server before 19 has no JSON-2 when json2 is forced, without its HTML page', async () => {
    const { odoo } = setup(17, 'json2');

    const result = await odoo.search('project.task', []);

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'unsupported', retryable: false });
    expect(error.message).toContain('no JSON-2 API');
    expect(error.message).toContain('Odoo 19 or later');
    expect(JSON.stringify(error)).not.toMatch(/<html|<!DOCTYPE/i);
    expect(describeOdooError(error)).toBe(error.message);
  });
});
