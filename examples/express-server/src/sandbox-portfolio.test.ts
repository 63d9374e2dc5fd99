import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { describe, expect, it } from 'vitest';
import { seedSandboxPortfolio } from './sandbox-portfolio.js';

/** Three weeks after the plan's own today (2026-01-26). */
const today = new Date('2026-02-16T09:30:00Z');

describe('seedSandboxPortfolio', () => {
  it('seeds the people, projects, milestones, tasks, subtasks and dependencies of the plan', () => {
    const odoo = createOdooSimulator({ version: 17, db: 'sandbox' });
    const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'sandbox' });

    const portfolio = seedSandboxPortfolio(odoo, plane, today);

    expect(portfolio.people.map((person) => person.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
      'katherine@example.com',
    ]);
    expect(portfolio.projects.map((project) => project.name)).toEqual([
      'Website Relaunch',
      'Mobile App 2.0',
      'Data Platform',
    ]);
    expect(Object.keys(portfolio.projects[0]!.stageIds)).toEqual([
      'New',
      'In Progress',
      'Review',
      'Done',
    ]);
    expect(portfolio).toMatchObject({
      milestoneCount: 6,
      taskCount: 14,
      subtaskCount: 4,
      dependencyCount: 7,
    });
    const tasks = odoo.searchRead('project.task', [], ['name', 'parent_id', 'depend_on_ids']);
    expect(tasks).toHaveLength(14);
    const byName = new Map(tasks.map((task) => [task.name, task]));
    const parentOf = (name: string): unknown => {
      const parent = byName.get(name)?.parent_id;
      return Array.isArray(parent) ? parent[1] : parent;
    };
    expect(parentOf('Mobile breakpoints')).toBe('Visual design');
    expect(parentOf('Redirect map')).toBe('Content migration');
    expect(parentOf('Wireframes')).toBe(false);
    const dependencies = tasks.reduce(
      (count, task) => count + (Array.isArray(task.depend_on_ids) ? task.depend_on_ids.length : 0),
      0,
    );
    expect(dependencies).toBe(7);
  });

  it("moves the plan's dates to the run's calendar, in the Odoo version's deadline format", () => {
    const odoo17 = createOdooSimulator({ version: 17, db: 'sandbox' });
    const odoo16 = createOdooSimulator({ version: 16, db: 'sandbox' });
    const plane = () => createPlaneSimulator({ rateLimit: false, workspaceSlug: 'sandbox' });

    const seeded17 = seedSandboxPortfolio(odoo17, plane(), today);
    seedSandboxPortfolio(odoo16, plane(), today);

    expect(seeded17.dateOf('2026-01-26')).toBe('2026-02-16');
    expect(seeded17.dateOf('2026-05-29')).toBe('2026-06-19');
    const deadlineOf = (odoo: typeof odoo17): unknown =>
      odoo.searchRead('project.task', [['name', '=', 'Wireframes']], ['date_deadline'])[0]
        ?.date_deadline;
    expect(deadlineOf(odoo17)).toBe('2026-02-27 16:00:00');
    expect(deadlineOf(odoo16)).toBe('2026-02-27');
  });
});
