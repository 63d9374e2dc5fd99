import { ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { PlaneLabel, PlaneMember, PlaneProject, PlaneState } from '../domain.js';
import type { Clock, OdooGateway, PlaneGateway } from '../ports.js';
import { callUpstream } from './call-upstream.js';
import type { SyncError } from '../sync-error.js';

/** How long looked-up states, labels and members are trusted before they are read again. */
const cacheTtlMs = 5 * 60_000;

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

interface Cached<T> {
  readonly at: number;
  readonly value: T;
}

export function createPlaneDirectory(deps: {
  readonly plane: PlaneGateway;
  readonly odoo: OdooGateway;
  readonly clock: Clock;
  readonly config: SyncConfig;
}): PlaneDirectory {
  const { plane, odoo, clock, config } = deps;
  const states = new Map<string, Cached<readonly PlaneState[]>>();
  const labels = new Map<string, Cached<PlaneLabel[]>>();
  const projectMembers = new Map<string, Cached<Set<string>>>();
  const memberUpdates = new Map<string, Promise<Result<void, SyncError>>>();
  let workspaceMembers: Cached<readonly PlaneMember[]> | undefined;
  const userMap = new Map<number, string | undefined>();
  let projectList: PlaneProjectSummary[] | undefined;

  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> =>
    entry !== undefined && clock.now() - entry.at < cacheTtlMs;

  // Answers the cached array itself, so a label created through it is known to the next ship event (a
  // copy here made every second ship event in a process create `shipped` again: 409, then a list).
  const labelsOf = async (projectId: string): Promise<Result<PlaneLabel[], SyncError>> => {
    const cached = labels.get(projectId);
    if (fresh(cached)) return ok(cached.value);
    const listed = await callUpstream('plane', 'list labels', plane.listLabels(projectId));
    if (listed.isErr()) return listed.map(() => []);
    const value = [...listed.value];
    labels.set(projectId, { at: clock.now(), value });
    return ok(value);
  };

  const addMissingMembers = async (
    projectId: string,
    planeUserIds: readonly string[],
  ): Promise<Result<void, SyncError>> => {
    let cached = projectMembers.get(projectId);
    if (!fresh(cached)) {
      const listed = await callUpstream(
        'plane',
        'list project members',
        plane.listProjectMembers(projectId),
      );
      if (listed.isErr()) return listed.map(() => undefined);
      cached = { at: clock.now(), value: new Set(listed.value.map((member) => member.id)) };
      projectMembers.set(projectId, cached);
    }
    for (const userId of planeUserIds) {
      if (cached.value.has(userId)) continue;
      const added = await callUpstream(
        'plane',
        'add project member',
        plane.addProjectMember(projectId, { userId }),
      );
      if (added.isErr()) return added.map(() => undefined);
      cached.value.add(userId);
    }
    return ok(undefined);
  };

  return {
    statesOf: async (projectId) => {
      const cached = states.get(projectId);
      if (fresh(cached)) return ok(cached.value);
      const listed = await callUpstream('plane', 'list states', plane.listStates(projectId));
      if (listed.isOk()) states.set(projectId, { at: clock.now(), value: listed.value });
      return listed;
    },

    ensureLabel: async (projectId, name, color) => {
      const known = await labelsOf(projectId);
      if (known.isErr()) return known.map(() => ({ id: '', name }));
      const existing = known.value.find((label) => label.name.toLowerCase() === name.toLowerCase());
      if (existing !== undefined) return ok(existing);
      const created = await callUpstream(
        'plane',
        'create label',
        plane.createLabel(projectId, { name, color }),
      );
      if (created.isOk()) {
        known.value.push(created.value);
        return created;
      }
      // Another writer may have created it meanwhile (Plane answers 409 on a duplicate name): read again.
      labels.delete(projectId);
      const again = await labelsOf(projectId);
      const found = again.isOk()
        ? again.value.find((label) => label.name.toLowerCase() === name.toLowerCase())
        : undefined;
      return found === undefined ? created : ok(found);
    },

    resolveUsers: async (odooUserIds) => {
      const unresolved = [...new Set(odooUserIds)].filter((id) => !userMap.has(id));
      if (unresolved.length === 0) return ok(undefined);
      const needEmail: number[] = [];
      for (const id of unresolved) {
        const explicit = config.users.explicit[String(id)];
        if (explicit !== undefined) userMap.set(id, explicit);
        else if (config.users.matchByEmail) needEmail.push(id);
        else userMap.set(id, undefined);
      }
      if (needEmail.length === 0) return ok(undefined);
      if (!fresh(workspaceMembers)) {
        const listed = await callUpstream(
          'plane',
          'list workspace members',
          plane.listWorkspaceMembers(),
        );
        if (listed.isErr()) return listed.map(() => undefined);
        workspaceMembers = { at: clock.now(), value: listed.value };
      }
      const users = await callUpstream('odoo', 'read res.users', odoo.readUsers(needEmail));
      if (users.isErr()) return users.map(() => undefined);
      const byEmail = new Map(
        workspaceMembers.value
          .filter((member) => member.email)
          .map((member) => [member.email!.toLowerCase(), member.id] as const),
      );
      for (const id of needEmail) {
        const email = users.value.find((user) => user.id === id)?.email?.toLowerCase();
        userMap.set(id, email === undefined ? undefined : byEmail.get(email));
      }
      return ok(undefined);
    },

    planeUserOf: (odooUserId) => userMap.get(odooUserId),

    knowNewProjectMembers: (projectId, planeUserIds) => {
      projectMembers.set(projectId, { at: clock.now(), value: new Set(planeUserIds) });
    },

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

    ensureProjectMembers: (projectId, planeUserIds) => {
      if (planeUserIds.length === 0) return Promise.resolve(ok(undefined));
      // One call at a time per project: tasks of one project synced at once would each list the members
      // and add the same ones; the later calls find them in the cache instead.
      const previous = memberUpdates.get(projectId) ?? Promise.resolve();
      const next = previous.then(() => addMissingMembers(projectId, planeUserIds));
      memberUpdates.set(projectId, next);
      void next.finally(() => {
        if (memberUpdates.get(projectId) === next) memberUpdates.delete(projectId);
      });
      return next;
    },
  };
}
