import type { BackfillReport, SyncAgent } from './sync-agent.js';

/**
 * What the agent prints once it is running: what it did and where to look. It names URLs and counts,
 * never a configured secret (the Odoo webhook URL holds the token, so it is not printed); the only key
 * shown is the Plane simulator's fixed test key, in sandbox mode.
 *
 * @example
 * console.log(formatStartupSummary(agent, await agent.backfill));
 */
export function formatStartupSummary(agent: SyncAgent, backfill: BackfillReport): string {
  const lines: string[] = [];
  const { mapped } = backfill;
  lines.push('');
  lines.push(
    agent.config.mode === 'sandbox'
      ? 'odoo-plane-sync is running in SANDBOX mode (simulated Odoo 17 and Plane CE on loopback).'
      : 'odoo-plane-sync is running against the configured Odoo and Plane.',
  );
  if (agent.sandbox !== null) {
    const { portfolio } = agent.sandbox;
    lines.push('');
    lines.push('Seeded in the simulated Odoo:');
    lines.push(
      `  ${portfolio.projects.length} projects, ${portfolio.milestoneCount} milestones, ${portfolio.taskCount} tasks ` +
        `(${portfolio.subtaskCount} subtasks, ${portfolio.dependencyCount} dependencies), ` +
        `${portfolio.people.length} people known to both sides by e-mail`,
    );
  }
  lines.push('');
  const verb = backfill.status === 'skipped' ? 'Already mapped' : 'Initial sync';
  lines.push(
    `${verb} (${backfill.status}): ${mapped['project.project']} projects, ${mapped['project.milestone']} cycles, ` +
      `${mapped['project.task']} work items mapped`,
  );
  // Placeholders recorded before a create Plane has not confirmed: counted apart, never as mapped.
  const pending = Object.values(backfill.pending).reduce((sum, count) => sum + count, 0);
  if (pending > 0)
    lines.push(
      `  ${pending} pending (${backfill.pending['project.project']} projects, ${backfill.pending['project.milestone']} cycles, ` +
        `${backfill.pending['project.task']} work items): recorded before a Plane create that has not succeeded; ` +
        'the next sync of each resolves it',
    );
  for (const failure of backfill.failedProjects)
    lines.push(`  ! Odoo project ${failure.odooProjectId}: ${failure.error}`);
  lines.push('');
  lines.push('Where to look:');
  lines.push(`  status       ${agent.url}/status`);
  if (agent.statusPageUrl !== null) lines.push(`  status page  ${agent.statusPageUrl}`);
  lines.push(`  health       ${agent.url}/healthz`);
  if (agent.sandbox !== null) {
    lines.push(
      `  Odoo (sim)   ${agent.sandbox.odooUrl}  JSON-RPC at /jsonrpc, db "${agent.sandbox.odoo.db}"`,
    );
    lines.push(
      `  Plane (sim)  ${agent.sandbox.planeUrl}/api/v1/workspaces/${agent.sandbox.plane.workspaceSlug}/projects/` +
        `  (header X-Api-Key: ${agent.sandbox.plane.apiKey}, the simulator's own test key)`,
    );
  }
  lines.push(`  store        ${agent.storeDescription}`);
  lines.push('');
  lines.push(
    agent.config.mode === 'sandbox'
      ? 'Try `npm run demo` for the scripted tour. Stop with Ctrl+C.'
      : 'Stop with Ctrl+C (SIGINT) or SIGTERM; the inbox and cursors survive a restart.',
  );
  return lines.join('\n');
}
