import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `status`: mappings, inbox, failures, conflicts, backfill and the last reconciliation. */
export async function statusCommand(cli: CliAgent, out: Output): Promise<ExitCode> {
  const status = await cli.agent.status();
  out.result(status);
  const { bold, red, green, yellow } = out.colour;
  out.line(bold('Mappings'));
  out.table(
    ['projects', 'milestones', 'tasks'],
    [[status.mappings.projects, status.mappings.milestones, status.mappings.tasks]],
  );
  const inboxTrouble = status.inbox.failed + status.inbox.dead;
  out.line(
    `${bold('Inbox')}: ${status.inbox.pending} pending, ${inboxTrouble === 0 ? green('0 failed') : red(`${status.inbox.failed} failed`)}, ${status.inbox.dead === 0 ? '0 dead' : red(`${status.inbox.dead} dead`)}`,
  );
  out.line(
    `${bold('Entities failing')}: ${status.failures.length === 0 ? green('none') : red(String(status.failures.length))}`,
  );
  out.line(`${bold('Conflicts on record')}: ${status.conflicts.total}`);
  out.line(`${bold('Backfill')}: ${describe(status.backfill)}`);
  out.line(`${bold('Last reconciliation')}: ${describe(status.lastReconciliation)}`);
  const unmapped = Array.isArray(status.unmappedStateGroups) ? status.unmappedStateGroups : [];
  if (unmapped.length > 0)
    out.line(yellow(`${unmapped.length} Plane state group(s) without an Odoo stage: run doctor`));
  if (inboxTrouble > 0)
    out.line(
      `Run ${bold('failures')} to see why, ${bold('replay --all-failed')} to run them again.`,
    );
  return exitCodes.ok;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'never';
  if (typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  if (typeof record.completedAt === 'string') return `completed ${record.completedAt}`;
  if (typeof record.status === 'string') return record.status;
  if (typeof record.finishedAt === 'number') {
    const checked = typeof record.checked === 'number' ? record.checked : '?';
    const drift = Array.isArray(record.drift)
      ? record.drift.length
      : JSON.stringify(record.drift ?? 0);
    return `${new Date(record.finishedAt).toISOString()} (${checked} checked, ${drift} drift)`;
  }
  return JSON.stringify(value);
}
