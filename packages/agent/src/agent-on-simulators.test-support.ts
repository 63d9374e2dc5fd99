import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import type { OdooSimulator, PlaneSimulator } from '@odoo-plane-sync/testkit';
import { createJsonLogger } from './json-logger.js';
import { createSyncAgent, type SyncAgent } from './sync-agent.js';

/** The Odoo webhook token the agent of {@link startAgentOnSimulators} accepts. */
export const testOdooToken = 't'.repeat(32);

/**
 * For tests: serves both simulators over HTTP and builds an agent on them with an in-memory SQLite
 * store and a silent logger; `close` stops and closes everything.
 */
export async function startAgentOnSimulators(
  odoo: OdooSimulator,
  plane: PlaneSimulator,
): Promise<{ agent: SyncAgent; close: () => Promise<void> }> {
  const [servedOdoo, servedPlane] = await Promise.all([odoo.serve(), plane.serve()]);
  const store = createSqliteStores({ filename: ':memory:' });
  const agent = createSyncAgent({
    odoo: { baseUrl: servedOdoo.url, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey },
    plane: { baseUrl: servedPlane.url, apiKey: plane.apiKey, workspaceSlug: plane.workspaceSlug },
    store,
    secrets: { odooToken: testOdooToken },
    logger: createJsonLogger({ write: () => undefined }),
  });
  return {
    agent,
    close: async () => {
      await agent.stop();
      await Promise.all([servedOdoo.close(), servedPlane.close()]);
      store.close();
    },
  };
}
