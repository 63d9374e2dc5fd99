import { describeSyncError } from '@odoo-plane-sync/sync-core';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

const actionText = {
  'plane-updated': 'Odoo value written to Plane',
  'odoo-updated': 'Odoo stage moved to Plane’s state',
  marked: 'work item labelled and commented',
  created: 'work item created in Plane',
  moved: 'work item moved to the task’s new project',
  none: 'reported only',
} as const;

/**
 * `reconcile [--dry-run] [--project …]`: the field-level drift between both systems as a table (entity,
 * field, Odoo value, Plane value, owner, action), then — unless a dry run — the repairs by ownership.
 */
export async function reconcileCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly dryRun: boolean; readonly odooProjectIds: readonly number[] | undefined },
): Promise<ExitCode> {
  const result = await cli.agent.engine.reconcile({
    dryRun: options.dryRun,
    ...(options.odooProjectIds === undefined
      ? {}
      : { scope: { odooProjectIds: options.odooProjectIds } }),
  });
  if (result.isErr()) {
    out.problem(`Reconciliation failed: ${describeSyncError(result.error)}`);
    return exitCodes.unreachable;
  }
  const report = result.value;
  out.result(report);
  const { bold, green, red, yellow } = out.colour;
  out.line(
    `${bold(options.dryRun ? 'Reconciliation (dry run: nothing written)' : 'Reconciliation')}: ${report.projects} project(s), ${report.checked} task(s) checked, ${report.drift.length} field(s) drifted`,
  );
  if (report.drift.length > 0)
    out.table(
      [
        'entity',
        'field',
        'Odoo value',
        'Plane value',
        'owner',
        options.dryRun ? 'would do' : 'action',
      ],
      report.drift.map((item) => [
        `task #${item.odooTaskId}${item.planeWorkItemId === null ? '' : ` / ${item.planeWorkItemId}`}`,
        item.field,
        item.odooValue,
        item.planeValue,
        item.owner,
        item.repair === 'failed'
          ? red(`failed: ${actionText[item.action]}`)
          : options.dryRun
            ? yellow(actionText[item.action])
            : actionText[item.action],
      ]),
    );
  if (!options.dryRun)
    out.line(
      `Repaired ${report.repaired}, marked ${report.markedArchived} archived and ${report.markedDeleted} deleted, created ${report.createdInPlane}, ${report.missingInPlane} missing in Plane.`,
    );
  for (const failure of report.failed)
    out.line(red(`✗ ${failure.model} #${failure.odooId}: ${failure.reason}`));
  if (report.drift.length === 0 && report.failed.length === 0)
    out.line(green('Both systems agree.'));
  else if (options.dryRun && report.drift.length > 0) out.line('Run without --dry-run to repair.');
  const left = options.dryRun ? report.drift.length : report.failed.length;
  return left > 0 ? exitCodes.attention : exitCodes.ok;
}
