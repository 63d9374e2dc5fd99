import type {
  Clock,
  EventLedger,
  FailureRecord,
  FailureTracker,
  Notifier,
  PlaneGateway,
} from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { describeSyncError } from '../sync-error.js';
import { escapeHtml } from '../rules/normalise-html.js';

/** Failures in a row of one entity before ops hear about it (decision 7). */
export const alertAfterConsecutiveFailures = 3;

/** What escalation needs: the streaks, the notifier, the ledger, and Plane for the one ops work item. */
export interface EscalationDeps {
  readonly failures: FailureTracker;
  readonly notifier: Notifier;
  readonly ledger: EventLedger;
  readonly clock: Clock;
  readonly plane: PlaneGateway;
  /** Plane project that receives one ops work item per failing streak; none: Slack/notifier only. */
  readonly opsPlaneProjectId: string | undefined;
}

/**
 * Records a failed attempt; on the third in a row, alerts once (notifier) and opens one ops work item —
 * not one per failure: the streak remembers that it alerted. The engine's notifier only queues (delivery
 * runs beside the sync), so a silent Slack endpoint never holds up the failing job.
 */
export async function recordFailedAttempt(
  deps: EscalationDeps,
  entityKey: string,
  error: SyncError,
  correlationId: string,
): Promise<FailureRecord> {
  const streak = await deps.failures.recordFailure(
    entityKey,
    describeSyncError(error),
    deps.clock.now(),
  );
  if (streak.consecutive < alertAfterConsecutiveFailures || streak.alertedAt !== null)
    return streak;
  // As stored: the engine's failure tracker redacts secrets, and the ops work item is stored in Plane.
  const cause = streak.lastCause;

  await deps.notifier.notify({
    severity: 'alert',
    title: `Sync failing for ${entityKey}`,
    text: `${streak.consecutive} failures in a row; last: ${cause}. Failed events stay replayable.`,
    dedupeKey: `failing:${entityKey}`,
  });
  let opsWorkItem: string | null = null;
  if (deps.opsPlaneProjectId !== undefined) {
    const created = await deps.plane.createWorkItem(deps.opsPlaneProjectId, {
      name: `Sync failing: ${entityKey}`,
      descriptionHtml: `<p>${streak.consecutive} failures in a row.</p><p>Last cause: ${escapeHtml(cause)}</p><p>Correlation id: ${escapeHtml(correlationId)}</p>`,
      priority: 'urgent',
      externalId: `failing:${entityKey}:${streak.lastAt}`,
      externalSource: 'odoo-plane-sync:ops',
    });
    opsWorkItem = created.isOk() ? created.value.workItem.id : null;
  }
  await deps.failures.markAlerted(entityKey, deps.clock.now());
  await deps.ledger.append({
    correlationId,
    at: deps.clock.now(),
    cause: 'escalation',
    entity: opsWorkItem === null ? { model: 'plane' } : { model: 'plane', planeId: opsWorkItem },
    decision: `alerted ops after ${streak.consecutive} consecutive failures of ${entityKey}`,
    writes:
      opsWorkItem === null
        ? []
        : [{ system: 'plane', operation: 'create ops work item', target: opsWorkItem }],
    outcome: 'applied',
    detail: { entityKey, cause },
  });
  return { ...streak, alertedAt: deps.clock.now() };
}

/** Ends a failure streak; a streak that had alerted is reported as recovered. */
export async function recordSuccess(
  deps: EscalationDeps,
  entityKey: string,
  correlationId: string,
): Promise<void> {
  const ended = await deps.failures.recordSuccess(entityKey);
  if (ended === null || ended.alertedAt === null) return;
  await deps.notifier.notify({
    severity: 'info',
    title: `Sync recovered for ${entityKey}`,
    text: `Working again after ${ended.consecutive} consecutive failures.`,
    dedupeKey: `recovered:${entityKey}:${ended.alertedAt}`,
  });
  await deps.ledger.append({
    correlationId,
    at: deps.clock.now(),
    cause: 'recovery',
    entity: { model: 'plane' },
    decision: `recovered ${entityKey} after ${ended.consecutive} consecutive failures`,
    writes: [],
    outcome: 'applied',
    detail: { entityKey },
  });
}
