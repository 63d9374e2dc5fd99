import {
  entityKeyOf,
  type Clock,
  type IngestedPayload,
  type Logger,
  type SyncStores,
} from '@odoo-plane-sync/sync-core';
import type { OdooPollerOptions } from './odoo-poller.js';

/**
 * The poller's `submit`: each polled change goes into the inbox as a `poller` event. Polled changes go
 * through the inbox like webhooks: durable before the cursor moves, deduplicated.
 */
export function createPollerInboxSubmission(parts: {
  readonly inbox: SyncStores['inbox'];
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}): OdooPollerOptions['submit'] {
  const { inbox, clock, logger } = parts;
  return async (job, cause, dedupeKey) => {
    const payload: IngestedPayload = { source: 'poller', jobs: [job] };
    await inbox.add({
      source: 'poller',
      dedupeKey,
      entityKey: entityKeyOf(job),
      payload,
      receivedAt: clock.now(),
    });
    logger.debug('queued', { cause, entity: entityKeyOf(job) });
  };
}
