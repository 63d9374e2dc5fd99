import { ok, type Result } from 'neverthrow';
import type { PlaneLabel } from '../domain.js';
import type { Clock, PlaneGateway } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { callUpstream } from './call-upstream.js';
import { freshWithin, type Cached } from './directory-cache.js';

/** The labels of Plane projects, as far as this engine knows (see `PlaneDirectory.ensureLabel`). */
export interface ProjectLabels {
  /** The label with this name, created (with the colour) when the project lacks it. */
  readonly ensureLabel: (
    projectId: string,
    name: string,
    color: string,
  ) => Promise<Result<PlaneLabel, SyncError>>;
}

/** Project labels with a cached label list per project; a label created through it joins the list. */
export function createProjectLabels(deps: {
  readonly plane: Pick<PlaneGateway, 'listLabels' | 'createLabel'>;
  readonly clock: Clock;
}): ProjectLabels {
  const { plane, clock } = deps;
  const labels = new Map<string, Cached<PlaneLabel[]>>();
  const fresh = freshWithin(clock);

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

  return {
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
  };
}
