import { SingleBar } from 'cli-progress';
import { planBackfill, type BackfillCounts, type BackfillPlan } from '@odoo-plane-sync/agent';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

const counts = (value: BackfillCounts): string =>
  `${value.create} new, ${value.link} link, ${value.update} update, ${value.unchanged} same`;

function printPlan(out: Output, plan: BackfillPlan): void {
  out.line(out.colour.bold('Backfill plan'));
  out.table(
    [
      'Odoo project',
      'Plane project',
      'project',
      'milestones → cycles',
      'tasks → work items',
      'Plane calls',
    ],
    plan.projects.map((project) => [
      `#${project.odooProjectId} ${project.name}`,
      project.planeProjectId ?? '(new)',
      project.project,
      counts(project.milestones),
      counts(project.tasks),
      project.planeCalls,
    ]),
  );
  const cost =
    plan.minutes === null
      ? 'no rate limit applies'
      : `about ${plan.minutes} min at ${plan.rateLimitPerMinute} requests/min`;
  out.line(`Total: ${plan.planeCalls} Plane calls, ${cost}.`);
}

/**
 * `backfill [--project …] [--dry-run]`: prints the plan (per project what is created, linked by external
 * id or updated, and the Plane calls and minutes it costs at the key's rate limit), then — unless a dry
 * run — runs it with a progress bar. A run that was killed resumes where it stopped: projects already
 * done are skipped and creates recorded before the kill are adopted, never made twice.
 */
export async function backfillCommand(
  cli: CliAgent,
  out: Output,
  options: {
    readonly dryRun: boolean;
    readonly odooProjectIds: readonly number[] | undefined;
    readonly progressStream: NodeJS.WritableStream & { readonly isTTY?: boolean };
  },
): Promise<ExitCode> {
  const { agent, settings } = cli;
  const planned = await planBackfill(
    {
      odoo: agent.odoo,
      plane: agent.plane,
      mappings: cli.stores.mappings,
      sourceId: settings.live.odoo.sourceId,
    },
    {
      ...(options.odooProjectIds === undefined ? {} : { odooProjectIds: options.odooProjectIds }),
      rateLimitPerMinute: settings.live.plane.rateLimitPerMinute,
    },
  );
  if (planned.isErr()) {
    out.problem(`Cannot plan the backfill: ${planned.error.message}`);
    return exitCodes.unreachable;
  }
  const plan = planned.value;
  printPlan(out, plan);
  if (options.dryRun) {
    out.result({ plan, report: null, planeCalls: 0 });
    out.line('Dry run: nothing written.');
    return exitCodes.ok;
  }

  const callsBefore = cli.planeCalls();
  const callsMade = (): number => cli.planeCalls() - callsBefore;
  const bar =
    options.progressStream.isTTY === true && !out.json
      ? new SingleBar({
          stream: options.progressStream,
          format:
            '{bar} {percentage}% | {value}/{total} Plane calls | ETA {eta_formatted} | {project}',
          etaBuffer: 50,
          hideCursor: true,
        })
      : null;
  bar?.start(Math.max(plan.planeCalls, 1), 0, { project: 'starting' });
  const ticker = setInterval(() => {
    const made = callsMade();
    if (bar !== null && made > bar.getTotal()) bar.setTotal(made);
    bar?.update(made);
  }, 250);
  const report = await agent
    .backfill({
      ...(options.odooProjectIds === undefined ? {} : { odooProjectIds: options.odooProjectIds }),
      onProject: (progress) => {
        const label = `project #${progress.odooProjectId} ${progress.failed ? 'failed' : 'done'} (${progress.done}/${progress.total})`;
        if (bar !== null) bar.update(callsMade(), { project: label });
        else out.line(label);
      },
    })
    .finally(() => {
      clearInterval(ticker);
      bar?.update(callsMade());
      bar?.stop();
    });
  const made = callsMade();
  out.result({ plan, report, planeCalls: made });
  const { green, red } = out.colour;
  out.line(
    `${report.status === 'failed' ? red('Backfill failed') : green(`Backfill ${report.status}`)}: ${report.projects} project(s) this run, ${made} Plane calls (planned ${plan.planeCalls}); mapped ${report.mapped['project.project']} projects, ${report.mapped['project.milestone']} cycles, ${report.mapped['project.task']} work items.`,
  );
  for (const failure of report.failedProjects)
    out.line(
      red(
        `✗ Odoo project #${failure.odooProjectId}: ${failure.error} (run backfill again to retry it)`,
      ),
    );
  return report.status === 'failed' ? exitCodes.attention : exitCodes.ok;
}
