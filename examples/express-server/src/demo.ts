import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { defaultPollOverlapSeconds, type Logger } from '@odoo-plane-sync/sync-core';
import type { SyncEnvironment } from '@odoo-plane-sync/agent';
import type { SandboxPerson } from './sandbox-portfolio.js';
import { startSyncAgent, type SyncAgent } from './sync-agent.js';

/** One step of the demo: what was done, what was checked, and whether every check held. */
export interface DemoStep {
  readonly title: string;
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** The whole run. `ok` is false when any check of any step failed. */
export interface DemoSummary {
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  readonly logger: Logger;
  /** Called with each finished step, so a long run shows progress. */
  readonly onStep?: (step: DemoStep) => void;
}

interface WorkItemView {
  readonly id: string;
  readonly name: string;
  readonly sequence_id: number;
  readonly project: string;
}

/** A step's body: it records what it saw with `note` and what must hold with `check`. */
type StepBody = (step: {
  readonly note: (line: string) => void;
  readonly check: (condition: boolean, line: string) => void;
}) => Promise<void>;

/**
 * The scripted end-to-end tour on a fresh sandbox (simulated Odoo 17 and Plane CE, a temporary SQLite
 * file, webhooks wired both ways): create in Odoo → appears in Plane; a person moves the work item to Done
 * in Plane → the Odoo stage follows and a ship review is asked for; a person renames it in Plane (the name
 * is Odoo's) → reverted and logged; a GitHub pull request → link and comment; a Plane outage → retries,
 * an alert and an ops work item, then recovery; lost webhooks → reconciliation repairs the drift.
 *
 * @example
 * const summary = await runDemo({ logger });
 * process.exitCode = summary.ok ? 0 : 1;
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoSummary> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-demo-'));
  const config: SyncEnvironment = {
    mode: 'sandbox',
    port: 0,
    host: '127.0.0.1',
    dataDir,
    store: { kind: 'sqlite' },
    workerConcurrency: 4,
    timeZone: 'UTC',
    // The demo drives polls and reconciliation itself, so each step shows its own cause.
    pollIntervalSeconds: 0,
    pollOverlapSeconds: defaultPollOverlapSeconds,
    reconcileIntervalMinutes: 0,
    githubWebhookSecret: null,
    githubStateMoves: {},
    slackWebhookUrl: null,
    opsPlaneProjectId: null,
    logLevel: 'warn',
  };
  const agent = await startSyncAgent(config, { logger: options.logger });
  const steps: DemoStep[] = [];
  const step = async (title: string, body: StepBody): Promise<void> => {
    const lines: string[] = [];
    let ok = true;
    try {
      await body({
        note: (line) => lines.push(line),
        check: (condition, line) => {
          lines.push(`${condition ? 'ok  ' : 'FAIL'} ${line}`);
          if (!condition) ok = false;
        },
      });
    } catch (error) {
      ok = false;
      lines.push(`FAIL ${error instanceof Error ? error.message : String(error)}`);
    }
    const done = { title, ok, lines };
    steps.push(done);
    options.onStep?.(done);
  };
  try {
    await runSteps(agent, step);
  } finally {
    await agent.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { ok: steps.every((done) => done.ok), steps };
}

async function runSteps(
  agent: SyncAgent,
  step: (title: string, body: StepBody) => Promise<void>,
): Promise<void> {
  const sandbox = agent.sandbox;
  if (sandbox === null) throw new Error('the demo runs on the sandbox only');
  const { odoo, plane, portfolio } = sandbox;
  const website = portfolio.projects[0]!;
  const ada: SandboxPerson = portfolio.people[0]!;
  const asAda = createPlaneClient({
    baseUrl: sandbox.planeUrl,
    apiKey: ada.planeApiKey,
    workspaceSlug: plane.workspaceSlug,
    rateLimit: false,
  });

  // Every webhook sent (and every webhook those syncs caused) has been received and run.
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 10; round += 1) {
      const before = odoo.webhookDeliveries.length + plane.webhookDeliveries.length;
      await Promise.all([odoo.settleWebhooks(), plane.settleWebhooks()]);
      await agent.whenIdle();
      if (odoo.webhookDeliveries.length + plane.webhookDeliveries.length === before) return;
    }
  };
  const workItemOf = async (odooTaskId: number): Promise<WorkItemView | undefined> => {
    const mapping = await agent.stores.mappings.get({ model: 'project.task', odooId: odooTaskId });
    if (mapping?.planeId == null) return undefined;
    return plane.getWorkItem(mapping.planeId) as WorkItemView | undefined;
  };

  await step('Start: sandbox seeded and synced', async ({ note, check }) => {
    const report = await agent.backfill;
    note(
      `Odoo: ${portfolio.projects.length} projects, ${portfolio.milestoneCount} milestones, ${portfolio.taskCount} tasks ` +
        `(${portfolio.subtaskCount} subtasks, ${portfolio.dependencyCount} dependencies), ${portfolio.people.length} people`,
    );
    check(report.status === 'completed', `initial sync ${report.status}`);
    check(
      report.mapped['project.task'] === portfolio.taskCount,
      `${report.mapped['project.task']} of ${portfolio.taskCount} tasks mapped to Plane work items`,
    );
    check(
      report.mapped['project.milestone'] === portfolio.milestoneCount,
      `${report.mapped['project.milestone']} milestones mapped to Plane cycles`,
    );
  });

  let taskId = 0;
  let item: WorkItemView | undefined;
  await step('Create in Odoo → appears in Plane', async ({ note, check }) => {
    taskId = odoo.create('project.task', {
      name: 'Accessibility audit',
      project_id: website.odooId,
      stage_id: website.stageIds.New,
      user_ids: [[6, 0, [ada.odooUserId]]],
      date_deadline: `${portfolio.dateOf('2026-05-29')} 16:00:00`,
    });
    note(`Odoo task ${taskId} "Accessibility audit" created in ${website.name}`);
    await settle();
    item = await workItemOf(taskId);
    check(item !== undefined, 'a Plane work item exists for it (via the Odoo webhook)');
    check(item?.name === 'Accessibility audit', `its name is "${item?.name ?? '—'}"`);
  });

  await step(
    'A person moves it to Done in Plane → Odoo stage + ship review',
    async ({ note, check }) => {
      if (item === undefined) throw new Error('no work item from the previous step');
      plane.addProjectMember(item.project, ada.planeUserId);
      const done = (plane.listStates(item.project) as { id: string; name: string }[]).find(
        (state) => state.name === 'Done',
      );
      if (done === undefined) throw new Error('the Plane project has no Done state');
      (await asAda.updateWorkItem(item.project, item.id, { stateId: done.id }))._unsafeUnwrap();
      note(`${ada.name} set the state to Done in Plane`);
      await settle();
      const [task] = odoo.read('project.task', [taskId], ['stage_id']);
      const stage = Array.isArray(task?.stage_id) ? String(task.stage_id[1]) : 'none';
      check(stage === 'Done', `the Odoo stage is now "${stage}"`);
      const activities = odoo.searchRead(
        'mail.activity',
        [
          ['res_model', '=', 'project.task'],
          ['res_id', '=', taskId],
        ],
        ['summary'],
      );
      check(
        activities.some((activity) => activity.summary === 'Ship review'),
        'a "Ship review" to-do was scheduled for the project manager (nothing is marked shipped)',
      );
    },
  );

  await step(
    'An Odoo-owned field edited in Plane → reverted and logged',
    async ({ note, check }) => {
      if (item === undefined) throw new Error('no work item from the previous step');
      (
        await asAda.updateWorkItem(item.project, item.id, { name: 'Accessibility audit (renamed)' })
      )._unsafeUnwrap();
      note(`${ada.name} renamed the work item in Plane; the name belongs to Odoo`);
      await settle();
      const after = await workItemOf(taskId);
      check(
        after?.name === 'Accessibility audit',
        `the Plane name is back to "${after?.name ?? '—'}"`,
      );
      const conflicts = (await agent.stores.ledger.list({ outcome: 'conflict' })).filter(
        (entry) => entry.entity.odooId === taskId,
      );
      check(
        conflicts.length > 0,
        `the ledger holds the conflict: "${conflicts[0]?.decision ?? '—'}"`,
      );
      check(
        agent.notifications.recent.some((notification) =>
          notification.title.startsWith('Plane edit reverted'),
        ),
        'a notification said so',
      );
    },
  );

  await step(
    'A GitHub pull request → link and comment on the work item',
    async ({ note, check }) => {
      if (item === undefined) throw new Error('no work item from the previous step');
      const secret = agent.sandboxSecrets?.githubWebhookSecret;
      if (secret === undefined) throw new Error('the sandbox has no GitHub secret');
      const project = plane.getProject(item.project) as { identifier: string };
      const key = `${project.identifier}-${item.sequence_id}`;
      const url = 'https://github.com/acme/website/pull/7';
      const body = JSON.stringify({
        action: 'opened',
        number: 7,
        repository: { full_name: 'acme/website' },
        pull_request: {
          number: 7,
          title: `${key}: accessibility fixes`,
          body: 'Contrast and focus order.',
          html_url: url,
          state: 'open',
          merged: false,
          draft: false,
          head: { ref: `feature/${key.toLowerCase()}-a11y` },
        },
      });
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const response = await fetch(`${agent.url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': 'demo-1',
          'x-hub-signature-256': signature,
        },
        body,
      });
      note(`signed pull_request "opened" for ${key} sent to ${agent.url}/webhooks/github`);
      check(response.status === 202, `the server answered ${response.status}`);
      await settle();
      const links = plane.listLinks(item.id) as { url: string }[];
      check(
        links.some((link) => link.url === url),
        'the PR is linked on the work item',
      );
      const comments = plane.listComments(item.id) as { comment_html?: string }[];
      check(
        comments.some((comment) => (comment.comment_html ?? '').includes('#7')),
        'a comment on the work item tells of the PR',
      );
    },
  );

  await step('A Plane outage → retries, alert, recovery', async ({ note, check }) => {
    if (item === undefined) throw new Error('no work item from the previous step');
    plane.faults.next(
      { method: 'PATCH', path: `/work-items/${item.id}/` },
      { status: 503, body: { error: 'Something went wrong please try again later' } },
      1_000,
    );
    odoo.write('project.task', [taskId], { name: 'Accessibility audit (WCAG 2.2)' });
    note('Plane answers 503 to every update of the work item; the task is renamed in Odoo');
    await settle();
    const key = `project.task:${taskId}`;
    const failing = (await agent.stores.failures.listOpen()).find(
      (failure) => failure.entityKey === key,
    );
    check(
      failing !== undefined && failing.consecutive >= 3,
      `${failing?.consecutive ?? 0} attempts failed in a row (retried with backoff)`,
    );
    check(
      agent.notifications.recent.some(
        (notification) => notification.severity === 'alert' && notification.title.includes(key),
      ),
      'ops were alerted once',
    );
    const opsItems =
      agent.opsPlaneProjectId === null
        ? []
        : (plane.listWorkItems(agent.opsPlaneProjectId) as { name: string }[]);
    check(
      opsItems.some((opsItem) => opsItem.name.includes(key)),
      'one ops work item was opened in Plane',
    );
    plane.faults.clear();
    note('Plane is back; the next Odoo poll picks the change up again');
    await agent.pollNow();
    await settle();
    const after = await workItemOf(taskId);
    check(
      after?.name === 'Accessibility audit (WCAG 2.2)',
      `the Plane name is "${after?.name ?? '—'}"`,
    );
    check(
      agent.notifications.recent.some((notification) =>
        notification.title.startsWith('Sync recovered'),
      ),
      'the recovery was announced',
    );
  });

  await step('Lost webhooks → reconciliation repairs the drift', async ({ note, check }) => {
    const mappings = await agent.stores.mappings.list({ model: 'project.task' });
    const other = mappings.find(
      (mapping) => mapping.key.odooId !== taskId && mapping.planeId !== null,
    );
    if (other?.planeId == null || other.planeProjectId === null) throw new Error('no other task');
    const before = plane.getWorkItem(other.planeId) as WorkItemView;
    plane.addProjectMember(other.planeProjectId, ada.planeUserId);
    sandbox.pauseWebhooks();
    try {
      (
        await asAda.updateWorkItem(other.planeProjectId, other.planeId, {
          name: `${before.name} (edited while webhooks were down)`,
        })
      )._unsafeUnwrap();
      await settle();
    } finally {
      sandbox.resumeWebhooks();
    }
    note(`"${before.name}" was renamed in Plane and its webhook was lost`);
    const report = await agent.reconcileNow();
    check(report !== null, 'the reconciliation ran');
    const fields = new Map<string, number>();
    for (const drift of report?.drift ?? [])
      fields.set(drift.field, (fields.get(drift.field) ?? 0) + 1);
    check(
      (report?.drift ?? []).some(
        (drift) => drift.planeWorkItemId === other.planeId && drift.field === 'name',
      ),
      `it checked ${report?.checked ?? 0} tasks and found ${report?.drift.length ?? 0} drifted field(s), the rename among them`,
    );
    note(
      `drifted fields: ${[...fields].map(([field, count]) => `${field} ×${count}`).join(', ') || 'none'}`,
    );
    const after = plane.getWorkItem(other.planeId) as WorkItemView;
    check(after.name === before.name, `the Plane name is back to "${after.name}"`);
    const ledger = await agent.stores.ledger.list();
    note(
      `the audit ledger now holds ${ledger.length} entries; ${agent.notifications.recent.length} notifications were sent`,
    );
  });
}

/**
 * The summary as text: one block per step, a final verdict.
 *
 * @example
 * console.log(formatDemoSummary(await runDemo({ logger })));
 */
export function formatDemoSummary(summary: DemoSummary): string {
  const blocks = summary.steps.map((done, index) =>
    [
      `${index + 1}. ${done.ok ? '✔' : '✘'} ${done.title}`,
      ...done.lines.map((line) => `     ${line}`),
    ].join('\n'),
  );
  const passed = summary.steps.filter((done) => done.ok).length;
  return [
    ...blocks,
    '',
    summary.ok
      ? `All ${passed} steps passed.`
      : `${summary.steps.length - passed} of ${summary.steps.length} steps failed.`,
  ].join('\n');
}
