import { type ResultAsync, errAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import {
  encodeCreateCycle,
  encodeUpdateCycle,
  type CreateCycleInput,
  type UpdateCycleInput,
} from '../inputs.js';
import { cycleWorkItemSchema } from '../schemas/cycles.js';
import { workItemSchema } from '../schemas/work-items.js';
import type { PlaneCycle, PlaneCycleWorkItem, PlaneWorkItem } from '../types.js';
import { hasExternalKey, conflictId, safetyOf, type ResourceContext } from './resource-context.js';

/** The outcome of an idempotent cycle create. */
export interface CreateCycleResult {
  readonly cycle: PlaneCycle;
  readonly created: boolean;
}

/** Which cycles `listCycles` returns. */
export type PlaneCycleView = 'all' | 'current' | 'upcoming' | 'completed' | 'draft' | 'incomplete';

const cycleWorkItemArray = cycleWorkItemSchema.array();

/** Cycles of a project and the work items in them. */
export interface PlaneCycles {
  listCycles(
    projectId: string,
    options?: { readonly view?: PlaneCycleView },
  ): ResultAsync<PlaneCycle[], PlaneClientError>;
  getCycle(projectId: string, cycleId: string): ResultAsync<PlaneCycle, PlaneClientError>;
  /** Sends `project_id` in the body as CE requires; idempotent when `externalId` + `externalSource` are given. */
  createCycle(
    projectId: string,
    input: CreateCycleInput,
  ): ResultAsync<CreateCycleResult, PlaneClientError>;
  updateCycle(
    projectId: string,
    cycleId: string,
    patch: UpdateCycleInput,
  ): ResultAsync<PlaneCycle, PlaneClientError>;
  listCycleWorkItems(
    projectId: string,
    cycleId: string,
  ): ResultAsync<PlaneWorkItem[], PlaneClientError>;
  /** A work item sits in at most one cycle: adding moves it from any other. */
  addCycleWorkItems(
    projectId: string,
    cycleId: string,
    workItemIds: readonly string[],
  ): ResultAsync<PlaneCycleWorkItem[], PlaneClientError>;
  removeCycleWorkItem(
    projectId: string,
    cycleId: string,
    workItemId: string,
  ): ResultAsync<void, PlaneClientError>;
  /** Moves the unfinished items of a completed cycle to another (not completed) cycle. */
  transferCycleWorkItems(
    projectId: string,
    cycleId: string,
    newCycleId: string,
  ): ResultAsync<void, PlaneClientError>;
}

/** {@link PlaneCycles} on the client's shared transport, in the context's lane. */
export function createCycles(context: ResourceContext): PlaneCycles {
  const { project, cycle, cycleDecoder, call, callVoid, collect } = context;
  const getCycle: PlaneCycles['getCycle'] = (projectId, cycleId) =>
    call({ method: 'GET', path: cycle(projectId, cycleId) }, cycleDecoder);

  return {
    listCycles: (projectId, options = {}) =>
      collect(`${project(projectId)}cycles/`, cycleDecoder, { cycle_view: options.view }),
    getCycle,
    createCycle: (projectId, input) => {
      const idempotent = hasExternalKey(input);
      return call(
        {
          method: 'POST',
          path: `${project(projectId)}cycles/`,
          body: encodeCreateCycle(projectId, input),
          safety: safetyOf(idempotent),
        },
        cycleDecoder,
      )
        .map((created): CreateCycleResult => ({ cycle: created, created: true }))
        .orElse((error) => {
          const existingId = idempotent ? conflictId(error) : undefined;
          if (existingId === undefined) return errAsync(error);
          return getCycle(projectId, existingId).map((existing): CreateCycleResult => ({
            cycle: existing,
            created: false,
          }));
        });
    },
    updateCycle: (projectId, cycleId, patch) =>
      call(
        { method: 'PATCH', path: cycle(projectId, cycleId), body: encodeUpdateCycle(patch) },
        cycleDecoder,
      ),
    listCycleWorkItems: (projectId, cycleId) =>
      collect(`${cycle(projectId, cycleId)}cycle-issues/`, workItemSchema),
    // Adding the same items again leaves the same membership, so the POST may be repeated.
    addCycleWorkItems: (projectId, cycleId, workItemIds) =>
      call(
        {
          method: 'POST',
          path: `${cycle(projectId, cycleId)}cycle-issues/`,
          body: { issues: [...workItemIds] },
          safety: 'repeatable',
        },
        cycleWorkItemArray,
      ),
    removeCycleWorkItem: (projectId, cycleId, workItemId) =>
      callVoid({
        method: 'DELETE',
        path: `${cycle(projectId, cycleId)}cycle-issues/${encodeURIComponent(workItemId)}/`,
      }),
    transferCycleWorkItems: (projectId, cycleId, newCycleId) =>
      callVoid({
        method: 'POST',
        path: `${cycle(projectId, cycleId)}transfer-issues/`,
        body: { new_cycle_id: newCycleId },
        safety: 'repeatable',
      }),
  };
}
