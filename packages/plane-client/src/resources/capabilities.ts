import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import { memberSchema } from '../schemas/members.js';
import type { PlaneCapabilities, PlaneUser } from '../types.js';
import { isRouteMissing } from './relations.js';
import type { ResourceContext } from './resource-context.js';

/** A well-formed uuid that names nothing, for probing routes without touching data. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const memberArray = memberSchema.array();

/** What the server offers, found once per client and shared by its lane views. */
export interface PlaneCapabilityDetection {
  /**
   * Relation removal support and the bot user id. Probes the server once and caches the answer; with
   * `known.relationRemoval` (a configured edition, or an answer the caller kept from an earlier probe) it
   * only reads the bot user and trusts that answer, so no probe is sent. Always checks that the key
   * reaches the workspace: a wrong slug is `workspace-unreachable`, naming it.
   */
  detectCapabilities(known?: {
    readonly relationRemoval?: boolean;
  }): ResultAsync<PlaneCapabilities, PlaneClientError>;
}

/** Capability detection over the shared state, with `getMe` for the bot user. */
export function createCapabilityDetection(
  context: ResourceContext,
  getMe: () => ResultAsync<PlaneUser, PlaneClientError>,
): PlaneCapabilityDetection {
  const { shared, workspace, workItem, send, call } = context;
  // Plane answers an unknown slug with the same 403 as a workspace the user is not in (fixture 082), and
  // the relation probe below never reaches the workspace check on CE (unrouted paths 404 first). Without
  // this read a wrong slug passes start-up and surfaces at the first sync as "list members failed: 403".
  const checkWorkspace = (): ResultAsync<void, PlaneClientError> =>
    call({ method: 'GET', path: `${workspace}members/` }, memberArray)
      .map(() => undefined)
      .mapErr((error): PlaneClientError => {
        if (error.kind !== 'http') return error;
        if (error.failureKind !== 'forbidden' && error.failureKind !== 'not-found') return error;
        return {
          kind: 'workspace-unreachable',
          workspaceSlug: shared.workspaceSlug,
          status: error.status,
          method: error.method,
          url: error.url,
          failureKind: 'forbidden',
          retryable: false,
          message:
            `Plane workspace "${shared.workspaceSlug}" is not reachable with this API key ` +
            `(${error.status}): check the workspace slug (the part after the host in Plane's URLs) ` +
            `and that the key's user is a member (not a guest) of that workspace.`,
        };
      });

  // A CE install answers an unrouted path with 404 {"error": "Page not found."} (Django's handler404),
  // while a routed one answers a nil uuid with a lookup 404 or 403. That tells the two apart without
  // touching data (makeplane/plane apps/api/plane/api/urls/work_item.py, app/views/error_404.py).
  const probeRelationRemoval = (): ResultAsync<boolean, PlaneClientError> =>
    send({
      method: 'POST',
      path: `${workItem(NIL_UUID, NIL_UUID)}relations/remove/`,
      body: { related_issue: NIL_UUID },
    })
      .map(() => true)
      .orElse((error) =>
        error.kind === 'http'
          ? okAsync(!isRouteMissing(error.status, error.body))
          : errAsync(error),
      );

  return {
    detectCapabilities: (known = {}) => {
      if (shared.capabilities !== undefined) return okAsync(shared.capabilities);
      const { relationRemoval: knownRemoval } = known;
      return getMe().andThen((me) =>
        checkWorkspace()
          .andThen(() =>
            knownRemoval === undefined
              ? probeRelationRemoval()
              : okAsync<boolean, PlaneClientError>(knownRemoval),
          )
          .map((relationRemoval) => {
            const capabilities: PlaneCapabilities = { relationRemoval, botUserId: me.id };
            shared.capabilities = capabilities;
            return capabilities;
          }),
      );
    },
  };
}
