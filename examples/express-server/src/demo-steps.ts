import { createHmac } from 'node:crypto';
import { lostWebhooksReconciled, planeOutageRecovered } from './demo-recovery-steps.js';
import {
  followedWorkItem,
  type DemoStepDefinition,
  type DemoTour,
  type StepRecorder,
} from './demo-tour.js';

/** The initial backfill mapped every seeded task and milestone. */
async function seededAndSynced(tour: DemoTour, { note, check }: StepRecorder): Promise<void> {
  const { portfolio } = tour;
  const report = await tour.agent.backfill;
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
}

/** A task created in Odoo reaches Plane through the Odoo webhook; the later steps follow it. */
async function createdInOdoo(tour: DemoTour, { note, check }: StepRecorder): Promise<void> {
  const { website, ada } = tour;
  tour.task.odooId = tour.sandbox.odoo.create('project.task', {
    name: 'Accessibility audit',
    project_id: website.odooId,
    stage_id: website.stageIds.New,
    user_ids: [[6, 0, [ada.odooUserId]]],
    date_deadline: `${tour.portfolio.dateOf('2026-05-29')} 16:00:00`,
  });
  note(`Odoo task ${tour.task.odooId} "Accessibility audit" created in ${website.name}`);
  await tour.settle();
  const item = await tour.workItemOf(tour.task.odooId);
  tour.task.workItem = item;
  check(item !== undefined, 'a Plane work item exists for it (via the Odoo webhook)');
  check(item?.name === 'Accessibility audit', `its name is "${item?.name ?? '—'}"`);
}

/** Done in Plane moves the Odoo stage and asks for a ship review; nothing is marked shipped. */
async function doneInPlane(tour: DemoTour, { note, check }: StepRecorder): Promise<void> {
  const item = followedWorkItem(tour);
  const { odoo, plane } = tour.sandbox;
  plane.addProjectMember(item.project, tour.ada.planeUserId);
  const done = (plane.listStates(item.project) as { id: string; name: string }[]).find(
    (state) => state.name === 'Done',
  );
  if (done === undefined) throw new Error('the Plane project has no Done state');
  (await tour.asAda.updateWorkItem(item.project, item.id, { stateId: done.id }))._unsafeUnwrap();
  note(`${tour.ada.name} set the state to Done in Plane`);
  await tour.settle();
  const [task] = odoo.read('project.task', [tour.task.odooId], ['stage_id']);
  const stage = Array.isArray(task?.stage_id) ? String(task.stage_id[1]) : 'none';
  check(stage === 'Done', `the Odoo stage is now "${stage}"`);
  const activities = odoo.searchRead(
    'mail.activity',
    [
      ['res_model', '=', 'project.task'],
      ['res_id', '=', tour.task.odooId],
    ],
    ['summary'],
  );
  check(
    activities.some((activity) => activity.summary === 'Ship review'),
    'a "Ship review" to-do was scheduled for the project manager (nothing is marked shipped)',
  );
}

/** A rename in Plane of a field Odoo owns is reverted, logged as a conflict and notified. */
async function odooFieldRevertedInPlane(
  tour: DemoTour,
  { note, check }: StepRecorder,
): Promise<void> {
  const item = followedWorkItem(tour);
  const { agent } = tour;
  (
    await tour.asAda.updateWorkItem(item.project, item.id, {
      name: 'Accessibility audit (renamed)',
    })
  )._unsafeUnwrap();
  note(`${tour.ada.name} renamed the work item in Plane; the name belongs to Odoo`);
  await tour.settle();
  const after = await tour.workItemOf(tour.task.odooId);
  check(after?.name === 'Accessibility audit', `the Plane name is back to "${after?.name ?? '—'}"`);
  const conflicts = (await agent.stores.ledger.list({ outcome: 'conflict' })).filter(
    (entry) => entry.entity.odooId === tour.task.odooId,
  );
  check(conflicts.length > 0, `the ledger holds the conflict: "${conflicts[0]?.decision ?? '—'}"`);
  check(
    agent.notifications.recent.some((notification) =>
      notification.title.startsWith('Plane edit reverted'),
    ),
    'a notification said so',
  );
}

/** A signed GitHub pull request naming the work item's key links it and comments on it. */
async function pullRequestLinked(tour: DemoTour, { note, check }: StepRecorder): Promise<void> {
  const item = followedWorkItem(tour);
  const { agent } = tour;
  const { plane } = tour.sandbox;
  const secret = agent.sandboxSecrets?.githubWebhookSecret;
  if (secret === undefined) throw new Error('the sandbox has no GitHub secret');
  const project = plane.getProject(item.project) as { identifier: string };
  const key = `${project.identifier}-${item.sequence_id}`;
  const url = 'https://github.com/acme/website/pull/7';
  const response = await fetch(`${agent.url}/webhooks/github`, pullRequestOpened(key, url, secret));
  note(`signed pull_request "opened" for ${key} sent to ${agent.url}/webhooks/github`);
  check(response.status === 202, `the server answered ${response.status}`);
  await tour.settle();
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
}

/** GitHub's `pull_request` "opened" delivery for a PR titled with `key`, signed with `secret`. */
function pullRequestOpened(key: string, url: string, secret: string): RequestInit {
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
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': 'demo-1',
      'x-hub-signature-256': signature,
    },
    body,
  };
}

/**
 * The tour, in order: each step acts as a person or a system would and checks what the sync did. The
 * steps after the second follow the task it creates.
 */
export const demoSteps: readonly DemoStepDefinition[] = [
  { title: 'Start: sandbox seeded and synced', run: seededAndSynced },
  { title: 'Create in Odoo → appears in Plane', run: createdInOdoo },
  { title: 'A person moves it to Done in Plane → Odoo stage + ship review', run: doneInPlane },
  {
    title: 'An Odoo-owned field edited in Plane → reverted and logged',
    run: odooFieldRevertedInPlane,
  },
  { title: 'A GitHub pull request → link and comment on the work item', run: pullRequestLinked },
  { title: 'A Plane outage → retries, alert, recovery', run: planeOutageRecovered },
  { title: 'Lost webhooks → reconciliation repairs the drift', run: lostWebhooksReconciled },
];
