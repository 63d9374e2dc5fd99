import type { DrainReport, InboxRetention } from '@odoo-plane-sync/sync-core';
import type { AgentOperations } from './agent-operations.js';
import { createAgentSchedules, type AgentSchedules } from './agent-schedules.js';
import { createInProcessScheduleClaims } from './schedule-claims.js';
import type { SyncAgentDeps } from './sync-agent-deps.js';

const defaultSchedules = {
  pollIntervalMs: 60_000,
  reconcileIntervalMs: 60 * 60_000,
  retryDrainIntervalMs: 15_000,
} as const;

/**
 * The agent's four schedules at the intervals of `options.schedules` (defaults above): the drain that
 * retries failed inbox events, the inbox prune, the Odoo poll and the reconciliation, each tick claimed
 * in `options.scheduleClaims` (in-process by default).
 */
export function createSyncAgentSchedules(
  deps: SyncAgentDeps,
  tasks: {
    readonly drain: () => Promise<DrainReport>;
    readonly operations: Pick<AgentOperations, 'pollNow' | 'reconcileNow'>;
    readonly retention: InboxRetention;
  },
): AgentSchedules {
  const { options, stores, clock, logger } = deps;
  const { drain, operations, retention } = tasks;
  const intervals = { ...defaultSchedules, ...options.schedules };
  return createAgentSchedules({
    claims: options.scheduleClaims ?? createInProcessScheduleClaims(),
    clock,
    logger,
    schedules: {
      'inbox-retry': { intervalMs: intervals.retryDrainIntervalMs, run: drain },
      'inbox-prune': {
        intervalMs: intervals.pruneIntervalMs ?? retention.pruneEveryMs,
        run: async () => {
          const pruned = await stores.inbox.pruneDone(clock.now() - retention.processedEventsMs);
          if (pruned > 0) logger.info('inbox pruned', { pruned });
        },
      },
      'odoo-poll': { intervalMs: intervals.pollIntervalMs, run: operations.pollNow },
      reconcile: { intervalMs: intervals.reconcileIntervalMs, run: operations.reconcileNow },
    },
  });
}
