import type { LiveConnection } from './sync-environment.js';
import type { SyncAgentOptions } from './sync-agent-options.js';

/**
 * How to reach Odoo and Plane, as `createSyncAgent` takes it, from a connection read off the environment
 * (`readSyncEnvironment`'s `live`, or any config with the same `odoo` and `plane` fields): the Plane key's
 * rate per minute becomes the client's budget. Hosts add what is theirs (a counting `fetch`, shorter
 * retries in a sandbox) on top.
 *
 * @example
 * const agent = createSyncAgent({ ...clientOptionsOf(environment.live), store, secrets, logger });
 */
export function clientOptionsOf(
  connection: Pick<LiveConnection, 'odoo' | 'plane'>,
): Pick<SyncAgentOptions, 'odoo' | 'plane'> {
  const { odoo, plane } = connection;
  return {
    odoo: { baseUrl: odoo.url, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey },
    plane: {
      baseUrl: plane.url,
      apiKey: plane.apiKey,
      workspaceSlug: plane.workspace,
      edition: plane.edition,
      rateLimit: { requests: plane.rateLimitPerMinute, windowMs: 60_000 },
    },
  };
}
