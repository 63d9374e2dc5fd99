import { randomBytes } from 'node:crypto';
import { systemClock } from '@odoo-plane-sync/sync-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { serveHandlers } from '../http/serve-handlers.js';
import type { PlaneEnvironment, RouteContext, RouteResult } from './context.js';
import { createPlaneFaults, type PlaneFaults } from './faults.js';
import { pythonJson } from './python-json.js';
import { createPlaneRateLimiter } from './rate-limit.js';
import { compileRoutes, type PlaneMethod, type PlaneRoute } from './route-table.js';
import { cycleRoutes } from './routes/cycles.js';
import { labelRoutes } from './routes/labels.js';
import { moduleRoutes } from './routes/modules.js';
import { projectRoutes } from './routes/projects.js';
import { stateRoutes } from './routes/states.js';
import { workItemChildRoutes } from './routes/work-item-children.js';
import { workItemRoutes } from './routes/work-items.js';
import { workspaceRoutes } from './routes/workspace.js';
import {
  commentWire,
  cycleWire,
  labelWire,
  projectWire,
  stateWire,
  workItemWire,
} from './serializers.js';
import { alive, clearPlaneStore, createPlaneStore, type UserRecord } from './store.js';
import { createMicroTimestamps, type PlaneClock } from './timestamps.js';
import { createPlaneWebhookDispatcher, type PlaneWebhookDelivery } from './webhooks.js';

/** Options of {@link createPlaneSimulator}. */
export interface PlaneSimulatorOptions {
  /** The origin the handlers answer on; default `http://plane.test`. */
  readonly baseUrl?: string;
  /** The bot user's API key; default `plane-test-key`. */
  readonly apiKey?: string;
  /** Default `acme`. Any other slug is answered with 403, as Plane does. */
  readonly workspaceSlug?: string;
  /** Time for timestamps, the rate-limit window and webhook retry backoff; default real time. */
  readonly clock?: PlaneClock;
  /** Per-key sliding window; default 60 requests per 60 000 ms. `false` turns throttling off. */
  readonly rateLimit?: { readonly requests: number; readonly windowMs: number } | false;
  /** `cloud` adds the Cloud-only routes (`relations/remove/`); default `ce` (self-hosted 1.3.1). */
  readonly edition?: 'ce' | 'cloud';
  /** Used for webhook deliveries; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The key owner's profile; defaults to a "Sync Bot" workspace admin. */
  readonly botUser?: {
    readonly email?: string;
    readonly firstName?: string;
    readonly lastName?: string;
    readonly displayName?: string;
  };
}

/** A workspace member to add; `role` is the workspace role (20 admin, 15 member, 5 guest; default 15). */
export interface PlaneUserInput {
  readonly email: string;
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly role?: number;
}

/** A webhook as configured in Plane's workspace settings; event toggles default to on. */
export interface PlaneWebhookInput {
  readonly url: string;
  readonly secret: string;
  readonly project?: boolean;
  readonly issue?: boolean;
  readonly cycle?: boolean;
  readonly module?: boolean;
  readonly issueComment?: boolean;
}

/** A stateful in-memory Plane CE 1.3.1 v1 API. */
export interface PlaneSimulator {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly workspaceSlug: string;
  readonly workspaceId: string;
  readonly botUserId: string;
  /** msw handlers: use with `setupServer` or `createTestServer({}, { handlers })`. */
  readonly handlers: RequestHandler[];
  /** Adds a workspace member with their own API key (so a test can act as a human, not the bot). */
  addUser(input: PlaneUserInput): { id: string; apiKey: string };
  /** The API key of a user added with `addUser` (or of the bot). */
  apiKeyFor(userId: string): string;
  addProjectMember(projectId: string, userId: string, role?: number): void;
  addWebhook(input: PlaneWebhookInput): { id: string };
  /** Whether a webhook is still active (CE deactivates it after the sixth failed attempt). */
  isWebhookActive(webhookId: string): boolean;
  /** Resolves when every queued delivery (and retry) is done. */
  settleWebhooks(): Promise<void>;
  readonly webhookDeliveries: readonly PlaneWebhookDelivery[];
  readonly faults: PlaneFaults;
  /** Live projects as the API would return them to the bot. */
  listProjects(): unknown[];
  /** Live work items (all projects, or one), REST-shaped. */
  listWorkItems(projectId?: string): unknown[];
  getWorkItem(id: string): unknown;
  /** One live project, REST-shaped. */
  getProject(id: string): unknown;
  /** Listable states (triage excluded) of a project, by sequence. */
  listStates(projectId: string): unknown[];
  listLabels(projectId: string): unknown[];
  /** Live cycles of a project (archived included), with their counts. */
  listCycles(projectId: string): unknown[];
  /** Live comments of a work item, oldest first. */
  listComments(workItemId: string): unknown[];
  listLinks(workItemId: string): unknown[];
  /** Requests handled so far, 429s and errors included. */
  requestCount(): number;
  /** Empties projects, items, webhooks and the rate-limit history; keeps the users and the workspace. */
  reset(): void;
  /** Serves the handlers over real HTTP on 127.0.0.1. */
  serve(options?: { port?: number }): Promise<{ url: string; close(): Promise<void> }>;
}

const ROUTES: readonly PlaneRoute[] = [
  ...workspaceRoutes,
  ...projectRoutes,
  ...stateRoutes,
  ...labelRoutes,
  ...cycleRoutes,
  ...moduleRoutes,
  ...workItemRoutes,
  ...workItemChildRoutes,
];

const PAGE_NOT_FOUND: RouteResult = { status: 404, body: { error: 'Page not found.' } };

/**
 * Creates a Plane simulator: msw handlers backed by an in-memory workspace that follow the recorded
 * behaviour of Plane CE 1.3.1 (status codes, error bodies, pagination, rate limit, webhooks).
 *
 * @example
 * const plane = createPlaneSimulator({ clock: createFakeClock() });
 * const server = setupServer(...plane.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * await fetch(`${plane.baseUrl}/api/v1/users/me/`, { headers: { 'X-Api-Key': plane.apiKey } });
 */
export function createPlaneSimulator(options: PlaneSimulatorOptions = {}): PlaneSimulator {
  const baseUrl = (options.baseUrl ?? 'http://plane.test').replace(/\/+$/, '');
  const workspaceSlug = options.workspaceSlug ?? 'acme';
  const clock = options.clock ?? systemClock;
  const edition = options.edition ?? 'ce';
  const store = createPlaneStore(crypto.randomUUID());
  const newId = (): string => crypto.randomUUID();
  const timestamp = createMicroTimestamps(clock);
  const faults = createPlaneFaults();
  const limit =
    options.rateLimit === undefined ? { requests: 60, windowMs: 60_000 } : options.rateLimit;
  const limiter = limit === false ? undefined : createPlaneRateLimiter(limit, () => clock.now());
  const webhooks = createPlaneWebhookDispatcher({
    store,
    clock,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    newId,
  });
  const env: PlaneEnvironment = {
    store,
    edition,
    webhooks,
    now: () => clock.now(),
    timestamp,
    newId,
  };
  const match = compileRoutes(
    ROUTES.filter((route) => route.cloudOnly !== true || edition === 'cloud'),
  );
  let handled = 0;

  const addUser = (input: PlaneUserInput, apiKey?: string): UserRecord => {
    const local = input.email.split('@')[0] ?? input.email;
    const user: UserRecord = {
      id: newId(),
      first_name: input.firstName ?? '',
      last_name: input.lastName ?? '',
      email: input.email,
      avatar: '',
      avatar_url: null,
      display_name: input.displayName ?? local,
      role: input.role ?? 15,
      apiKey: apiKey ?? `plane_api_${randomBytes(16).toString('hex')}`,
    };
    store.users.set(user.id, user);
    return user;
  };
  const bot = addUser(
    {
      email: options.botUser?.email ?? 'sync-bot@plane.test',
      firstName: options.botUser?.firstName ?? 'Sync',
      lastName: options.botUser?.lastName ?? 'Bot',
      displayName: options.botUser?.displayName ?? 'sync-bot',
      role: 20,
    },
    options.apiKey ?? 'plane-test-key',
  );

  const respond = (
    result: RouteResult,
    headers: Record<string, string>,
    style: 'rest' | 'webhook' = 'rest',
  ): Response => {
    if (result.body === undefined) {
      return new HttpResponse(null, { status: result.status, headers });
    }
    return new HttpResponse(pythonJson(result.body, { style }), {
      status: result.status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };

  const hang = (request: Request): Promise<Response> =>
    new Promise((resolve) => {
      const fail = (): void => resolve(HttpResponse.error());
      request.signal.addEventListener('abort', fail, { once: true });
      void faults.cleared().then(fail);
    });

  const handle = async (request: Request, consultFaults = true): Promise<Response> => {
    handled += 1;
    const url = new URL(request.url);
    const fault = consultFaults ? faults.take(request.method, url.pathname) : undefined;
    if (fault !== undefined) {
      if ('timeout' in fault) return hang(request);
      if ('connectionReset' in fault) return HttpResponse.error();
      if ('answerLost' in fault) {
        await handle(request, false);
        return HttpResponse.error();
      }
      if ('delayMs' in fault) await clock.sleep(fault.delayMs);
      else {
        const body = fault.body ?? { error: 'Something went wrong please try again later' };
        const echoed = Object.fromEntries(
          (fault.echoRequestHeaders ?? []).map((name) => [name, request.headers.get(name)]),
        );
        return respond(
          {
            status: fault.status,
            body:
              fault.echoRequestHeaders === undefined || typeof body !== 'object' || body === null
                ? body
                : { ...body, request_headers: echoed },
          },
          fault.headers ?? {},
        );
      }
    }
    if (!url.pathname.startsWith('/api/v1/')) return respond(PAGE_NOT_FOUND, {}, 'webhook');
    // Django resolves the URL before DRF runs: unknown routes and malformed uuids never reach auth, and
    // Django's own 404 view answers with `json.dumps` defaults (`{"error": "Page not found."}`, 28 bytes).
    const matched = match(url.pathname.slice('/api/v1'.length));
    if (matched === undefined) return respond(PAGE_NOT_FOUND, {}, 'webhook');
    const { route, params } = matched;
    const allow = Object.keys(route.methods).join(', ');

    const key = request.headers.get('x-api-key');
    if (key === null || key === '') {
      return respond(
        { status: 401, body: { detail: 'Authentication credentials were not provided.' } },
        { allow },
      );
    }
    const user = [...store.users.values()].find((candidate) => candidate.apiKey === key);
    if (user === undefined)
      return respond({ status: 403, body: { detail: 'Given API token is not valid' } }, { allow });

    const method = request.method.toUpperCase() as PlaneMethod;
    const denied = authorize(route, params, user, method);
    if (denied !== undefined) return respond(denied, { allow });

    const rateHeaders: Record<string, string> = {};
    if (limiter !== undefined) {
      const verdict = limiter.check(key);
      if (!verdict.allowed) {
        return respond(
          { status: 429, body: { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' } },
          { allow, 'retry-after': String(verdict.retryAfterSeconds) },
        );
      }
      rateHeaders['x-ratelimit-remaining'] = String(verdict.remaining);
      rateHeaders['x-ratelimit-reset'] = String(verdict.resetEpochSeconds);
    }
    const headers = { allow, ...rateHeaders };
    const handler = route.methods[method];
    if (handler === undefined) {
      return respond(
        { status: 405, body: { detail: `Method "${request.method}" not allowed.` } },
        headers,
      );
    }
    const parsed = await parseBody(request);
    if ('detail' in parsed) return respond({ status: 400, body: parsed }, headers);
    const context: RouteContext = {
      env,
      store,
      user,
      params,
      query: url.searchParams,
      body: parsed.body,
    };
    try {
      return respond(handler(context), headers);
    } catch {
      return respond(
        { status: 500, body: { error: 'Something went wrong please try again later' } },
        headers,
      );
    }
  };

  const authorize = (
    route: PlaneRoute,
    params: Record<string, string>,
    user: UserRecord,
    method: PlaneMethod,
  ): RouteResult | undefined => {
    const forbidden: RouteResult = {
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    };
    if (route.access === 'user') return undefined;
    if (params.slug !== workspaceSlug) return forbidden;
    if (route.access === 'workspace') return undefined;
    const project =
      route.access === 'project'
        ? store.projects.get(params.project_id ?? '')
        : alive(store.projects).find(
            (candidate) => candidate.identifier === params.project_identifier,
          );
    if (project === undefined || project.deleted_at !== null) return forbidden;
    const membership = [...store.projectMembers.values()].find(
      (row) => row.project === project.id && row.member === user.id && row.is_active,
    );
    if (membership === undefined) return forbidden;
    if (method !== 'GET' && membership.role < 15) return forbidden;
    return undefined;
  };

  const handlers: RequestHandler[] = [http.all(`${baseUrl}/*`, ({ request }) => handle(request))];

  const liveProjectIds = (): Set<string> =>
    new Set(alive(store.projects).map((project) => project.id));

  return {
    baseUrl,
    apiKey: bot.apiKey,
    workspaceSlug,
    workspaceId: store.workspaceId,
    botUserId: bot.id,
    handlers,
    addUser: (input) => {
      const user = addUser(input);
      return { id: user.id, apiKey: user.apiKey };
    },
    apiKeyFor: (userId) => {
      const user = store.users.get(userId);
      if (user === undefined) throw new Error(`No simulated Plane user ${userId}`);
      return user.apiKey;
    },
    addProjectMember: (projectId, userId, role = 15) => {
      const existing = [...store.projectMembers.values()].find(
        (row) => row.project === projectId && row.member === userId,
      );
      if (existing !== undefined) {
        existing.role = role;
        existing.is_active = true;
        return;
      }
      const id = newId();
      store.projectMembers.set(id, {
        id,
        project: projectId,
        member: userId,
        role,
        is_active: true,
      });
    },
    addWebhook: (input) => {
      const id = newId();
      store.webhooks.set(id, {
        id,
        url: input.url,
        secret: input.secret,
        project: input.project ?? true,
        issue: input.issue ?? true,
        cycle: input.cycle ?? true,
        module: input.module ?? true,
        issue_comment: input.issueComment ?? true,
        is_active: true,
      });
      return { id };
    },
    isWebhookActive: (webhookId) => store.webhooks.get(webhookId)?.is_active === true,
    settleWebhooks: () => webhooks.settle(),
    webhookDeliveries: webhooks.deliveries,
    faults,
    listProjects: () =>
      alive(store.projects).map((project) => projectWire(store, project, bot.id, true)),
    listWorkItems: (projectId) => {
      const live = liveProjectIds();
      return alive(store.workItems)
        .filter(
          (item) =>
            live.has(item.project) && (projectId === undefined || item.project === projectId),
        )
        .map((item) => workItemWire(store, item));
    },
    getWorkItem: (id) => {
      const item = store.workItems.get(id);
      return item === undefined || item.deleted_at !== null ? undefined : workItemWire(store, item);
    },
    getProject: (id) => {
      const project = store.projects.get(id);
      return project === undefined || project.deleted_at !== null
        ? undefined
        : projectWire(store, project, bot.id, false);
    },
    listStates: (projectId) =>
      alive(store.states)
        .filter((state) => state.project === projectId && !state.is_triage)
        .sort((a, b) => a.sequence - b.sequence)
        .map(stateWire),
    listLabels: (projectId) =>
      alive(store.labels)
        .filter((label) => label.project === projectId)
        .map(labelWire),
    listCycles: (projectId) =>
      alive(store.cycles)
        .filter((cycle) => cycle.project === projectId)
        .map((cycle) => cycleWire(store, cycle, true)),
    listComments: (workItemId) =>
      alive(store.comments)
        .filter((comment) => comment.issue === workItemId)
        .map((comment) => commentWire(comment, false)),
    listLinks: (workItemId) =>
      alive(store.links)
        .filter((link) => link.issue === workItemId)
        .map((link) => ({ ...link })),
    requestCount: () => handled,
    reset: () => {
      clearPlaneStore(store);
      webhooks.clear();
      limiter?.clear();
      faults.clear();
      handled = 0;
    },
    serve: async (serveOptions = {}) => {
      const served = await serveHandlers(handlers, {
        handlerOrigin: baseUrl,
        ...(serveOptions.port === undefined ? {} : { port: serveOptions.port }),
      });
      return { url: served.url, close: () => served.close() };
    },
  };
}

/** DRF's JSON parser: an empty body is `{}`, a malformed one a 400 with Python's message. */
async function parseBody(
  request: Request,
): Promise<{ body: Record<string, unknown> } | { detail: string }> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE')
    return { body: {} };
  const text = await request.text();
  if (text.trim() === '') return { body: {} };
  try {
    const value = JSON.parse(text) as unknown;
    return {
      body:
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : {},
    };
  } catch (error) {
    return { detail: `JSON parse error - ${pythonJsonErrorMessage(text, error)}` };
  }
}

// Python's json module reports "Expecting value: line L column C (char N)". V8 words it differently, so
// the position is taken from V8's message (or the end of input) and rephrased.
function pythonJsonErrorMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  const offset = position === null ? text.length : Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `Expecting value: line ${line} column ${column} (char ${offset})`;
}
