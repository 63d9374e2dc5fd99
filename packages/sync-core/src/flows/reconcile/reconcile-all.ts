import { err, ok, type Result } from 'neverthrow';
import type { EscalationDeps } from '../../engine/escalate-failure.js';
import { recordFailedAttempt, recordSuccess } from '../../engine/escalate-failure.js';
import type { RunEvent } from '../../engine/run-event.js';
import type { SerialQueue } from '../../engine/serial-queue.js';
import type { Clock, Mapping, SyncStateStore } from '../../ports.js';
import type { SyncError } from '../../sync-error.js';
import type { FlowContext } from '../flow-context.js';
import { readReconciledTasks } from './read-reconciled-tasks.js';
import { recordProjectFailure, type OnReconcileFailure } from './reconcile-failures.js';
import { reconcileProject } from './reconcile-project.js';
import {
  createReconcileCounters,
  type ReconcileCounters,
  type ReconcileReport,
} from './reconcile-report.js';
import { lastReconciliationOf, recordReconciliationSummary } from './reconciliation-summary.js';

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
  const counters = createReconcileCounters();
  let correlationId = '';
  let projectCount = 0;
  const outcome = await deps.serial('reconciliation', () =>
    deps.runEvent(
      { model: 'plane' },
      dryRun ? 'reconciliation (dry run)' : 'reconciliation',
      async (context) => {
        correlationId = context.correlationId;
        const projects = await projectsInScope(context, options.scope?.odooProjectIds);
        projectCount = projects.length;
        await reconcileProjects(deps.escalation, context, projects, dryRun, counters);
        await recordReconciliationSummary(context, projects.length, dryRun, counters);
        return ok(projects.length);
      },
    ),
  );
  const finishedAt = deps.clock.now();
  await deps.syncState.put(
    'reconciliation:last',
    lastReconciliationOf(outcome, finishedAt, dryRun, counters),
  );
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

/** The active project mappings a reconciliation checks: all of them, or those of `scope`'s Odoo ids. */
async function projectsInScope(
  context: FlowContext,
  scope: readonly number[] | undefined,
): Promise<Mapping[]> {
  return (await context.store.list({ model: 'project.project' })).filter(
    (mapping) =>
      mapping.status === 'active' && (scope === undefined || scope.includes(mapping.key.odooId)),
  );
}

/**
 * Reconciles the projects one after the other. A failing task or project is recorded (ledger, failure
 * streak, report) and the rest goes on; a task repaired ends its failure streak.
 */
async function reconcileProjects(
  escalation: EscalationDeps,
  context: FlowContext,
  projects: readonly Mapping[],
  dryRun: boolean,
  counters: ReconcileCounters,
): Promise<void> {
  const onFailure: OnReconcileFailure = async (failure, error) => {
    await recordFailedAttempt(
      escalation,
      `${failure.model}:${failure.odooId}`,
      error,
      context.correlationId,
    );
  };
  const onRepaired = (odooTaskId: number): Promise<void> =>
    recordSuccess(escalation, `project.task:${odooTaskId}`, context.correlationId);
  // Odoo is read once across the projects; if that fails, each project fails with it.
  const inOdoo =
    projects.length === 0 ? ok(new Map()) : await readReconciledTasks(context, projects, counters);
  for (const project of projects) {
    const done = await reconcileProject(
      context,
      project,
      { dryRun, onFailure, onRepaired },
      counters,
      inOdoo,
    );
    if (done.isErr()) await recordProjectFailure(context, counters, project, done.error, onFailure);
  }
}
