import { Counter, type Registry } from 'prom-client';
import type { IngestErrorKind } from '@odoo-plane-sync/sync-core';
import type { RequestFailureKind } from './request-failure.js';

/** The `source` label: the three sources, and `unknown` for every other path a sender made up. */
export type WebhookSourceLabel = 'odoo' | 'plane' | 'github' | 'unknown';

/** The `reason` label of a refusal: the ingestor's kinds and the ones the router finds reading the request. */
export type WebhookRejectionReason = IngestErrorKind | RequestFailureKind;

/** The webhook counters of one router. */
export interface WebhookMetrics {
  accepted(source: string): void;
  rejected(source: string, reason: WebhookRejectionReason): void;
}

/**
 * Creates the webhook counters in `registry`. Labels come only from bounded sets, never from the request:
 * anyone can POST to `/webhooks/<anything>` without a secret, and a label per path they invent is a new
 * series held in memory and served by `/metrics` for the life of the process.
 */
export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  const accepted = new Counter({
    name: 'odoo_plane_sync_webhooks_accepted_total',
    help: 'Webhook deliveries stored in the inbox (duplicates included).',
    labelNames: ['source'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'odoo_plane_sync_webhooks_rejected_total',
    help: 'Webhook deliveries refused, by reason.',
    labelNames: ['source', 'reason'],
    registers: [registry],
  });
  return {
    accepted: (source) => {
      accepted.inc({ source: sourceLabelOf(source) });
    },
    rejected: (source, reason) => {
      rejected.inc({ source: sourceLabelOf(source), reason });
    },
  };
}

/** The bounded label of a source name taken from a path. */
export function sourceLabelOf(source: string): WebhookSourceLabel {
  return source === 'odoo' || source === 'plane' || source === 'github' ? source : 'unknown';
}
