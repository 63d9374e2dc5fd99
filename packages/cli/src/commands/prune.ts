import { executePrune, planPrune } from '@odoo-plane-sync/agent';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `prune [--confirm] [--project …]`: the only command that deletes in Plane. It shows its plan — the work
 * items whose Odoo task is deleted (archived tasks keep theirs) — and deletes exactly those, and only
 * with `--confirm`.
 */
export async function pruneCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly confirm: boolean; readonly odooProjectIds: readonly number[] | undefined },
): Promise<ExitCode> {
  const { agent, stores } = cli;
  const planeProjectIds =
    options.odooProjectIds === undefined
      ? undefined
      : (
          await Promise.all(
            options.odooProjectIds.map((odooId) =>
              stores.mappings.get({ model: 'project.project', odooId }),
            ),
          )
        ).flatMap((mapping) => (mapping?.planeId == null ? [] : [mapping.planeId]));
  const plan = await planPrune(
    { odoo: agent.odoo, mappings: stores.mappings },
    planeProjectIds === undefined ? {} : { planeProjectIds },
  );
  if (plan.isErr()) {
    out.problem(`Cannot plan the prune: ${plan.error.message}`);
    return exitCodes.unreachable;
  }
  const { bold, red, green } = out.colour;
  out.line(
    `${bold('Prune plan')}: ${plan.value.items.length} work item(s) whose Odoo task is deleted, of ${plan.value.checked} mapped`,
  );
  if (plan.value.items.length > 0)
    out.table(
      ['Odoo task', 'Plane project', 'Plane work item'],
      plan.value.items.map((item) => [
        `#${item.odooTaskId}`,
        item.planeProjectId,
        item.planeWorkItemId,
      ]),
    );
  if (!options.confirm || plan.value.items.length === 0) {
    out.result({ plan: plan.value, confirmed: false, report: null });
    if (plan.value.items.length > 0)
      out.line(
        'Nothing deleted. Run `prune --confirm` to delete exactly these work items in Plane.',
      );
    else out.line(green('Nothing to prune.'));
    return exitCodes.ok;
  }
  const report = await executePrune(
    {
      odoo: agent.odoo,
      plane: agent.plane,
      mappings: stores.mappings,
      ledger: stores.ledger,
      clock: { now: () => Date.now() },
      randomId: () => crypto.randomUUID(),
    },
    plan.value,
  );
  if (report.isErr()) {
    out.problem(`Prune stopped before deleting anything: ${report.error.message}`);
    return exitCodes.unreachable;
  }
  out.result({ plan: plan.value, confirmed: true, report: report.value });
  out.line(
    `Deleted ${report.value.deleted.length}, kept ${report.value.kept.length} (their Odoo task exists again), ${report.value.failed.length} failed.`,
  );
  for (const failure of report.value.failed)
    out.line(red(`✗ task #${failure.odooTaskId}: ${failure.reason}`));
  return report.value.failed.length > 0 ? exitCodes.attention : exitCodes.ok;
}
