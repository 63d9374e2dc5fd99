import { errAsync, type Result, type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import {
  encodeCreateWorkItem,
  encodeUpdateWorkItem,
  type CreateWorkItemInput,
  type UpdateWorkItemInput,
} from '../inputs.js';
import { pageSchema } from '../schemas/wire.js';
import { workItemSchema } from '../schemas/work-items.js';
import type { PlanePage, PlaneWorkItem } from '../types.js';
import {
  hasExternalKey,
  conflictId,
  expandQuery,
  safetyOf,
  PAGE_SIZE,
  type ResourceContext,
} from './resource-context.js';

/** Options of `listWorkItems`. */
export interface ListWorkItemsOptions {
  /** Items per page; default 100 (Plane allows up to 1000, its docs say 100). */
  readonly perPage?: number;
  /** `-created_at` (Plane's default), `priority`, `state__group`, `labels__name`, `assignees__first_name`, any field, `-` for descending. */
  readonly orderBy?: string;
  /** A `nextCursor` from the previous page. Keep `perPage` the same between pages: Plane's offset is page × per_page. */
  readonly cursor?: string;
  /** E.g. `['state', 'assignees', 'labels']`. */
  readonly expand?: readonly ('state' | 'assignees' | 'labels')[];
}

/** The outcome of an idempotent work-item create. */
export interface CreateWorkItemResult {
  readonly workItem: PlaneWorkItem;
  /** `false` when Plane already had an item with this external id and source (409). */
  readonly created: boolean;
}

/** Work items: lists, reads, idempotent creates and updates. */
export interface PlaneWorkItems {
  listWorkItems(
    projectId: string,
    options?: ListWorkItemsOptions,
  ): ResultAsync<PlanePage<PlaneWorkItem>, PlaneClientError>;
  /**
   * Walks every page. Yields one `Result` per page (so callers can batch and see `totalCount`); after an
   * error it yields that error and stops.
   */
  iterateWorkItems(
    projectId: string,
    options?: Omit<ListWorkItemsOptions, 'cursor'>,
  ): AsyncIterable<Result<PlanePage<PlaneWorkItem>, PlaneClientError>>;
  getWorkItem(
    projectId: string,
    workItemId: string,
    options?: { readonly expand?: readonly ('state' | 'assignees' | 'labels')[] },
  ): ResultAsync<PlaneWorkItem, PlaneClientError>;
  /**
   * Creates a work item. With `externalId` + `externalSource` the call is idempotent: it may be retried,
   * and Plane's 409 for an existing item resolves to that item with `created: false`.
   */
  createWorkItem(
    projectId: string,
    input: CreateWorkItemInput,
  ): ResultAsync<CreateWorkItemResult, PlaneClientError>;
  updateWorkItem(
    projectId: string,
    workItemId: string,
    patch: UpdateWorkItemInput,
  ): ResultAsync<PlaneWorkItem, PlaneClientError>;
  /** Soft delete. Plane sends no webhook for it. */
  deleteWorkItem(projectId: string, workItemId: string): ResultAsync<void, PlaneClientError>;
}

/** {@link PlaneWorkItems} on the client's shared transport, in the context's lane. */
export function createWorkItems(context: ResourceContext): PlaneWorkItems {
  const { project, workItem, call, callVoid } = context;
  const listWorkItems: PlaneWorkItems['listWorkItems'] = (projectId, options = {}) =>
    call(
      {
        method: 'GET',
        path: `${project(projectId)}work-items/`,
        query: {
          per_page: options.perPage ?? PAGE_SIZE,
          order_by: options.orderBy,
          cursor: options.cursor,
          expand: expandQuery(options.expand),
        },
      },
      pageSchema(workItemSchema),
    );

  const getWorkItem: PlaneWorkItems['getWorkItem'] = (projectId, workItemId, options = {}) =>
    call(
      {
        method: 'GET',
        path: workItem(projectId, workItemId),
        query: { expand: expandQuery(options.expand) },
      },
      workItemSchema,
    );

  return {
    listWorkItems,
    iterateWorkItems: (projectId, options = {}) => ({
      [Symbol.asyncIterator]: async function* () {
        let cursor: string | undefined;
        for (;;) {
          const page = await listWorkItems(projectId, {
            ...options,
            ...(cursor === undefined ? {} : { cursor }),
          });
          yield page;
          if (page.isErr() || page.value.nextCursor === null) return;
          cursor = page.value.nextCursor;
        }
      },
    }),
    getWorkItem,
    createWorkItem: (projectId, input) => {
      const idempotent = hasExternalKey(input);
      return call(
        {
          method: 'POST',
          path: `${project(projectId)}work-items/`,
          body: encodeCreateWorkItem(input),
          safety: safetyOf(idempotent),
        },
        workItemSchema,
      )
        .map((created): CreateWorkItemResult => ({ workItem: created, created: true }))
        .orElse((error) => {
          const existingId = idempotent ? conflictId(error) : undefined;
          if (existingId === undefined) return errAsync(error);
          return getWorkItem(projectId, existingId).map((existing): CreateWorkItemResult => ({
            workItem: existing,
            created: false,
          }));
        });
    },
    updateWorkItem: (projectId, workItemId, patch) =>
      call(
        {
          method: 'PATCH',
          path: workItem(projectId, workItemId),
          body: encodeUpdateWorkItem(patch),
        },
        workItemSchema,
      ),
    deleteWorkItem: (projectId, workItemId) =>
      callVoid({ method: 'DELETE', path: workItem(projectId, workItemId) }),
  };
}
