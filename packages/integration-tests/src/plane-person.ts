import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import type { Mapping, SyncEngine, SyncReport } from '@odoo-plane-sync/sync-core';
import type { Harness } from './harness.js';

/**
 * A person in Plane (not the bot) who moves work items between states, and the engine run that the
 * resulting webhook would cause (with the person as the actor).
 */
export function createPlanePerson(harness: Harness, email: string) {
  const user = harness.plane.addUser({ email, displayName: email.split('@')[0] ?? email });
  const client = createPlaneClient({
    baseUrl: harness.plane.baseUrl,
    apiKey: user.apiKey,
    workspaceSlug: harness.plane.workspaceSlug,
    rateLimit: false,
  });
  return {
    id: user.id,
    client,
    /** Moves the mapped task's work item to the Plane state named `stateName` and runs the engine on it. */
    moveTo: async (
      engine: SyncEngine,
      mapping: Mapping,
      stateName: string,
    ): Promise<SyncReport> => {
      const planeProjectId = mapping.planeProjectId!;
      const workItemId = mapping.planeId!;
      harness.plane.addProjectMember(planeProjectId, user.id);
      const states = (await client.listStates(planeProjectId))._unsafeUnwrap();
      const stateId = states.find((state) => state.name === stateName)!.id;
      (await client.updateWorkItem(planeProjectId, workItemId, { stateId }))._unsafeUnwrap();
      return (
        await engine.run({ kind: 'plane-work-item', planeProjectId, workItemId, actorId: user.id })
      )._unsafeUnwrap();
    },
  };
}
