import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillPlan, BackfillReport } from '@odoo-plane-sync/agent';
import { createCliWorld, seedPortfolio, type CliWorld } from './testing/cli-world.js';

interface BackfillOutput {
  readonly plan: BackfillPlan;
  readonly report: BackfillReport | null;
  readonly planeCalls: number;
}

const workItems = (world: CliWorld) =>
  world.plane.listWorkItems() as { external_id: string | null; external_source: string | null }[];

/** Resolves once `condition` holds, checking every few milliseconds (a state condition, not a timer). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('odoo-plane-sync backfill', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await createCliWorld();
    // 500 tasks over 5 projects, with cycles and blockers: the portfolio of the benchmarks.
    seedPortfolio(world, { projects: 5, tasksPerProject: 100, milestones: 3 });
  });
  afterAll(() => world.close());

  it('prints its plan first, survives a SIGKILL half-way, and resumes to 500 work items with no duplicate and calls within 10% of the plan', async () => {
    const dryRun = await world.json<BackfillOutput>(['backfill', '--dry-run']);
    expect(dryRun.code).toBe(0);
    const plan = dryRun.value.plan;
    expect(plan.projects).toHaveLength(5);
    expect(plan.projects.every((project) => project.project === 'create')).toBe(true);
    expect(plan.projects.reduce((sum, project) => sum + project.tasks.create, 0)).toBe(500);
    expect(workItems(world)).toHaveLength(0);
    const human = await world.run(['backfill', '--dry-run']);
    expect(human.stdout).toMatch(/Backfill plan/);
    expect(human.stdout).toMatch(new RegExp(`Total: ${plan.planeCalls} Plane calls`));
    const callsBefore = world.plane.requestCount();

    const killed = world.start(['backfill']);
    await until(() => workItems(world).length >= 200);
    killed.child.kill('SIGKILL');
    const interrupted = await killed.done;
    expect(interrupted.signal).toBe('SIGKILL');
    expect(interrupted.stdout).toMatch(/Backfill plan/);
    expect(workItems(world).length).toBeLessThan(500);

    const resumed = await world.json<BackfillOutput>(['backfill']);
    expect(resumed.code).toBe(0);
    expect(resumed.value.report?.status).toBe('completed');
    expect(resumed.value.report?.mapped['project.task']).toBe(500);

    const items = workItems(world);
    expect(items).toHaveLength(500);
    const keys = new Set(items.map((item) => `${item.external_source}:${item.external_id}`));
    expect(keys.size).toBe(500);

    // The plan's reads (its own calls, twice before the kill) are not part of what it estimates.
    const made =
      world.plane.requestCount() -
      callsBefore -
      plan.planningPlaneCalls -
      resumed.value.plan.planningPlaneCalls;
    expect(Math.abs(made - plan.planeCalls) / plan.planeCalls).toBeLessThanOrEqual(0.1);
  }, 300_000);

  it('plans nothing to create once everything is mapped', async () => {
    const again = await world.json<BackfillOutput>(['backfill', '--dry-run']);
    expect(again.code).toBe(0);
    expect(again.value.plan.projects.every((project) => project.tasks.create === 0)).toBe(true);
    expect(again.value.plan.projects.every((project) => project.project === 'unchanged')).toBe(
      true,
    );
  }, 120_000);
});
