import type { OdooSimulator, PlaneSimulator } from '@odoo-plane-sync/testkit';

export interface PortfolioShape {
  readonly projects: number;
  readonly milestonesPerProject: number;
  readonly tasksPerProject: number;
  /** Every n-th task is a subtask of the task before it. */
  readonly subtaskEvery: number;
  /** Dependencies per project (task i depends on task i - 1 - k). */
  readonly dependenciesPerProject: number;
  /** Users known to both systems by e-mail. */
  readonly users: number;
}

export interface SeededPortfolio {
  readonly projectIds: number[];
  readonly milestoneIds: number[];
  readonly taskIds: number[];
  readonly userIds: number[];
  readonly dependencies: number;
}

const odooDatetime = (date: string): string => `${date} 16:00:00`;

/**
 * Seeds a portfolio in the Odoo simulator (with matching Plane users), in the version's own value formats:
 * 16 takes `date_deadline` as a date, 17+ as a datetime.
 */
export function seedPortfolio(
  odoo: OdooSimulator,
  plane: PlaneSimulator,
  shape: PortfolioShape,
): SeededPortfolio {
  const userIds: number[] = [];
  for (let index = 0; index < shape.users; index += 1) {
    const email = `dev${index}@example.com`;
    userIds.push(odoo.create('res.users', { name: `Developer ${index}`, login: email, email }));
    plane.addUser({ email, displayName: `dev${index}` });
  }
  const projectIds: number[] = [];
  const milestoneIds: number[] = [];
  const taskIds: number[] = [];
  let dependencies = 0;
  for (let p = 0; p < shape.projects; p += 1) {
    const projectId = odoo.create('project.project', {
      name: `Programme ${p} (phase ${p + 1})`,
      user_id: userIds[p % userIds.length] ?? false,
      date_start: '2026-01-05',
      date: '2026-12-18',
      allow_milestones: true,
      allow_task_dependencies: true,
    });
    projectIds.push(projectId);
    for (const [sequence, name] of ['New', 'In Progress', 'Done'].entries()) {
      odoo.create('project.task.type', { name, sequence, project_ids: [[6, 0, [projectId]]] });
    }
    const projectMilestones: number[] = [];
    for (let m = 0; m < shape.milestonesPerProject; m += 1) {
      const month = String(3 + m * 3).padStart(2, '0');
      projectMilestones.push(
        odoo.create('project.milestone', {
          name: `M${m + 1}`,
          project_id: projectId,
          deadline: `2026-${month}-28`,
        }),
      );
    }
    milestoneIds.push(...projectMilestones);
    const projectTasks: number[] = [];
    for (let t = 0; t < shape.tasksPerProject; t += 1) {
      const isSubtask =
        shape.subtaskEvery > 0 && t % shape.subtaskEvery === shape.subtaskEvery - 1 && t > 0;
      const day = String(1 + (t % 28)).padStart(2, '0');
      const month = String(2 + (t % 10)).padStart(2, '0');
      const deadline = `2026-${month}-${day}`;
      const values: Record<string, unknown> = {
        name: `Task ${p}.${t}`,
        project_id: projectId,
        description: `<p>Work package ${p}.${t}</p>`,
        user_ids: [[6, 0, [userIds[t % userIds.length]]]],
        priority: t % 3 === 0 ? '1' : '0',
        date_deadline: odoo.version === 16 ? deadline : odooDatetime(deadline),
        milestone_id: projectMilestones[t % Math.max(projectMilestones.length, 1)] ?? false,
      };
      if (isSubtask) values.parent_id = projectTasks[projectTasks.length - 1];
      projectTasks.push(odoo.create('project.task', values));
    }
    for (let d = 0; d < shape.dependenciesPerProject && d + 1 < projectTasks.length; d += 1) {
      const taskId = projectTasks[d + 1]!;
      const blockerId = projectTasks[d]!;
      odoo.write('project.task', [taskId], { depend_on_ids: [[4, blockerId]] });
      dependencies += 1;
    }
    taskIds.push(...projectTasks);
  }
  return { projectIds, milestoneIds, taskIds, userIds, dependencies };
}
