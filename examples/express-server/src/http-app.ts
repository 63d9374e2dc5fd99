import express, { type Express } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { createStatusPage, createSyncRouter } from '@odoo-plane-sync/adapter-express';
import { createStatusPageSource, type SyncAgent } from '@odoo-plane-sync/agent';

/** Where the HTML status page is served when it is on. */
export const statusPagePath = '/status/page';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Turns the HTML status page on at {@link statusPagePath}; its replay button needs this token. */
  readonly statusPageToken?: string | null;
}

/**
 * The agent's Express app: the adapter's router (webhooks, `/healthz`, `/readyz`, `/status`, `/metrics`)
 * with the agent's readiness and status, Prometheus gauges of its queue, inbox and failures, the HTML
 * status page at `/status/page` when a `statusPageToken` is given, and a JSON 404 for any other path.
 *
 * @example
 * createHttpApp(createSyncAgent({ odoo, plane, store, secrets }), { statusPageToken }).listen(3000);
 */
export function createHttpApp(agent: SyncAgent, options: HttpAppOptions = {}): Express {
  const { stores } = agent;
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  new Gauge({
    name: 'odoo_plane_sync_queue_depth',
    help: 'Jobs waiting or running in the work queue.',
    registers: [metrics],
    collect() {
      this.set(agent.queue.size());
    },
  });
  new Gauge({
    name: 'odoo_plane_sync_inbox_events',
    help: 'Inbox events by status.',
    labelNames: ['status'],
    registers: [metrics],
    async collect() {
      this.set({ status: 'pending' }, await stores.inbox.count('pending'));
      this.set({ status: 'failed' }, await stores.inbox.count('failed'));
      this.set({ status: 'dead' }, await stores.inbox.count('dead'));
    },
  });
  new Gauge({
    name: 'odoo_plane_sync_failing_entities',
    help: 'Entities whose last sync attempt failed.',
    registers: [metrics],
    async collect() {
      this.set((await stores.failures.listOpen()).length);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(createSyncRouter({ ...agent, metrics }));
  if (options.statusPageToken != null)
    app.use(
      statusPagePath,
      createStatusPage({
        source: createStatusPageSource(agent),
        replayToken: options.statusPageToken,
        logger: agent.logger,
      }),
    );
  // Express answers a route it does not know with an HTML page; this agent answers JSON on every path.
  app.use((_request, response) => {
    response.status(404).json({ error: 'not-found', message: 'No such route.' });
  });
  return app;
}
