import { ok } from 'neverthrow';
import type { PlaneWorkItem } from '../../domain.js';
import type { PlaneGateway, ShadowValue } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import type { CreationSteps } from '../create-or-adopt.js';
import type { FlowContext } from '../flow-context.js';
import {
  planWorkItemCreate,
  shadowOfExistingWorkItem,
  type DesiredWorkItem,
} from './plan-work-item.js';

/** The Plane calls that create or find a work item. */
export type WorkItemCreationPlanePort = Pick<
  PlaneGateway,
  'createWorkItem' | 'findWorkItemByExternalId'
>;

/**
 * How a work item is found and created: looked up by external id only when an earlier creator may have
 * got through (Plane's 409 on a duplicate external id covers the rest).
 */
export function workItemCreation(
  context: FlowContext<WorkItemCreationPlanePort, unknown>,
  desired: DesiredWorkItem,
  planeProjectId: string,
): CreationSteps<PlaneWorkItem> {
  let createdShadow: Record<string, ShadowValue> = {};
  return {
    find: async (external, mayExist) => {
      // Left pending by a crashed or failed creator: the create may have gone through. Look first (decision 4).
      if (!mayExist) return ok(null);
      return callUpstream(
        'plane',
        'find work item by external id',
        context.plane.findWorkItemByExternalId(
          planeProjectId,
          external.externalId,
          external.externalSource,
        ),
      );
    },
    create: async (external) => {
      const { input, shadow } = planWorkItemCreate(desired, external);
      createdShadow = shadow;
      const created = await callUpstream(
        'plane',
        'create work item',
        context.plane.createWorkItem(planeProjectId, input),
      );
      return created.map(({ workItem, created: made }) => ({ entity: workItem, created: made }));
    },
    mappingOf: ({ entity: workItem, created }) =>
      created
        ? { planeId: workItem.id, planeProjectId, shadow: createdShadow }
        : {
            planeId: workItem.id,
            planeProjectId: workItem.projectId,
            shadow: shadowOfExistingWorkItem(workItem),
          },
    describe: ({ entity: workItem, created }) =>
      created
        ? {
            decision: 'created work item',
            writes: [
              {
                system: 'plane',
                operation: 'create work item',
                target: workItem.id,
                fields: Object.keys(createdShadow),
              },
            ],
          }
        : { decision: 'adopted existing work item with the same external id', writes: [] },
  };
}
