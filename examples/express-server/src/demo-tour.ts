import { createPlaneClient, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type { SandboxPerson, SandboxPortfolio, SandboxProject } from './sandbox-portfolio.js';
import type { SandboxSystems } from './sandbox-systems.js';
import type { SyncAgent } from './sync-agent.js';

/** The fields of a simulated Plane work item the demo reads. */
export interface WorkItemView {
  readonly id: string;
  readonly name: string;
  readonly sequence_id: number;
  readonly project: string;
}

/** What a step's body records: what it saw with `note`, what must hold with `check`. */
export interface StepRecorder {
  readonly note: (line: string) => void;
  readonly check: (condition: boolean, line: string) => void;
}

/** One named step of the tour: its title and what it does and checks. */
export interface DemoStepDefinition {
  readonly title: string;
  readonly run: (tour: DemoTour, step: StepRecorder) => Promise<void>;
}

/** Everything the steps act on: the running agent on the sandbox, and the task the tour follows. */
export interface DemoTour {
  readonly agent: SyncAgent;
  readonly sandbox: SandboxSystems;
  readonly portfolio: SandboxPortfolio;
  /** The seeded project the tour's task is created in. */
  readonly website: SandboxProject;
  /** The person who acts in Plane (with their own API key, not the sync bot's). */
  readonly ada: SandboxPerson;
  readonly asAda: PlaneClient;
  /**
   * The task created in Odoo by one step and followed by the steps after it (Odoo id 0 and no work item
   * until then).
   */
  readonly task: { odooId: number; workItem: WorkItemView | undefined };
  /** Resolves once every webhook sent (and every webhook those syncs caused) has been received and run. */
  settle(): Promise<void>;
  /** The Plane work item an Odoo task is mapped to, as the simulator holds it. */
  workItemOf(odooTaskId: number): Promise<WorkItemView | undefined>;
}

/**
 * The tour on an agent started in sandbox mode; throws on a live agent.
 *
 * @example
 * const tour = createDemoTour(agent);
 * await tour.settle();
 */
export function createDemoTour(agent: SyncAgent): DemoTour {
  const sandbox = agent.sandbox;
  if (sandbox === null) throw new Error('the demo runs on the sandbox only');
  const { odoo, plane, portfolio } = sandbox;
  const ada: SandboxPerson = portfolio.people[0]!;
  return {
    agent,
    sandbox,
    portfolio,
    website: portfolio.projects[0]!,
    ada,
    asAda: createPlaneClient({
      baseUrl: sandbox.planeUrl,
      apiKey: ada.planeApiKey,
      workspaceSlug: plane.workspaceSlug,
      rateLimit: false,
    }),
    task: { odooId: 0, workItem: undefined },
    settle: async () => {
      for (let round = 0; round < 10; round += 1) {
        const before = odoo.webhookDeliveries.length + plane.webhookDeliveries.length;
        await Promise.all([odoo.settleWebhooks(), plane.settleWebhooks()]);
        await agent.whenIdle();
        if (odoo.webhookDeliveries.length + plane.webhookDeliveries.length === before) return;
      }
    },
    workItemOf: async (odooTaskId) => {
      const mapping = await agent.stores.mappings.get({
        model: 'project.task',
        odooId: odooTaskId,
      });
      if (mapping?.planeId == null) return undefined;
      return plane.getWorkItem(mapping.planeId) as WorkItemView | undefined;
    },
  };
}

/** The tour's work item; throws when the step that creates it did not get one. */
export function followedWorkItem(tour: DemoTour): WorkItemView {
  const item = tour.task.workItem;
  if (item === undefined) throw new Error('no work item from the previous step');
  return item;
}
