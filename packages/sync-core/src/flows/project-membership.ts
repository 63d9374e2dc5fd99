import { ok, type Result } from 'neverthrow';
import type { Clock, PlaneGateway } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { callUpstream } from './call-upstream.js';
import { freshWithin, type Cached } from './directory-cache.js';

/** Who is a member of which Plane project, as far as this engine knows (Plane drops non-member assignees). */
export interface ProjectMembership {
  /** Adds the users who are not project members yet. */
  readonly ensureProjectMembers: (
    projectId: string,
    planeUserIds: readonly string[],
  ) => Promise<Result<void, SyncError>>;
  /** Records the members of a project this engine just created (Plane adds the creator and the lead). */
  readonly knowNewProjectMembers: (projectId: string, planeUserIds: readonly string[]) => void;
}

/** Project membership with a cached member list per project and one member update at a time per project. */
export function createProjectMembership(deps: {
  readonly plane: Pick<PlaneGateway, 'listProjectMembers' | 'addProjectMember'>;
  readonly clock: Clock;
}): ProjectMembership {
  const { plane, clock } = deps;
  const fresh = freshWithin(clock);
  const projectMembers = new Map<string, Cached<Set<string>>>();
  const memberUpdates = new Map<string, Promise<Result<void, SyncError>>>();

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
    knowNewProjectMembers: (projectId, planeUserIds) => {
      projectMembers.set(projectId, { at: clock.now(), value: new Set(planeUserIds) });
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
