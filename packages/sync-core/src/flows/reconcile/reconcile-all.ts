import { err, ok, type Result } from 'neverthrow';
import type { EscalationDeps } from '../../engine/escalate-failure.js';
import { recordFailedAttempt, recordSuccess } from '../../engine/escalate-failure.js';
import type { RunEvent } from '../../engine/run-event.js';
import type { SerialQueue } from '../../engine/serial-queue.js';
import type { Clock, SyncStateStore } from '../../ports.js';
import { describeSyncError, type SyncError } from '../../sync-error.js';
import { record } from '../ledger-record.js';
import {
  readReconciledTasks,
  reconcileProject,
  type ReconcileCounters,
  type ReconcileFailure,
  type ReconcileReport,
} from './reconcile-project.js';

/** What a reconciliation runs on besides the flows: the event runner, its serial key, escalation. */
export interface ReconcileAllDeps {
  readonly runEvent: RunEvent;
  readonly serial: SerialQueue;
  readonly escalation: EscalationDeps;
  readonly syncState: SyncStateStore;
  readonly clock: Clock;
}

/**
 * Reconciles every mapped project (or those in `scope`) in one event under the `reconciliation` key: Odoo
 * is read once across the projects, each project is checked and repaired (unless `dryRun`), a failing
 * project or task is recorded and the rest goes on. The summary is kept as `reconciliation:last`.
 */
export async function reconcileAll(
  deps: ReconcileAllDeps,
  options: {
    readonly dryRun?: boolean;
    readonly scope?: { readonly odooProjectIds?: readonly number[] };
  },
): Promise<Result<ReconcileReport, SyncError>> {
  const dryRun = options.dryRun ?? false;
  const startedAt = deps.clock.now();
  const counters: ReconcileCounters = {
    drift: [],
    checked: 0,
    repaired: 0,
    markedArchived: 0,
    markedDeleted: 0,
    createdInPlane: 0,
    missingInPlane: 0,
    failed: [],
    planeReads: 0,
    odooReads: 0,
  };
  let correlationId = '';
  let projectCount = 0;
  const outcome = await deps.serial('reconciliation', () =>
    deps.runEvent(
      { model: 'plane' },
      dryRun ? 'reconciliation (dry run)' : 'reconciliation',
      async (context) => {
        correlationId = context.correlationId;
        const scope = options.scope?.odooProjectIds;
        const projects = (await context.store.list({ model: 'project.project' })).filter(
          (mapping) =>
            mapping.status === 'active' &&
            (scope === undefined || scope.includes(mapping.key.odooId)),
        );
        projectCount = projects.length;
        // A failing task or project is recorded (ledger, failure streak, report) and the rest goes on.
        const onFailure = async (failure: ReconcileFailure, error: SyncError): Promise<void> => {
          await recordFailedAttempt(
            deps.escalation,
            `${failure.model}:${failure.odooId}`,
            error,
            context.correlationId,
          );
        };
        const onRepaired = (odooTaskId: number): Promise<void> =>
          recordSuccess(deps.escalation, `project.task:${odooTaskId}`, context.correlationId);
        // Odoo is read once across the projects; if that fails, each project fails with it.
        const inOdoo =
          projects.length === 0
            ? ok(new Map())
            : await readReconciledTasks(context, projects, counters);
        for (const project of projects) {
          const done = await reconcileProject(
            context,
            project,
            { dryRun, onFailure, onRepaired },
            counters,
            inOdoo,
          );
          if (done.isErr()) {
            const failure: ReconcileFailure = {
              model: 'project.project',
              odooId: project.key.odooId,
              planeId: project.planeId,
              reason: describeSyncError(done.error),
            };
            counters.failed.push(failure);
            await record(context, {
              entity: { model: 'project.project', odooId: project.key.odooId },
              decision: `reconciliation could not check project #${project.key.odooId}: ${failure.reason}; the other projects went on`,
              writes: [],
              outcome: 'failed',
              detail: { error: done.error },
            });
            await onFailure(failure, done.error);
          }
        }
        await record(context, {
          entity: { model: 'plane' },
          decision: `reconciliation${dryRun ? ' (dry run)' : ''}: ${projects.length} projects, ${counters.checked} tasks checked, ${counters.drift.length} drifted fields, ${counters.failed.length} failed`,
          writes: [],
          outcome: counters.drift.length === 0 ? 'unchanged' : dryRun ? 'skipped' : 'applied',
          detail: {
            drift: counters.drift.length,
            repaired: counters.repaired,
            failed: counters.failed,
          },
        });
        return ok(projects.length);
      },
    ),
  );
  const finishedAt = deps.clock.now();
  const summary = {
    at: finishedAt,
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
  await deps.syncState.put('reconciliation:last', summary);
  if (outcome.isErr()) return err(outcome.error);
  return ok({
    correlationId,
    dryRun,
    startedAt,
    finishedAt,
    projects: projectCount,
    ...counters,
  });
}
