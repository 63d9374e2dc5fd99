import type { LedgerEntry, Mapping } from '../../ports.js';
import { describeSyncError, type SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import type { ReconcileCounters, ReconcileFailure } from './reconcile-report.js';

/** Called for each task or project that could not be checked or repaired (for the failure streak). */
export type OnReconcileFailure = (failure: ReconcileFailure, error: SyncError) => Promise<void>;

type RecordContext = Pick<
  FlowContext<unknown, unknown>,
  'ledger' | 'clock' | 'correlationId' | 'cause'
>;

/**
 * One task's failure is recorded (ledger, report, the caller's failure streak) and the others go on: a
 * single 404 must not leave the rest of the portfolio unrepaired. The task's drift from `driftFrom` on that
 * was to be repaired is marked `failed`.
 */
export async function recordTaskFailure(
  context: RecordContext,
  counters: ReconcileCounters,
  task: {
    readonly odooTaskId: number;
    readonly planeId: string | null;
    readonly driftFrom: number;
  },
  error: SyncError,
  onFailure: OnReconcileFailure | undefined,
): Promise<void> {
  const { odooTaskId, planeId } = task;
  const reason = describeSyncError(error);
  for (let index = task.driftFrom; index < counters.drift.length; index += 1) {
    const item = counters.drift[index]!;
    if (item.odooTaskId === odooTaskId && item.repair !== 'reported')
      counters.drift[index] = { ...item, repair: 'failed' };
  }
  await recordFailure(
    context,
    counters,
    { model: 'project.task', odooId: odooTaskId, planeId, reason },
    {
      entity: {
        model: 'project.task',
        odooId: odooTaskId,
        ...(planeId === null ? {} : { planeId }),
      },
      decision: `reconciliation could not repair task #${odooTaskId}: ${reason}; the other items went on`,
    },
    error,
    onFailure,
  );
}

/** A project that could not be checked is recorded like a task (ledger, report, streak); the others go on. */
export async function recordProjectFailure(
  context: RecordContext,
  counters: ReconcileCounters,
  project: Mapping,
  error: SyncError,
  onFailure: OnReconcileFailure,
): Promise<void> {
  const reason = describeSyncError(error);
  await recordFailure(
    context,
    counters,
    { model: 'project.project', odooId: project.key.odooId, planeId: project.planeId, reason },
    {
      entity: { model: 'project.project', odooId: project.key.odooId },
      decision: `reconciliation could not check project #${project.key.odooId}: ${reason}; the other projects went on`,
    },
    error,
    onFailure,
  );
}

async function recordFailure(
  context: RecordContext,
  counters: ReconcileCounters,
  failure: ReconcileFailure,
  entry: Pick<LedgerEntry, 'entity' | 'decision'>,
  error: SyncError,
  onFailure: OnReconcileFailure | undefined,
): Promise<void> {
  counters.failed.push(failure);
  await record(context, { ...entry, writes: [], outcome: 'failed', detail: { error } });
  await onFailure?.(failure, error);
}
