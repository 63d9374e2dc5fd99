import express, { type Express } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { createSyncRouter } from '@odoo-plane-sync/adapter-express';
import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import type { SqliteStores } from '@odoo-plane-sync/store-sqlite';
import {
  shipSignalStateName,
  unmappedStateGroupsStateName,
  type InboxProcessor,
  type Logger,
  type WebhookIngestor,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import type { NotificationLog } from './notification-log.js';

/** Failed and dead inbox events listed by `/status` (the counts cover all of them). */
const failedEventsShown = 20;

/** What the HTTP layer reads. */
export interface HttpAppParts {
  readonly ingestor: WebhookIngestor;
  readonly processor: InboxProcessor;
  readonly queue: WorkQueue;
  readonly stores: SqliteStores;
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly notifications: NotificationLog;
  readonly logger: Logger;
  /** How long a readiness answer is reused: probes must not spend Plane's request budget. */
  readonly readinessCacheMs?: number;
}

/**
 * The agent's Express app: the adapter's router (webhooks, `/healthz`, `/readyz`, `/status`, `/metrics`)
 * fed with this agent's readiness checks, status JSON and gauges, and a JSON 404 for any other path.
 *
 * @example
 * createHttpApp({ ingestor, processor, queue, stores, odoo, plane, notifications, logger }).listen(3000);
 */
export function createHttpApp(parts: HttpAppParts): Express {
  const { stores } = parts;
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  new Gauge({
    name: 'odoo_plane_sync_queue_depth',
    help: 'Jobs waiting or running in the work queue.',
    registers: [metrics],
    collect() {
      this.set(parts.queue.size());
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

  const readinessCacheMs = parts.readinessCacheMs ?? 30_000;
  let lastReadiness: {
    at: number;
    answer: { ok: boolean; checks: Record<string, boolean> };
  } | null = null;
  const readiness = async (): Promise<{ ok: boolean; checks: Record<string, boolean> }> => {
    if (lastReadiness !== null && Date.now() - lastReadiness.at < readinessCacheMs)
      return lastReadiness.answer;
    const [store, odoo, plane] = await Promise.all([
      stores.inbox.count('pending').then(
        () => true,
        () => false,
      ),
      (async () => (await parts.odoo.searchCount('project.project', [])).isOk())(),
      (async () => (await parts.plane.getMe()).isOk())(),
    ]);
    const checks = { store, odoo, plane };
    const answer = { ok: store && odoo && plane, checks };
    lastReadiness = { at: Date.now(), answer };
    return answer;
  };

  // Everything here is counted in the store or bounded: /status costs the same at 100,000 mappings as at 10.
  const status = async (): Promise<unknown> => {
    const [
      pending,
      failed,
      dead,
      failedEvents,
      failures,
      conflictTotal,
      recentConflicts,
      backfill,
      reconciliation,
      mapped,
    ] = await Promise.all([
      stores.inbox.count('pending'),
      stores.inbox.count('failed'),
      stores.inbox.count('dead'),
      stores.inbox.listFailed(failedEventsShown),
      stores.failures.listOpen(),
      stores.ledger.count({ outcome: 'conflict' }),
      stores.ledger.list({ outcome: 'conflict', last: 5 }),
      stores.syncState.get('backfill'),
      stores.syncState.get('reconciliation:last'),
      stores.mappings.count({ status: 'active' }),
    ]);
    // Both kept by the engine: which Odoo signal ships work items, and Plane states with no Odoo stage.
    const [shipSignal, unmappedStateGroups] = await Promise.all([
      stores.syncState.get(shipSignalStateName),
      stores.syncState.get(unmappedStateGroupsStateName),
    ]);
    return {
      queue: { depth: parts.queue.size() },
      inbox: {
        pending,
        failed,
        dead,
        // Failed events retry on their own at `retryAt`; dead letters wait for a replay.
        failedEvents: failedEvents.map((event) => ({
          id: event.id,
          source: event.source,
          entityKey: event.entityKey,
          status: event.status,
          attempts: event.attempts,
          lastError: event.lastError,
          receivedAt: new Date(event.receivedAt).toISOString(),
          retryAt: event.retryAt === null ? null : new Date(event.retryAt).toISOString(),
        })),
      },
      backfill: backfill ?? null,
      lastReconciliation: reconciliation ?? null,
      failures: failures.map((failure) => ({
        entityKey: failure.entityKey,
        consecutive: failure.consecutive,
        lastCause: failure.lastCause,
        lastAt: new Date(failure.lastAt).toISOString(),
        alerted: failure.alertedAt !== null,
      })),
      // Conflicts are settled by ownership at once (the owner wins); these are the ones on record.
      conflicts: {
        total: conflictTotal,
        recent: recentConflicts.map((entry) => ({
          at: new Date(entry.at).toISOString(),
          entity: entry.entity,
          decision: entry.decision,
        })),
      },
      mappings: {
        projects: mapped['project.project'],
        milestones: mapped['project.milestone'],
        tasks: mapped['project.task'],
      },
      notifications: parts.notifications.recent.slice(-10),
      shipSignal: shipSignal ?? null,
      unmappedStateGroups: unmappedStateGroups ?? [],
    };
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    createSyncRouter({
      ingestor: parts.ingestor,
      processor: parts.processor,
      readiness,
      status,
      metrics,
      logger: parts.logger,
    }),
  );
  // Express answers a route it does not know with an HTML page; this agent answers JSON on every path.
  app.use((_request, response) => {
    response.status(404).json({ error: 'not-found', message: 'No such route.' });
  });
  return app;
}
