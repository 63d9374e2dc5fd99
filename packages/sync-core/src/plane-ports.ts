import type {
  PlaneCycle,
  PlaneLabel,
  PlaneMember,
  PlanePriority,
  PlaneProject,
  PlaneState,
  PlaneWorkItem,
} from './domain.js';
import type { Upstream } from './ports.js';

/**
 * The Plane side of the ports (see `ports.ts`): the gateway the engine talks to Plane through, in role
 * interfaces a flow can `Pick` from, and the links GitHub annotations need.
 */

export interface PlaneWorkItemInput {
  readonly name?: string;
  readonly descriptionHtml?: string;
  readonly stateId?: string;
  readonly priority?: PlanePriority;
  readonly startDate?: string | null;
  readonly targetDate?: string | null;
  readonly assigneeIds?: readonly string[];
  readonly labelIds?: readonly string[];
  readonly parentId?: string | null;
  readonly externalId?: string;
  readonly externalSource?: string;
}

/** Plane's people: the bot user, workspace members (for e-mail matching) and project membership. */
export interface PlaneMembers {
  /**
   * The bot user and whether relations can be removed. With `known.relationRemoval` (configured edition,
   * or an earlier detection) the gateway trusts it and sends no probe; the bot user is always read.
   */
  detectCapabilities(known?: {
    readonly relationRemoval?: boolean;
  }): Upstream<{ readonly relationRemoval: boolean; readonly botUserId: string }>;
  listWorkspaceMembers(): Upstream<readonly PlaneMember[]>;
  listProjectMembers(projectId: string): Upstream<readonly PlaneMember[]>;
  /** Plane silently drops assignees who are not project members, so the sync adds them first. */
  addProjectMember(projectId: string, input: { readonly userId: string }): Upstream<unknown>;
}

/** Plane's per-project vocabulary: workflow states and labels. */
export interface PlaneTaxonomy {
  listStates(projectId: string): Upstream<readonly PlaneState[]>;
  listLabels(projectId: string): Upstream<readonly PlaneLabel[]>;
  createLabel(
    projectId: string,
    input: { readonly name: string; readonly color?: string },
  ): Upstream<PlaneLabel>;
}

/** Plane projects. Plane has no external-id lookup for projects: `listProjects` finds one after a crash. */
export interface PlaneProjects {
  listProjects(): Upstream<
    readonly (PlaneProject & {
      readonly externalId?: string | null;
      readonly externalSource?: string | null;
    })[]
  >;
  createProject(input: {
    readonly name: string;
    readonly identifier: string;
    readonly description?: string;
    readonly projectLeadId?: string;
    readonly cycleView?: boolean;
    readonly externalId?: string;
    readonly externalSource?: string;
  }): Upstream<PlaneProject>;
  updateProject(
    projectId: string,
    patch: {
      readonly name?: string;
      readonly description?: string;
      readonly projectLeadId?: string | null;
      readonly cycleView?: boolean;
    },
  ): Upstream<PlaneProject>;
}

/** Plane cycles and their work items. */
export interface PlaneCycles {
  listCycles(projectId: string): Upstream<
    readonly (PlaneCycle & {
      readonly externalId?: string | null;
      readonly externalSource?: string | null;
      readonly status?: string | null;
    })[]
  >;
  createCycle(
    projectId: string,
    input: {
      readonly name: string;
      readonly description?: string;
      readonly startDate?: string | null;
      readonly endDate?: string | null;
      readonly externalId?: string;
      readonly externalSource?: string;
    },
  ): Upstream<{ readonly cycle: PlaneCycle; readonly created: boolean }>;
  updateCycle(
    projectId: string,
    cycleId: string,
    patch: {
      readonly name?: string;
      readonly description?: string;
      readonly startDate?: string | null;
      readonly endDate?: string | null;
    },
  ): Upstream<PlaneCycle>;
  addCycleWorkItems(
    projectId: string,
    cycleId: string,
    workItemIds: readonly string[],
  ): Upstream<unknown>;
  removeCycleWorkItem(projectId: string, cycleId: string, workItemId: string): Upstream<unknown>;
  listCycleWorkItems(projectId: string, cycleId: string): Upstream<readonly PlaneWorkItem[]>;
}

/** Plane work items. A create with `externalId` is idempotent: a 409 resolves to the existing item. */
export interface PlaneWorkItems {
  createWorkItem(
    projectId: string,
    input: PlaneWorkItemInput,
  ): Upstream<{ readonly workItem: PlaneWorkItem; readonly created: boolean }>;
  updateWorkItem(
    projectId: string,
    workItemId: string,
    patch: PlaneWorkItemInput,
  ): Upstream<PlaneWorkItem>;
  getWorkItem(projectId: string, workItemId: string): Upstream<PlaneWorkItem>;
  findWorkItemByExternalId(
    projectId: string,
    externalId: string,
    externalSource: string,
  ): Upstream<PlaneWorkItem | null>;
  /** One page of a project's work items (reconciliation reads 100 per call instead of one GET per item). */
  listWorkItems(
    projectId: string,
    options?: { readonly perPage?: number; readonly cursor?: string },
  ): Upstream<{ readonly results: readonly PlaneWorkItem[]; readonly nextCursor: string | null }>;
}

/** Plane work-item relations. CE has no public removal endpoint (see `detectCapabilities`). */
export interface PlaneRelations {
  listRelations(
    projectId: string,
    workItemId: string,
  ): Upstream<{ readonly blockedBy: readonly string[] }>;
  createRelation(
    projectId: string,
    workItemId: string,
    input: { readonly relationType: 'blocked_by'; readonly workItemIds: readonly string[] },
  ): Upstream<unknown>;
  removeRelation(
    projectId: string,
    workItemId: string,
    relatedWorkItemId: string,
  ): Upstream<unknown>;
}

/** Plane comments. A comment with an external id is created at most once. */
export interface PlaneComments {
  createComment(
    projectId: string,
    workItemId: string,
    input: {
      readonly commentHtml: string;
      readonly externalId?: string;
      readonly externalSource?: string;
    },
  ): Upstream<{ readonly created: boolean }>;
}

/** Everything the core needs from Plane. `@odoo-plane-sync/plane-client` satisfies it. */
export type PlaneGateway = PlaneMembers &
  PlaneTaxonomy &
  PlaneProjects &
  PlaneCycles &
  PlaneWorkItems &
  PlaneRelations &
  PlaneComments;

// ── GitHub annotations ────────────────────────────────────────────────────────

/**
 * What GitHub annotations need from Plane beyond `PlaneGateway`: finding a work item by its key and
 * linking a URL to it. `@odoo-plane-sync/plane-client` satisfies it. Plane refuses the same link URL twice
 * on one work item with a 400, which the annotation flow treats as "already linked".
 */
export interface PlaneLinks {
  /**
   * `PROJ-123` → the work item (exact case). Plane CE answers 403 for an unknown project identifier and
   * 404 for an unknown sequence.
   */
  getWorkItemByIdentifier(key: string): Upstream<PlaneWorkItem>;
  createLink(
    projectId: string,
    workItemId: string,
    input: { readonly url: string; readonly title?: string },
  ): Upstream<unknown>;
}
