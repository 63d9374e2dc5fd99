import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import { searchHitsSchema, workItemSchema } from '../schemas/work-items.js';
import type { PlaneSearchHit, PlaneWorkItem } from '../types.js';
import type { ResourceContext } from './resource-context.js';

/** Work items found by external id, by key or by text. */
export interface PlaneWorkItemLookups {
  /** Includes archived and draft items, as Plane's lookup does; `null` when none matches. */
  findWorkItemByExternalId(
    projectId: string,
    externalId: string,
    externalSource: string,
  ): ResultAsync<PlaneWorkItem | null, PlaneClientError>;
  /** By key such as `PROJ-12`. The project part is upper-cased (Plane stores identifiers upper-case and answers 403 otherwise). */
  getWorkItemByIdentifier(key: string): ResultAsync<PlaneWorkItem, PlaneClientError>;
  searchWorkItems(
    query: string,
    options?: {
      readonly projectId?: string;
      readonly limit?: number;
      readonly workspaceSearch?: boolean;
    },
  ): ResultAsync<PlaneSearchHit[], PlaneClientError>;
}

/** {@link PlaneWorkItemLookups} on the client's shared transport, in the context's lane. */
export function createWorkItemLookups(context: ResourceContext): PlaneWorkItemLookups {
  const { workspace, project, call } = context;
  return {
    findWorkItemByExternalId: (projectId, externalId, externalSource) =>
      call(
        {
          method: 'GET',
          path: `${project(projectId)}work-items/`,
          query: { external_id: externalId, external_source: externalSource },
        },
        workItemSchema,
      )
        .map((found): PlaneWorkItem | null => found)
        .orElse((error) => (error.failureKind === 'not-found' ? okAsync(null) : errAsync(error))),
    getWorkItemByIdentifier: (key) =>
      call(
        { method: 'GET', path: `${workspace}work-items/${encodeURIComponent(normaliseKey(key))}/` },
        workItemSchema,
      ),
    searchWorkItems: (query, options = {}) =>
      call(
        {
          method: 'GET',
          path: `${workspace}work-items/search/`,
          query: {
            search: query,
            limit: options.limit,
            project_id: options.projectId,
            workspace_search:
              options.workspaceSearch === undefined ? undefined : String(options.workspaceSearch),
          },
        },
        searchHitsSchema,
      ),
  };
}

/** `proj-12` → `PROJ-12`: the identifier part is stored upper-case, the sequence is a number. */
function normaliseKey(key: string): string {
  const trimmed = key.trim();
  const dash = trimmed.lastIndexOf('-');
  if (dash <= 0) return trimmed.toUpperCase();
  return `${trimmed.slice(0, dash).toUpperCase()}${trimmed.slice(dash)}`;
}
