import { describe, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import { describeClientContract } from './test-support/client-contract.js';

/**
 * The client contract against a real Odoo. Set `ODOO_TEST_URL`, `ODOO_TEST_DB`, `ODOO_TEST_LOGIN` and
 * `ODOO_TEST_API_KEY` (and optionally `ODOO_TEST_TRANSPORT` = auto | jsonrpc | json2) to run it; the
 * suite creates its own project, stages, milestone and tasks and deletes them afterwards.
 */
const url = process.env.ODOO_TEST_URL;
const db = process.env.ODOO_TEST_DB;
const login = process.env.ODOO_TEST_LOGIN;
const apiKey = process.env.ODOO_TEST_API_KEY;
const transport = process.env.ODOO_TEST_TRANSPORT;

if (url && db && login && apiKey) {
  describeClientContract(`live Odoo at ${url}`, {
    suffix: `live-${new Date().toISOString().slice(11, 19).replaceAll(':', '')}`,
    client: () =>
      createOdooClient({
        baseUrl: url,
        db,
        login,
        apiKey,
        ...(transport === 'jsonrpc' || transport === 'json2' || transport === 'auto'
          ? { transport }
          : {}),
      }),
  });
} else {
  describe('live Odoo contract', () => {
    it.skip('SKIPPED: set ODOO_TEST_URL, ODOO_TEST_DB, ODOO_TEST_LOGIN and ODOO_TEST_API_KEY to run against a real Odoo', () => {});
  });
}
