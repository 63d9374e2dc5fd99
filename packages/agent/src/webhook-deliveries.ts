import type { Clock, SyncStateStore, WebhookIngestor } from '@odoo-plane-sync/sync-core';

/** The webhook sources the agent accepts. */
export const webhookSources = ['odoo', 'plane', 'github'] as const;
export type WebhookSource = (typeof webhookSources)[number];

const stateNameOf = (source: string): string => `webhook:last-delivery:${source}`;

/**
 * Wraps an ingestor so that each accepted delivery (duplicates too: the sender is alive) records when its
 * source last delivered, in the sync state `webhook:last-delivery:<source>`, for `doctor`. A failed record
 * never fails the delivery.
 *
 * @example
 * const ingestor = recordingLastDeliveries(createWebhookIngestor(…), stores.syncState, clock);
 */
export function recordingLastDeliveries(
  ingestor: WebhookIngestor,
  syncState: Pick<SyncStateStore, 'put'>,
  clock: Pick<Clock, 'now'>,
): WebhookIngestor {
  return {
    ingest: async (delivery) => {
      const result = await ingestor.ingest(delivery);
      if (result.isOk())
        await syncState
          .put(stateNameOf(delivery.source), new Date(clock.now()).toISOString())
          .catch(() => undefined);
      return result;
    },
  };
}

/**
 * When each webhook source last delivered (ISO time), or null when no delivery was ever accepted.
 *
 * @example
 * const last = await readLastDeliveries(stores.syncState); // { odoo: '2026-…', plane: null, github: null }
 */
export async function readLastDeliveries(
  syncState: Pick<SyncStateStore, 'get'>,
): Promise<Record<WebhookSource, string | null>> {
  const entries = await Promise.all(
    webhookSources.map(async (source) => {
      const value = await syncState.get(stateNameOf(source));
      return [source, typeof value === 'string' ? value : null] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<WebhookSource, string | null>;
}
