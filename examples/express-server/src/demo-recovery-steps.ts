import {
  followedWorkItem,
  type DemoTour,
  type StepRecorder,
  type WorkItemView,
} from './demo-tour.js';

/**
 * Plane answers 503 while a change waits: retries with backoff, one alert and one ops work item; once
 * Plane is back the next Odoo poll delivers the change and the recovery is announced.
 */
export async function planeOutageRecovered(
  tour: DemoTour,
  { note, check }: StepRecorder,
): Promise<void> {
  const item = followedWorkItem(tour);
  const { agent } = tour;
  const { odoo, plane } = tour.sandbox;
  plane.faults.next(
    { method: 'PATCH', path: `/work-items/${item.id}/` },
    { status: 503, body: { error: 'Something went wrong please try again later' } },
    1_000,
  );
  odoo.write('project.task', [tour.task.odooId], { name: 'Accessibility audit (WCAG 2.2)' });
  note('Plane answers 503 to every update of the work item; the task is renamed in Odoo');
  await tour.settle();
  const key = `project.task:${tour.task.odooId}`;
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
  await tour.settle();
  const after = await tour.workItemOf(tour.task.odooId);
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
}

/** A Plane rename whose webhook was lost is found by reconciliation and reverted. */
export async function lostWebhooksReconciled(
  tour: DemoTour,
  { note, check }: StepRecorder,
): Promise<void> {
  const { agent, sandbox } = tour;
  const { plane } = sandbox;
  const mappings = await agent.stores.mappings.list({ model: 'project.task' });
  const other = mappings.find(
    (mapping) => mapping.key.odooId !== tour.task.odooId && mapping.planeId !== null,
  );
  if (other?.planeId == null || other.planeProjectId === null) throw new Error('no other task');
  const before = plane.getWorkItem(other.planeId) as WorkItemView;
  plane.addProjectMember(other.planeProjectId, tour.ada.planeUserId);
  sandbox.pauseWebhooks();
  try {
    (
      await tour.asAda.updateWorkItem(other.planeProjectId, other.planeId, {
        name: `${before.name} (edited while webhooks were down)`,
      })
    )._unsafeUnwrap();
    await tour.settle();
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
}
