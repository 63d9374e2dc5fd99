import { ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { PlaneMember } from '../domain.js';
import type { Clock, OdooGateway, PlaneGateway } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { callUpstream } from './call-upstream.js';
import { freshWithin, type Cached } from './directory-cache.js';

/** Which Plane user an Odoo user is: the configured map, else the same e-mail; remembered per engine. */
export interface PlaneUserMatcher {
  /** Reads the Odoo users not resolved yet and matches them (explicit map, else e-mail). */
  readonly resolveUsers: (odooUserIds: readonly number[]) => Promise<Result<void, SyncError>>;
  /** The Plane user of an Odoo user resolved earlier; undefined when there is none. */
  readonly planeUserOf: (odooUserId: number) => string | undefined;
}

/** Matches Odoo users to Plane users; the workspace member list is cached like the directory's reads. */
export function createPlaneUserMatcher(deps: {
  readonly plane: Pick<PlaneGateway, 'listWorkspaceMembers'>;
  readonly odoo: Pick<OdooGateway, 'readUsers'>;
  readonly clock: Clock;
  readonly config: SyncConfig;
}): PlaneUserMatcher {
  const { plane, odoo, clock, config } = deps;
  const fresh = freshWithin(clock);
  let workspaceMembers: Cached<readonly PlaneMember[]> | undefined;
  const userMap = new Map<number, string | undefined>();

  const resolveUsers = async (odooUserIds: readonly number[]): Promise<Result<void, SyncError>> => {
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
  };

  return { resolveUsers, planeUserOf: (odooUserId) => userMap.get(odooUserId) };
}
