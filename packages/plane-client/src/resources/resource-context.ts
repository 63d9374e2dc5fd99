import { ResultAsync, err, ok, type Result } from 'neverthrow';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { PlaneClientError, PlaneSchemaIssue } from '../errors.js';
import type { PlaneLane, RateLimiter } from '../rate-limiter.js';
import type { RequestSafety } from '../retry-policy.js';
import { cycleSchema } from '../schemas/cycles.js';
import { conflictSchema, pageOrArraySchema } from '../schemas/wire.js';
import type { PlaneRequest, PlaneResponse, Transport } from '../transport.js';
import type { PlaneCapabilities, PlaneCycle } from '../types.js';

/** What every lane view of one client shares. */
export interface SharedState {
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly workspaceSlug: string;
  readonly edition: 'ce' | 'cloud';
  capabilities: PlaneCapabilities | undefined;
}

/** A request as the resource families describe it; the lane is added by the context. */
export type ResourceRequest = Omit<PlaneRequest, 'lane'>;

/**
 * What every resource family is built on: the shared transport (one budget, one retry policy) in one
 * lane, the paths of the workspace, and the decoding helpers. One per lane view of a client.
 */
export interface ResourceContext {
  readonly shared: SharedState;
  /** `workspaces/<slug>/`. */
  readonly workspace: string;
  readonly project: (projectId: string) => string;
  readonly workItem: (projectId: string, workItemId: string) => string;
  readonly cycle: (projectId: string, cycleId: string) => string;
  /** Cycles decode against the client's clock, to derive `status`. */
  readonly cycleDecoder: z.ZodType<PlaneCycle>;
  readonly send: (request: ResourceRequest) => ResultAsync<PlaneResponse, PlaneClientError>;
  readonly call: <T>(
    request: ResourceRequest,
    schema: z.ZodType<T>,
  ) => ResultAsync<T, PlaneClientError>;
  readonly callVoid: (request: ResourceRequest) => ResultAsync<void, PlaneClientError>;
  /** Walks a paginated list to its end. */
  readonly collect: <T>(
    path: string,
    item: z.ZodType<T>,
    query?: Readonly<Record<string, string | number | boolean | undefined>>,
  ) => ResultAsync<T[], PlaneClientError>;
}

/** Page size the client asks for: Plane's docs cap pages at 100 although CE accepts 1000 (§3). */
export const PAGE_SIZE = 100;

/** The context of one lane view of a client. */
export function createResourceContext(shared: SharedState, lane: PlaneLane): ResourceContext {
  const { transport, clock } = shared;
  const workspace = `workspaces/${encodeURIComponent(shared.workspaceSlug)}/`;
  const project = (projectId: string): string =>
    `${workspace}projects/${encodeURIComponent(projectId)}/`;

  const send = (request: ResourceRequest): ResultAsync<PlaneResponse, PlaneClientError> =>
    transport.send({ ...request, lane });

  const call = <T>(
    request: ResourceRequest,
    schema: z.ZodType<T>,
  ): ResultAsync<T, PlaneClientError> =>
    send(request).andThen((response) => decode(schema, response));

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

  return {
    shared,
    workspace,
    project,
    workItem: (projectId, workItemId) =>
      `${project(projectId)}work-items/${encodeURIComponent(workItemId)}/`,
    cycle: (projectId, cycleId) => `${project(projectId)}cycles/${encodeURIComponent(cycleId)}/`,
    cycleDecoder: cycleSchema(() => clock.now()),
    send,
    call,
    callVoid: (request) => send(request).map(() => undefined),
    collect,
  };
}

/** Whether a create carries the external id and source that make repeating it safe. */
export function hasExternalKey(input: {
  readonly externalId?: string | null;
  readonly externalSource?: string | null;
}): boolean {
  return (
    typeof input.externalId === 'string' &&
    input.externalId !== '' &&
    typeof input.externalSource === 'string' &&
    input.externalSource !== ''
  );
}

/** The existing id a duplicate-external-id conflict names, or undefined for any other failure. */
export function conflictId(error: PlaneClientError): string | undefined {
  if (error.kind !== 'http' || error.failureKind !== 'conflict') return undefined;
  const parsed = conflictSchema.safeParse(error.body);
  return parsed.success ? parsed.data.id : undefined;
}

/** `?expand=` as Plane reads it, or nothing. */
export function expandQuery(expand: readonly string[] | undefined): string | undefined {
  return expand === undefined || expand.length === 0 ? undefined : expand.join(',');
}

/** A POST that may be repeated when it is idempotent, sent once otherwise. */
export function safetyOf(idempotent: boolean): RequestSafety {
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
