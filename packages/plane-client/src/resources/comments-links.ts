import { type ResultAsync, errAsync, okAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import {
  encodeCreateComment,
  encodeCreateLink,
  type CreateCommentInput,
  type CreateLinkInput,
} from '../inputs.js';
import { activitySchema, commentSchema, linkSchema } from '../schemas/comments-links.js';
import type { PlaneActivity, PlaneComment, PlaneLink } from '../types.js';
import { hasExternalKey, conflictId, safetyOf, type ResourceContext } from './resource-context.js';

/** The outcome of an idempotent comment create. */
export interface CreateCommentResult {
  readonly commentId: string;
  /**
   * The comment. `null` only when the external id was already used on another work item of the project
   * (Plane checks comment external ids project-wide) and so cannot be read through this item.
   */
  readonly comment: PlaneComment | null;
  readonly created: boolean;
}

/** The links, comments and activities of a work item. */
export interface PlaneCommentsAndLinks {
  listLinks(projectId: string, workItemId: string): ResultAsync<PlaneLink[], PlaneClientError>;
  createLink(
    projectId: string,
    workItemId: string,
    input: CreateLinkInput,
  ): ResultAsync<PlaneLink, PlaneClientError>;
  listComments(
    projectId: string,
    workItemId: string,
  ): ResultAsync<PlaneComment[], PlaneClientError>;
  /** Idempotent on `externalId` + `externalSource` (project-wide in Plane): a 409 resolves to the existing comment. */
  createComment(
    projectId: string,
    workItemId: string,
    input: CreateCommentInput,
  ): ResultAsync<CreateCommentResult, PlaneClientError>;
  listActivities(
    projectId: string,
    workItemId: string,
  ): ResultAsync<PlaneActivity[], PlaneClientError>;
}

/** {@link PlaneCommentsAndLinks} on the client's shared transport, in the context's lane. */
export function createCommentsAndLinks(context: ResourceContext): PlaneCommentsAndLinks {
  const { workItem, call, collect } = context;
  return {
    listLinks: (projectId, workItemId) =>
      collect(`${workItem(projectId, workItemId)}links/`, linkSchema),
    // A repeated link create answers 400 "URL already exists", so it is never retried.
    createLink: (projectId, workItemId, input) =>
      call(
        {
          method: 'POST',
          path: `${workItem(projectId, workItemId)}links/`,
          body: encodeCreateLink(input),
        },
        linkSchema,
      ),
    listComments: (projectId, workItemId) =>
      collect(`${workItem(projectId, workItemId)}comments/`, commentSchema),
    createComment: (projectId, workItemId, input) => {
      const idempotent = hasExternalKey(input);
      const comments = `${workItem(projectId, workItemId)}comments/`;
      return call(
        {
          method: 'POST',
          path: comments,
          body: encodeCreateComment(input),
          safety: safetyOf(idempotent),
        },
        commentSchema,
      )
        .map((created): CreateCommentResult => ({
          commentId: created.id,
          comment: created,
          created: true,
        }))
        .orElse((error) => {
          const existingId = idempotent ? conflictId(error) : undefined;
          if (existingId === undefined) return errAsync(error);
          return call(
            { method: 'GET', path: `${comments}${encodeURIComponent(existingId)}/` },
            commentSchema,
          )
            .map((existing): PlaneComment | null => existing)
            .orElse((lookupError) =>
              lookupError.failureKind === 'not-found' ? okAsync(null) : errAsync(lookupError),
            )
            .map((existing): CreateCommentResult => ({
              commentId: existingId,
              comment: existing,
              created: false,
            }));
        });
    },
    listActivities: (projectId, workItemId) =>
      collect(`${workItem(projectId, workItemId)}activities/`, activitySchema),
  };
}
