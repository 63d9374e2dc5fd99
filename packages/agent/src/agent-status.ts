import {
  shipSignalStateName,
  unmappedStateGroupsStateName,
  type InboxEvent,
  type Notification,
  type SyncStores,
  type WorkQueue,
} from '@odoo-plane-sync/sync-core';
import { backfillProgressStateName, backfillStatusOf } from './backfill.js';

/** Failed and dead inbox events listed by the status (the counts cover all of them). */
const failedEventsShown = 20;

/** The agent's status: what `/status` serves. Every figure is counted in the store or bounded. */
export interface SyncAgentStatus {
  readonly queue: { readonly depth: number };
  readonly inbox: {
    readonly pending: number;
    readonly failed: number;
    readonly dead: number;
    /** The newest failed and dead events; failed ones retry on their own at `retryAt`. */
    readonly failedEvents: readonly {
      readonly id: string;
      readonly source: string;
      readonly entityKey: string;
      readonly status: string;
      readonly attempts: number;
      readonly lastError: string | null;
      readonly receivedAt: string;
      readonly retryAt: string | null;
    }[];
  };
  readonly backfill: unknown;
  readonly lastReconciliation: unknown;
  readonly failures: readonly {
    readonly entityKey: string;
    readonly consecutive: number;
    readonly lastCause: string;
    readonly lastAt: string;
    readonly alerted: boolean;
  }[];
  /** Conflicts are settled by ownership at once (the owner wins); these are the ones on record. */
  readonly conflicts: {
    readonly total: number;
    readonly recent: readonly {
      readonly at: string;
      readonly entity: unknown;
      readonly decision: unknown;
    }[];
  };
  readonly mappings: {
    readonly projects: number;
    readonly milestones: number;
    readonly tasks: number;
  };
  readonly notifications: readonly Notification[];
  /** Which Odoo signal ships work items (kept by the engine). */
  readonly shipSignal: unknown;
  /** Plane state groups with no Odoo stage (kept by the engine). */
  readonly unmappedStateGroups: unknown;
}

/** A failed or dead inbox event as the status and the CLI show it (times as ISO strings). */
export type FailedEventView = SyncAgentStatus['inbox']['failedEvents'][number];

/**
 * A failed or dead inbox event as the status shows it.
 *
 * @example
 * const shown = (await stores.inbox.listFailed(100)).map(failedEventView);
 */
export function failedEventView(event: InboxEvent): FailedEventView {
  return {
    id: event.id,
    source: event.source,
    entityKey: event.entityKey,
    status: event.status,
    attempts: event.attempts,
    lastError: event.lastError,
    receivedAt: new Date(event.receivedAt).toISOString(),
    retryAt: event.retryAt === null ? null : new Date(event.retryAt).toISOString(),
  };
}

/** What the status reads. */
export interface StatusParts {
  readonly stores: SyncStores;
  readonly queue: Pick<WorkQueue, 'size'>;
  readonly notifications: { readonly recent: readonly Notification[] };
}

/**
 * Creates the status reader. It costs the same at 100,000 mappings as at 10: counts come from the store,
 * lists are bounded.
 *
 * @example
 * const status = createStatusReader({ stores, queue, notifications });
 * console.log(JSON.stringify(await status()));
 */
export function createStatusReader(parts: StatusParts): () => Promise<SyncAgentStatus> {
  const { stores } = parts;
  return async () => {
    const [
      pending,
      failed,
      dead,
      failedEvents,
      failures,
      conflictTotal,
      recentConflicts,
      backfill,
      backfillProgress,
      reconciliation,
      mapped,
      shipSignal,
      unmappedStateGroups,
    ] = await Promise.all([
      stores.inbox.count('pending'),
      stores.inbox.count('failed'),
      stores.inbox.count('dead'),
      stores.inbox.listFailed(failedEventsShown),
      stores.failures.listOpen(),
      stores.ledger.count({ outcome: 'conflict' }),
      stores.ledger.list({ outcome: 'conflict', last: 5 }),
      stores.syncState.get('backfill'),
      stores.syncState.get(backfillProgressStateName),
      stores.syncState.get('reconciliation:last'),
      stores.mappings.count({ status: 'active' }),
      stores.syncState.get(shipSignalStateName),
      stores.syncState.get(unmappedStateGroupsStateName),
    ]);
    return {
      queue: { depth: parts.queue.size() },
      inbox: {
        pending,
        failed,
        dead,
        failedEvents: failedEvents.map(failedEventView),
      },
      backfill: backfillStatusOf(backfill, backfillProgress),
      lastReconciliation: reconciliation ?? null,
      failures: failures.map((failure) => ({
        entityKey: failure.entityKey,
        consecutive: failure.consecutive,
        lastCause: failure.lastCause,
        lastAt: new Date(failure.lastAt).toISOString(),
        alerted: failure.alertedAt !== null,
      })),
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
}
