import { ResultAsync, err, errAsync, ok, okAsync, type Result } from 'neverthrow';
import type { z } from 'zod';
import { assertNoUserInfo } from './base-url.js';
import { systemClock, type Clock } from './clock.js';
import type { PlaneClientError, PlaneSchemaIssue } from './errors.js';
import {
  encodeCreateComment,
  encodeCreateCycle,
  encodeCreateLabel,
  encodeCreateLink,
  encodeCreateProject,
  encodeCreateState,
  encodeCreateWorkItem,
  encodeUpdateCycle,
  encodeUpdateProject,
  encodeUpdateState,
  encodeUpdateWorkItem,
  type AddProjectMemberInput,
  type CreateCommentInput,
  type CreateCycleInput,
  type CreateLabelInput,
  type CreateLinkInput,
  type CreateProjectInput,
  type CreateRelationInput,
  type CreateStateInput,
  type CreateWorkItemInput,
  type UpdateCycleInput,
  type UpdateProjectInput,
  type UpdateStateInput,
  type UpdateWorkItemInput,
} from './inputs.js';
import {
  createRateLimiter,
  type PlaneBudget,
  type PlaneLane,
  type RateLimit,
  type RateLimiter,
} from './rate-limiter.js';
import { resolveRetryPolicy, type RequestSafety, type RetryOptions } from './retry-policy.js';
import {
  activitySchema,
  commentSchema,
  conflictSchema,
  cycleSchema,
  cycleWorkItemSchema,
  labelSchema,
  linkSchema,
  memberSchema,
  pageOrArraySchema,
  pageSchema,
  projectMembershipSchema,
  projectSchema,
  relatedWorkItemsSchema,
  relationsSchema,
  searchHitsSchema,
  stateSchema,
  userSchema,
  workItemSchema,
} from './schemas.js';
import {
  createTransport,
  type PlaneRequest,
  type PlaneResponse,
  type Transport,
} from './transport.js';
import type {
  PlaneActivity,
  PlaneCapabilities,
  PlaneComment,
  PlaneCycle,
  PlaneCycleWorkItem,
  PlaneLabel,
  PlaneLink,
  PlaneMember,
  PlanePage,
  PlaneProject,
  PlaneProjectMembership,
  PlaneRelatedWorkItem,
  PlaneRelations,
  PlaneSearchHit,
  PlaneState,
  PlaneUser,
  PlaneWorkItem,
} from './types.js';

/** Options of {@link createPlaneClient}. */
export interface PlaneClientOptions {
  /** Origin of the Plane install, e.g. `https://plane.example.com` (the client adds `/api/v1/`). */
  readonly baseUrl: string;
  /** A personal access token (`X-Api-Key`). Never appears in errors. */
  readonly apiKey: string;
  readonly workspaceSlug: string;
  /** Defaults to the global `fetch`, looked up at call time (so msw interception works). */
  readonly fetch?: typeof fetch;
  /** Per attempt, on wall time. Default 30 000. */
  readonly timeoutMs?: number;
  /** Drives the rate-limit window and retry waits. Default: the system clock. */
  readonly clock?: Clock;
  /** The budget of this client instance. Default 60 per 60 000 ms (Plane's default); `false` disables it. */
  readonly rateLimit?: RateLimit | false;
  readonly retry?: RetryOptions;
  /** `ce` (default) has no relation removal; `cloud` has `relations/remove/`. */
  readonly edition?: 'ce' | 'cloud';
  /** The lane of calls made through this client (see `withLane`). Default `live`. */
  readonly lane?: PlaneLane;
  /** Source of jitter for retry backoff, in [0, 1). Default `Math.random`; inject for deterministic tests. */
  readonly random?: () => number;
}

/** Options of {@link PlaneClient.listWorkItems}. */
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

/** The outcome of an idempotent cycle create. */
export interface CreateCycleResult {
  readonly cycle: PlaneCycle;
  readonly created: boolean;
}

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

/** Which cycles `listCycles` returns. */
export type PlaneCycleView = 'all' | 'current' | 'upcoming' | 'completed' | 'draft' | 'incomplete';

/**
 * A typed client for the Plane v1 REST API. Every method returns a `ResultAsync`; expected failures are
 * {@link PlaneClientError} values, never exceptions. Lists that Plane paginates are walked to the end
 * except work items, which come page by page (`listWorkItems`, `iterateWorkItems`).
 */
export interface PlaneClient {
  /** The workspace this client works in. */
  readonly workspaceSlug: string;
  /** The lane of this view of the client. */
  readonly lane: PlaneLane;
  /**
   * The same client (same budget, same capability cache) with its calls queued in another lane:
   * `live` before `reconcile` before `backfill`.
   */
  withLane(lane: PlaneLane): PlaneClient;
  /** What is left of the budget every lane view of this client shares (no request is made). */
  budget(): PlaneBudget;

  /** The user who owns the API key. */
  getMe(): ResultAsync<PlaneUser, PlaneClientError>;
  /**
   * Relation removal support and the bot user id. Probes the server once and caches the answer; with
   * `known.relationRemoval` (a configured edition, or an answer the caller kept from an earlier probe) it
   * only reads the bot user and trusts that answer, so no probe is sent. Always checks that the key
   * reaches the workspace: a wrong slug is `workspace-unreachable`, naming it.
   */
  detectCapabilities(known?: {
    readonly relationRemoval?: boolean;
  }): ResultAsync<PlaneCapabilities, PlaneClientError>;

  listWorkspaceMembers(): ResultAsync<PlaneMember[], PlaneClientError>;
  listProjectMembers(projectId: string): ResultAsync<PlaneMember[], PlaneClientError>;
  addProjectMember(
    projectId: string,
    input: AddProjectMemberInput,
  ): ResultAsync<PlaneProjectMembership, PlaneClientError>;

  listProjects(): ResultAsync<PlaneProject[], PlaneClientError>;
  getProject(projectId: string): ResultAsync<PlaneProject, PlaneClientError>;
  createProject(input: CreateProjectInput): ResultAsync<PlaneProject, PlaneClientError>;
  updateProject(
    projectId: string,
    patch: UpdateProjectInput,
  ): ResultAsync<PlaneProject, PlaneClientError>;
  /** Deletes a project (Plane sends a `project` `deleted` webhook, its only delete event). */
  deleteProject(projectId: string): ResultAsync<void, PlaneClientError>;
  archiveProject(projectId: string): ResultAsync<void, PlaneClientError>;
  unarchiveProject(projectId: string): ResultAsync<void, PlaneClientError>;

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

/** What every lane view of one client shares. */
interface SharedState {
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly workspaceSlug: string;
  readonly edition: 'ce' | 'cloud';
  capabilities: PlaneCapabilities | undefined;
}

/** Page size the client asks for: Plane's docs cap pages at 100 although CE accepts 1000 (§3). */
const PAGE_SIZE = 100;
/** A well-formed uuid that names nothing, for probing routes without touching data. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Creates a Plane client with its own rate-limit budget.
 *
 * @example
 * const plane = createPlaneClient({
 *   baseUrl: 'https://plane.example.com',
 *   apiKey: 'plane_api_…',
 *   workspaceSlug: 'acme',
 * });
 * const projects = await plane.listProjects();
 * if (projects.isOk()) console.log(projects.value.map((project) => project.identifier));
 * const backfill = plane.withLane('backfill'); // same budget, served after live calls
 */
export function createPlaneClient(options: PlaneClientOptions): PlaneClient {
  assertNoUserInfo(options.baseUrl);
  const clock = options.clock ?? systemClock;
  const limiter = createRateLimiter(
    options.rateLimit === undefined ? { requests: 60, windowMs: 60_000 } : options.rateLimit,
    clock,
  );
  const transport = createTransport({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    limiter,
    retry: resolveRetryPolicy(options.retry),
    random: options.random ?? Math.random,
  });
  const shared: SharedState = {
    transport,
    limiter,
    clock,
    workspaceSlug: options.workspaceSlug,
    edition: options.edition ?? 'ce',
    capabilities: undefined,
  };
  return buildClient(shared, options.lane ?? 'live');
}

function buildClient(shared: SharedState, lane: PlaneLane): PlaneClient {
  const { transport, clock } = shared;
  const workspace = `workspaces/${encodeURIComponent(shared.workspaceSlug)}/`;
  const project = (projectId: string): string =>
    `${workspace}projects/${encodeURIComponent(projectId)}/`;
  const workItem = (projectId: string, workItemId: string): string =>
    `${project(projectId)}work-items/${encodeURIComponent(workItemId)}/`;
  const cycle = (projectId: string, cycleId: string): string =>
    `${project(projectId)}cycles/${encodeURIComponent(cycleId)}/`;
  const cycleDecoder = cycleSchema(() => clock.now());

  const send = (
    request: Omit<PlaneRequest, 'lane'>,
  ): ResultAsync<PlaneResponse, PlaneClientError> => transport.send({ ...request, lane });

  const call = <T>(
    request: Omit<PlaneRequest, 'lane'>,
    schema: z.ZodType<T>,
  ): ResultAsync<T, PlaneClientError> =>
    send(request).andThen((response) => decode(schema, response));

  const callVoid = (request: Omit<PlaneRequest, 'lane'>): ResultAsync<void, PlaneClientError> =>
    send(request).map(() => undefined);

  // Walks a paginated list to its end; per_page is fixed because Plane's offset is page × per_page.
  const collect = <T>(
    path: string,
    item: z.ZodType<T>,
    query: Readonly<Record<string, string | number | boolean | undefined>> = {},
  ): ResultAsync<T[], PlaneClientError> => {
    const schema = pageOrArraySchema(item);
    const walk = async (): Promise<Result<T[], PlaneClientError>> => {
      const all: T[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await call(
          { method: 'GET', path, query: { ...query, per_page: PAGE_SIZE, cursor } },
          schema,
        );
        if (page.isErr()) return err(page.error);
        all.push(...page.value.results);
        if (page.value.nextCursor === null) return ok(all);
        cursor = page.value.nextCursor;
      }
    };
    return new ResultAsync(walk());
  };

  const hasExternalKey = (input: {
    readonly externalId?: string | null;
    readonly externalSource?: string | null;
  }): boolean =>
    typeof input.externalId === 'string' &&
    input.externalId !== '' &&
    typeof input.externalSource === 'string' &&
    input.externalSource !== '';

  /** The existing id a duplicate-external-id 409 names, or undefined for any other failure. */
  const conflictId = (error: PlaneClientError): string | undefined => {
    if (error.kind !== 'http' || error.failureKind !== 'conflict') return undefined;
    const parsed = conflictSchema.safeParse(error.body);
    return parsed.success ? parsed.data.id : undefined;
  };

  const expandQuery = (expand: readonly string[] | undefined): string | undefined =>
    expand === undefined || expand.length === 0 ? undefined : expand.join(',');

  const getMe = (): ResultAsync<PlaneUser, PlaneClientError> =>
    call({ method: 'GET', path: 'users/me/' }, userSchema);

  const getWorkItem: PlaneClient['getWorkItem'] = (projectId, workItemId, options = {}) =>
    call(
      {
        method: 'GET',
        path: workItem(projectId, workItemId),
        query: { expand: expandQuery(options.expand) },
      },
      workItemSchema,
    );

  const getCycle: PlaneClient['getCycle'] = (projectId, cycleId) =>
    call({ method: 'GET', path: cycle(projectId, cycleId) }, cycleDecoder);

  const listWorkItems: PlaneClient['listWorkItems'] = (projectId, options = {}) =>
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

  const client: PlaneClient = {
    workspaceSlug: shared.workspaceSlug,
    lane,
    withLane: (next) => (next === lane ? client : buildClient(shared, next)),
    budget: () => shared.limiter.budget(),

    getMe,
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

    listWorkspaceMembers: () => call({ method: 'GET', path: `${workspace}members/` }, memberArray),
    listProjectMembers: (projectId) =>
      call({ method: 'GET', path: `${project(projectId)}members/` }, memberArray),
    addProjectMember: (projectId, input) =>
      call(
        {
          method: 'POST',
          path: `${project(projectId)}members/`,
          body: { member: input.userId, role: input.role ?? 15 },
        },
        projectMembershipSchema,
      ),

    listProjects: () => collect(`${workspace}projects/`, projectSchema),
    getProject: (projectId) => call({ method: 'GET', path: project(projectId) }, projectSchema),
    // Plane has no external-id check for projects, so a repeated create could duplicate: never retried.
    createProject: (input) =>
      call(
        { method: 'POST', path: `${workspace}projects/`, body: encodeCreateProject(input) },
        projectSchema,
      ),
    updateProject: (projectId, patch) =>
      call(
        { method: 'PATCH', path: project(projectId), body: encodeUpdateProject(patch) },
        projectSchema,
      ),
    deleteProject: (projectId) => callVoid({ method: 'DELETE', path: project(projectId) }),
    archiveProject: (projectId) =>
      callVoid({ method: 'POST', path: `${project(projectId)}archive/`, safety: 'repeatable' }),
    unarchiveProject: (projectId) =>
      callVoid({ method: 'DELETE', path: `${project(projectId)}archive/` }),

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
  return client;
}

const memberArray = memberSchema.array();
const cycleWorkItemArray = cycleWorkItemSchema.array();

function safetyOf(idempotent: boolean): RequestSafety {
  return idempotent ? 'repeatable' : 'once';
}

function decode<T>(schema: z.ZodType<T>, response: PlaneResponse): Result<T, PlaneClientError> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return ok(parsed.data);
  const issues: PlaneSchemaIssue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    message: issue.message,
  }));
  return err({
    kind: 'invalid-response',
    issues,
    failureKind: 'invalid-response',
    retryable: false,
    ...response.info,
  });
}

/** Django's own 404 for a path no route matches (405 means routed, but not for this method). */
function isRouteMissing(status: number, body: unknown): boolean {
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

/** `proj-12` → `PROJ-12`: the identifier part is stored upper-case, the sequence is a number. */
function normaliseKey(key: string): string {
  const trimmed = key.trim();
  const dash = trimmed.lastIndexOf('-');
  if (dash <= 0) return trimmed.toUpperCase();
  return `${trimmed.slice(0, dash).toUpperCase()}${trimmed.slice(dash)}`;
}
