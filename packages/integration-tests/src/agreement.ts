import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import { instantToDateOnly, type MappingStore } from '@odoo-plane-sync/sync-core';

/**
 * Compares every Odoo-owned field of every mapped task with what Plane shows, through the public APIs of
 * both systems. Returns the disagreements (empty when both systems tell the same truth).
 */
export async function odooOwnedDisagreements(input: {
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly store: MappingStore;
  readonly odooProjectId: number;
}): Promise<string[]> {
  const { odoo, plane, store } = input;
  const problems: string[] = [];
  const projectMapping = await store.get({ model: 'project.project', odooId: input.odooProjectId });
  if (projectMapping?.planeId == null) return ['project not mapped'];
  const planeProjectId = projectMapping.planeId;

  const taskIds = (
    await odoo.search('project.task', [['project_id', '=', input.odooProjectId]])
  )._unsafeUnwrap();
  const tasks = (await odoo.readTasks(taskIds))._unsafeUnwrap();
  const users = (
    await odoo.readUsers([...new Set(tasks.flatMap((task) => task.userIds))])
  )._unsafeUnwrap();
  const members = (await plane.listWorkspaceMembers())._unsafeUnwrap();
  const planeUserOf = (odooUserId: number): string | undefined => {
    const email = users.find((user) => user.id === odooUserId)?.email?.toLowerCase();
    return members.find((member) => member.email?.toLowerCase() === email)?.id;
  };
  const cycles = (await plane.listCycles(planeProjectId))._unsafeUnwrap();
  const cycleOfItem = new Map<string, string>();
  for (const cycle of cycles) {
    for (const item of (await plane.listCycleWorkItems(planeProjectId, cycle.id))._unsafeUnwrap()) {
      cycleOfItem.set(item.id, cycle.id);
    }
  }

  for (const task of tasks) {
    const mapping = await store.get({ model: 'project.task', odooId: task.id });
    if (mapping?.planeId == null) {
      problems.push(`task ${task.id} not mapped`);
      continue;
    }
    const item = (await plane.getWorkItem(planeProjectId, mapping.planeId))._unsafeUnwrap();
    const say = (field: string, odooValue: unknown, planeValue: unknown): void => {
      if (JSON.stringify(odooValue) !== JSON.stringify(planeValue)) {
        problems.push(
          `task ${task.id} ${field}: odoo ${JSON.stringify(odooValue)} plane ${JSON.stringify(planeValue)}`,
        );
      }
    };
    say('name', task.name, item.name);
    const deadline =
      task.dateDeadline === null
        ? null
        : task.dateDeadline.kind === 'date'
          ? task.dateDeadline.value
          : instantToDateOnly(task.dateDeadline.value, 'UTC');
    say('targetDate', deadline, item.targetDate);
    say('priority', task.priority === '1' ? 'high' : 'none', item.priority);
    say('assignees', task.userIds.map(planeUserOf).sort(), [...item.assigneeIds].sort());
    const parent =
      task.parentId === null
        ? null
        : ((await store.get({ model: 'project.task', odooId: task.parentId.id }))?.planeId ??
          'unmapped');
    say('parent', parent, item.parentId);
    const cycle =
      task.milestoneId === null
        ? null
        : ((await store.get({ model: 'project.milestone', odooId: task.milestoneId.id }))
            ?.planeId ?? 'unmapped');
    say('cycle', cycle, cycleOfItem.get(mapping.planeId) ?? null);
    const blockers = await Promise.all(
      task.dependOnIds.map(
        async (id) =>
          (await store.get({ model: 'project.task', odooId: id }))?.planeId ?? 'unmapped',
      ),
    );
    const relations = (await plane.listRelations(planeProjectId, mapping.planeId))._unsafeUnwrap();
    say('blockedBy', [...blockers].sort(), [...relations.blockedBy].sort());
  }
  return problems;
}
