import type { Result } from 'neverthrow';
import { describeSyncError, type SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import type { ReconcileCounters } from './reconcile-report.js';

/** Records the reconciliation's own ledger entry: how many projects, tasks, drifted fields, failures. */
export async function recordReconciliationSummary(
  context: Pick<FlowContext<unknown, unknown>, 'ledger' | 'clock' | 'correlationId' | 'cause'>,
  projects: number,
  dryRun: boolean,
  counters: ReconcileCounters,
): Promise<void> {
  await record(context, {
    entity: { model: 'plane' },
    decision: `reconciliation${dryRun ? ' (dry run)' : ''}: ${projects} projects, ${counters.checked} tasks checked, ${counters.drift.length} drifted fields, ${counters.failed.length} failed`,
    writes: [],
    outcome: counters.drift.length === 0 ? 'unchanged' : dryRun ? 'skipped' : 'applied',
    detail: {
      drift: counters.drift.length,
      repaired: counters.repaired,
      failed: counters.failed,
    },
  });
}

/**
 * The summary kept as the sync state `reconciliation:last`: `failed` when the reconciliation itself
 * failed, `partial` when some project or task did, else `ok`.
 */
export function lastReconciliationOf(
  outcome: Result<unknown, SyncError>,
  at: number,
  dryRun: boolean,
  counters: ReconcileCounters,
): Record<string, unknown> {
  return {
    at,
    status: outcome.isErr() ? 'failed' : counters.failed.length > 0 ? 'partial' : 'ok',
    dryRun,
    checked: counters.checked,
    drift: counters.drift.length,
    repaired: counters.repaired,
    markedArchived: counters.markedArchived,
    markedDeleted: counters.markedDeleted,
    createdInPlane: counters.createdInPlane,
    missingInPlane: counters.missingInPlane,
    failed: counters.failed,
    ...(outcome.isErr() ? { error: describeSyncError(outcome.error) } : {}),
  };
}
