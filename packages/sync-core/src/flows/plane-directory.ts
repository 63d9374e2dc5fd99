import { ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { PlaneLabel, PlaneProject, PlaneState } from '../domain.js';
import type { Clock, OdooGateway, PlaneGateway } from '../ports.js';
import { callUpstream } from './call-upstream.js';
import { freshWithin, type Cached } from './directory-cache.js';
import { createPlaneUserMatcher } from './plane-user-matcher.js';
import { createProjectLabels } from './project-labels.js';
import { createProjectMembership } from './project-membership.js';
import type { SyncError } from '../sync-error.js';

/**
 * Lookups the engine repeats for every task — a project's states and labels, who is a member, which Plane
 * user an Odoo user is — read once and cached for a few minutes, so 500 tasks cost a handful of calls.
 */
export interface PlaneDirectory {
  statesOf(projectId: string): Promise<Result<readonly PlaneState[], SyncError>>;
  /** The label with this name, created (with the colour) when the project lacks it. */
  ensureLabel(
    projectId: string,
    name: string,
    color: string,
  ): Promise<Result<PlaneLabel, SyncError>>;
  /** Reads the Odoo users not resolved yet and matches them (explicit map, else e-mail). */
  resolveUsers(odooUserIds: readonly number[]): Promise<Result<void, SyncError>>;
  /** The Plane user of an Odoo user resolved earlier; undefined when there is none. */
  planeUserOf(odooUserId: number): string | undefined;
  /** Adds the users who are not project members yet (Plane drops assignees who are not). */
  ensureProjectMembers(
    projectId: string,
    planeUserIds: readonly string[],
  ): Promise<Result<void, SyncError>>;
  /**
   * Records the members of a project this engine just created (Plane adds the creator and the lead), so
   * the first assignee added to it needs no member list.
   */
  knowNewProjectMembers(projectId: string, planeUserIds: readonly string[]): void;
  /**
   * Plane's projects, listed once per engine for adoption (Plane has no external-id lookup for projects);
   * projects created through `rememberProject` join the list. A stale list is safe: a create that collides
   * with a project made elsewhere gets a 409 and the caller lists again (`forgetProjects`).
   */
  projectsForAdoption(): Promise<Result<readonly PlaneProjectSummary[], SyncError>>;
  rememberProject(project: PlaneProjectSummary): void;
  forgetProjects(): void;
}

/** What adoption reads of a Plane project. */
export type PlaneProjectSummary = PlaneProject & {
  readonly externalId?: string | null;
  readonly externalSource?: string | null;
};

/** The Plane reads and writes behind the directory. */
export type DirectoryPlanePort = Pick<
  PlaneGateway,
  | 'listStates'
  | 'listLabels'
  | 'createLabel'
  | 'listProjects'
  | 'listWorkspaceMembers'
  | 'listProjectMembers'
  | 'addProjectMember'
>;

/**
 * Creates the directory of one engine: states, labels and members cached for `cacheTtlMs`, Odoo users
 * matched once, the project list read once for adoption.
 */
export function createPlaneDirectory(deps: {
  readonly plane: DirectoryPlanePort;
  readonly odoo: Pick<OdooGateway, 'readUsers'>;
  readonly clock: Clock;
  readonly config: SyncConfig;
}): PlaneDirectory {
  const { plane, clock } = deps;
  const states = new Map<string, Cached<readonly PlaneState[]>>();
  const users = createPlaneUserMatcher(deps);
  const members = createProjectMembership(deps);
  const labels = createProjectLabels(deps);
  let projectList: PlaneProjectSummary[] | undefined;

  const fresh = freshWithin(clock);

  return {
    statesOf: async (projectId) => {
      const cached = states.get(projectId);
      if (fresh(cached)) return ok(cached.value);
      const listed = await callUpstream('plane', 'list states', plane.listStates(projectId));
      if (listed.isOk()) states.set(projectId, { at: clock.now(), value: listed.value });
      return listed;
    },

    ensureLabel: labels.ensureLabel,

    resolveUsers: users.resolveUsers,
    planeUserOf: users.planeUserOf,

    knowNewProjectMembers: members.knowNewProjectMembers,

    projectsForAdoption: async () => {
      if (projectList !== undefined) return ok(projectList);
      const listed = await callUpstream('plane', 'list projects', plane.listProjects());
      if (listed.isErr()) return listed.map(() => []);
      projectList = [...listed.value];
      return ok(projectList);
    },

    rememberProject: (project) => {
      projectList?.push(project);
    },

    forgetProjects: () => {
      projectList = undefined;
    },

    ensureProjectMembers: members.ensureProjectMembers,
  };
}
