import type { OdooCapabilities, OdooMilestone, OdooProject, OdooTask, OdooUser } from './domain.js';
import type { Upstream } from './upstream-ports.js';

/**
 * The Odoo side of the ports (see `ports.ts`): the reads and the few writes the core makes, which
 * `@odoo-plane-sync/odoo-client` satisfies.
 */

/**
 * Which records a read returns: these ids (deleted ones skipped, as Odoo's `read` does), or every record an
 * Odoo domain matches, read in one `search_read` — so a read across every synced project is one call, not
 * a search and a read per project.
 */
export type OdooRecordSelection =
  | readonly number[]
  | {
      readonly domain: readonly unknown[];
      readonly order?: string;
      readonly context?: Record<string, unknown>;
    };

/** Reads the core needs from Odoo. `@odoo-plane-sync/odoo-client` satisfies it. */
export interface OdooReader {
  readProjects(ids: readonly number[]): Upstream<readonly OdooProject[]>;
  readMilestones(selection: OdooRecordSelection): Upstream<readonly OdooMilestone[]>;
  /**
   * `extraFields` (the ship signal's custom fields) are read too and returned decoded in `extraFields`;
   * names the server lacks are skipped.
   */
  readTasks(
    selection: OdooRecordSelection,
    options?: { readonly extraFields?: readonly string[] },
  ): Upstream<readonly OdooTask[]>;
  readUsers(ids: readonly number[]): Upstream<readonly OdooUser[]>;
  search(
    model: string,
    domain: readonly unknown[],
    options?: { readonly order?: string; readonly context?: Record<string, unknown> },
  ): Upstream<readonly number[]>;
  capabilities(): Upstream<OdooCapabilities>;
}

/** A task stage as the Plane → Odoo flow needs it. */
export interface OdooStageRef {
  readonly id: number;
  readonly name: string;
}

/**
 * The only writes the core makes to Odoo: a task's stage, a chatter message and a to-do activity (the ship
 * review). It never creates tasks and never writes the ship fields (decision 9).
 */
export interface OdooWriter {
  write(model: string, ids: readonly number[], values: Record<string, unknown>): Upstream<unknown>;
  /** The stages a project's tasks can be in. */
  listStages(projectId: number): Upstream<readonly OdooStageRef[]>;
  postMessage(taskId: number, html: string): Upstream<unknown>;
  scheduleActivity(input: {
    readonly resId: number;
    readonly summary: string;
    readonly note?: string;
    readonly userId: number;
    readonly dateDeadline: string;
  }): Upstream<unknown>;
}

/** Everything the core needs from Odoo. `@odoo-plane-sync/odoo-client` satisfies it. */
export type OdooGateway = OdooReader & OdooWriter;
