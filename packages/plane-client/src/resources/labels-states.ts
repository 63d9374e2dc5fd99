import { type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import {
  encodeCreateLabel,
  encodeCreateState,
  encodeUpdateState,
  type CreateLabelInput,
  type CreateStateInput,
  type UpdateStateInput,
} from '../inputs.js';
import { labelSchema, stateSchema } from '../schemas/labels-states.js';
import type { PlaneLabel, PlaneState } from '../types.js';
import { hasExternalKey, safetyOf, type ResourceContext } from './resource-context.js';

/** The states and labels of a project. */
export interface PlaneLabelsAndStates {
  listStates(projectId: string): ResultAsync<PlaneState[], PlaneClientError>;
  createState(
    projectId: string,
    input: CreateStateInput,
  ): ResultAsync<PlaneState, PlaneClientError>;
  updateState(
    projectId: string,
    stateId: string,
    patch: UpdateStateInput,
  ): ResultAsync<PlaneState, PlaneClientError>;
  listLabels(projectId: string): ResultAsync<PlaneLabel[], PlaneClientError>;
  createLabel(
    projectId: string,
    input: CreateLabelInput,
  ): ResultAsync<PlaneLabel, PlaneClientError>;
}

/** {@link PlaneLabelsAndStates} on the client's shared transport, in the context's lane. */
export function createLabelsAndStates(context: ResourceContext): PlaneLabelsAndStates {
  const { project, call, collect } = context;
  return {
    listStates: (projectId) => collect(`${project(projectId)}states/`, stateSchema),
    createState: (projectId, input) =>
      call(
        {
          method: 'POST',
          path: `${project(projectId)}states/`,
          body: encodeCreateState(input),
          safety: safetyOf(hasExternalKey(input)),
        },
        stateSchema,
      ),
    updateState: (projectId, stateId, patch) =>
      call(
        {
          method: 'PATCH',
          path: `${project(projectId)}states/${encodeURIComponent(stateId)}/`,
          body: encodeUpdateState(patch),
        },
        stateSchema,
      ),
    listLabels: (projectId) => collect(`${project(projectId)}labels/`, labelSchema),
    createLabel: (projectId, input) =>
      call(
        {
          method: 'POST',
          path: `${project(projectId)}labels/`,
          body: encodeCreateLabel(input),
          safety: safetyOf(hasExternalKey(input)),
        },
        labelSchema,
      ),
  };
}
