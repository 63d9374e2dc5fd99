import { type ResultAsync, errAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import { type CreateRelationInput } from '../inputs.js';
import { relatedWorkItemsSchema, relationsSchema } from '../schemas/relations.js';
import type { PlaneRelatedWorkItem, PlaneRelations } from '../types.js';
import type { ResourceContext } from './resource-context.js';

/** Relations between work items. */
export interface PlaneRelationsApi {
  listRelations(
    projectId: string,
    workItemId: string,
  ): ResultAsync<PlaneRelations, PlaneClientError>;
  /**
   * Relates `workItemId` to each of `workItemIds`. Plane keeps one relation per pair and silently ignores
   * a second type for an existing pair (201 with fewer entries), so repeating the call is harmless.
   */
  createRelation(
    projectId: string,
    workItemId: string,
    input: CreateRelationInput,
  ): ResultAsync<PlaneRelatedWorkItem[], PlaneClientError>;
  /**
   * Removes the relation between two items. CE has no public route for it: the
   * result is then an `unsupported` error, without a request when the edition or a probe says so.
   */
  removeRelation(
    projectId: string,
    workItemId: string,
    relatedWorkItemId: string,
  ): ResultAsync<void, PlaneClientError>;
}

/** {@link PlaneRelationsApi} on the client's shared transport, in the context's lane. */
export function createRelations(context: ResourceContext): PlaneRelationsApi {
  const { shared, workItem, call, callVoid } = context;
  return {
    listRelations: (projectId, workItemId) =>
      call(
        { method: 'GET', path: `${workItem(projectId, workItemId)}relations/` },
        relationsSchema,
      ),
    createRelation: (projectId, workItemId, input) =>
      call(
        {
          method: 'POST',
          path: `${workItem(projectId, workItemId)}relations/`,
          body: { relation_type: input.relationType, issues: [...input.workItemIds] },
          safety: 'repeatable',
        },
        relatedWorkItemsSchema,
      ),
    removeRelation: (projectId, workItemId, relatedWorkItemId) => {
      const known = shared.capabilities?.relationRemoval ?? shared.edition === 'cloud';
      if (!known) return errAsync(relationRemovalUnsupported());
      return callVoid({
        method: 'POST',
        path: `${workItem(projectId, workItemId)}relations/remove/`,
        body: { related_issue: relatedWorkItemId },
        safety: 'repeatable',
      }).orElse((error) =>
        error.kind === 'http' && isRouteMissing(error.status, error.body)
          ? errAsync(relationRemovalUnsupported())
          : errAsync(error),
      );
    },
  };
}

/** Django's own 404 for a path no route matches (405 means routed, but not for this method). */
export function isRouteMissing(status: number, body: unknown): boolean {
  if (status === 405) return true;
  return (
    status === 404 &&
    typeof body === 'object' &&
    body !== null &&
    (body as { error?: unknown }).error === 'Page not found.'
  );
}

function relationRemovalUnsupported(): PlaneClientError {
  return {
    kind: 'unsupported',
    operation: 'relation-removal',
    message:
      'This Plane server has no public relation removal: Plane Community Edition routes only relation list and create.',
    failureKind: 'unsupported',
    retryable: false,
  };
}
