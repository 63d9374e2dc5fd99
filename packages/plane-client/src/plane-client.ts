import { assertNoUserInfo } from './base-url.js';
import { systemClock, type Clock } from './clock.js';
import {
  createRateLimiter,
  type PlaneBudget,
  type PlaneLane,
  type RateLimit,
} from './rate-limiter.js';
import { resolveRetryPolicy, type RetryOptions } from './retry-policy.js';
import {
  createCapabilityDetection,
  type PlaneCapabilityDetection,
} from './resources/capabilities.js';
import { createCommentsAndLinks, type PlaneCommentsAndLinks } from './resources/comments-links.js';
import { createCycles, type PlaneCycles } from './resources/cycles.js';
import { createLabelsAndStates, type PlaneLabelsAndStates } from './resources/labels-states.js';
import { createMembers, type PlaneMembers } from './resources/members.js';
import { createProjects, type PlaneProjects } from './resources/projects.js';
import { createRelations, type PlaneRelationsApi } from './resources/relations.js';
import { createResourceContext, type SharedState } from './resources/resource-context.js';
import { createWorkItemLookups, type PlaneWorkItemLookups } from './resources/work-item-lookups.js';
import { createWorkItems, type PlaneWorkItems } from './resources/work-items.js';
import { createTransport } from './transport.js';

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

/**
 * A typed client for the Plane v1 REST API. Every method returns a `ResultAsync`; expected failures are
 * {@link PlaneClientError} values, never exceptions. Lists that Plane paginates are walked to the end
 * except work items, which come page by page (`listWorkItems`, `iterateWorkItems`).
 */
export interface PlaneClient
  extends
    PlaneMembers,
    PlaneCapabilityDetection,
    PlaneProjects,
    PlaneLabelsAndStates,
    PlaneCycles,
    PlaneWorkItems,
    PlaneWorkItemLookups,
    PlaneRelationsApi,
    PlaneCommentsAndLinks {
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
}

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

/** One lane view: every resource family on the one shared transport, in this lane. */
function buildClient(shared: SharedState, lane: PlaneLane): PlaneClient {
  const context = createResourceContext(shared, lane);
  const members = createMembers(context);
  const client: PlaneClient = {
    workspaceSlug: shared.workspaceSlug,
    lane,
    withLane: (next) => (next === lane ? client : buildClient(shared, next)),
    budget: () => shared.limiter.budget(),
    ...members,
    ...createCapabilityDetection(context, () => members.getMe()),
    ...createProjects(context),
    ...createLabelsAndStates(context),
    ...createCycles(context),
    ...createWorkItems(context),
    ...createWorkItemLookups(context),
    ...createRelations(context),
    ...createCommentsAndLinks(context),
  };
  return client;
}
