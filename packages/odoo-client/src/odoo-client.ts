import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import {
  deriveCapabilities,
  FIELD_ATTRIBUTES,
  fieldsInfoSchema,
  type OdooCapabilities,
  type OdooFieldsInfo,
} from './capabilities.js';
import {
  pollChangedSince,
  type ChangeCursor,
  type ChangedPage,
  type ChangedSinceOptions,
  type OdooRecord,
} from './changed-since.js';
import {
  postMessage,
  scheduleActivity,
  type ChatterDeps,
  type PostMessageOptions,
  type ScheduleActivityInput,
} from './chatter.js';
import { systemClock, type Clock } from './clock.js';
import type { Domain } from './domain.js';
import {
  invalidResponse,
  isConcurrencyFailure,
  redactError,
  unsupportedError,
  withoutUserInfo,
  type OdooClientError,
} from './errors.js';
import { createHttpExchange } from './http-exchange.js';
import { createJson2Transport } from './json2-transport.js';
import { createJsonRpcTransport } from './jsonrpc-transport.js';
import { memoizeSuccess } from './memoize.js';
import {
  decodeMilestones,
  decodeProjects,
  decodeStages,
  decodeTasks,
  decodeUsers,
  MILESTONE_FIELDS,
  projectFields,
  STAGE_FIELDS,
  taskFields,
  USER_FIELDS,
  type OdooMilestone,
  type OdooProject,
  type OdooStage,
  type OdooTask,
  type OdooUser,
} from './records.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { issuesOf } from './schemas.js';
import type { OdooVersion } from './server-version.js';
import type { OdooConnection, OdooTransport, OdooTransportKind } from './transport.js';
import type { OdooRef } from './values.js';

/** Odoo's `context` (`lang`, `tz`, `active_test`, `default_*` …). */
export type OdooContext = Readonly<Record<string, unknown>>;

/** Field values for `create`/`write`, in Odoo's wire encoding (x2many commands, `false` for empty). */
export type OdooValues = Readonly<Record<string, unknown>>;

/** Options of {@link createOdooClient}. */
export interface OdooClientOptions {
  /** `https://odoo.example.com` (no path). */
  readonly baseUrl: string;
  readonly db: string;
  readonly login: string;
  /** An API key (or, on JSON-RPC, a password). Never appears in errors. */
  readonly apiKey: string;
  /**
   * `auto` (default) asks `common.version` over JSON-RPC and, only when the server says 19 or later,
   * probes JSON-2 (`GET /web/version`) and uses it: 19 logs a deprecation warning for every JSON-RPC
   * call. Servers before 19 get no `/web/version` request (16–18 answer it with a slow HTML 404 page).
   * `json2` on a server without JSON-2 fails with an `unsupported` error.
   */
  readonly transport?: 'auto' | OdooTransportKind;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: typeof fetch;
  /** Wall-clock limit for each HTTP exchange; default 30 s. */
  readonly timeoutMs?: number;
  /** Time source for retry back-off; default the system clock. */
  readonly clock?: Clock;
  /** Retry policy for reads (and for writes that Odoo rolled back on a concurrency failure). */
  readonly retry?: RetryPolicy;
}

/** Options of `searchRead`. */
export interface SearchReadOptions {
  /** Default: every field, which is large; name the fields you read. */
  readonly fields?: readonly string[];
  /** e.g. `'write_date asc, id asc'`. */
  readonly order?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly context?: OdooContext;
}

/** Options of `search`. */
export type SearchOptions = Omit<SearchReadOptions, 'fields'>;

/**
 * Which records a typed read returns: these ids (read in chunks of 200, deleted ones left out), or every
 * record a domain matches, in one `search_read` however many projects the domain spans.
 */
export type OdooRecordSelection =
  | readonly number[]
  | {
      readonly domain: Domain;
      /** e.g. `'id asc'`; default the model's `_order`. */
      readonly order?: string;
      readonly context?: OdooContext;
    };

/**
 * A typed client for Odoo's external API. Every method returns a `ResultAsync` and never throws.
 * Reads are retried on retryable errors; writes are sent once, and again only when Odoo reports a
 * concurrency failure (its transaction was rolled back, so nothing happened).
 */
export interface OdooClient {
  /** Calls any model method, `execute_kw` style. Retried only when `method` is a known read. */
  call(
    model: string,
    method: string,
    args?: readonly unknown[],
    kwargs?: Readonly<Record<string, unknown>>,
  ): ResultAsync<unknown, OdooClientError>;
  searchRead(
    model: string,
    domain: Domain,
    options?: SearchReadOptions,
  ): ResultAsync<OdooRecord[], OdooClientError>;
  /** Reads records; deleted ids are silently left out, as Odoo does. */
  read(
    model: string,
    ids: readonly number[],
    fields?: readonly string[],
    options?: { readonly context?: OdooContext },
  ): ResultAsync<OdooRecord[], OdooClientError>;
  search(
    model: string,
    domain: Domain,
    options?: SearchOptions,
  ): ResultAsync<number[], OdooClientError>;
  searchCount(
    model: string,
    domain: Domain,
    options?: { readonly context?: OdooContext },
  ): ResultAsync<number, OdooClientError>;
  /** Creates one record (→ its id) or several (→ their ids). */
  create(
    model: string,
    values: OdooValues,
    options?: { readonly context?: OdooContext },
  ): ResultAsync<number, OdooClientError>;
  create(
    model: string,
    values: readonly OdooValues[],
    options?: { readonly context?: OdooContext },
  ): ResultAsync<number[], OdooClientError>;
  write(
    model: string,
    ids: readonly number[],
    values: OdooValues,
    options?: { readonly context?: OdooContext },
  ): ResultAsync<true, OdooClientError>;
  /** Deletes records; on `project.task` Odoo also deletes their subtasks. */
  unlink(
    model: string,
    ids: readonly number[],
    options?: { readonly context?: OdooContext },
  ): ResultAsync<true, OdooClientError>;
  fieldsGet(
    model: string,
    attributes?: readonly string[],
  ): ResultAsync<OdooFieldsInfo, OdooClientError>;
  /** `name_search`: `[id, display_name]` pairs decoded to refs. */
  nameSearch(
    model: string,
    name: string,
    options?: { readonly domain?: Domain; readonly operator?: string; readonly limit?: number },
  ): ResultAsync<OdooRef[], OdooClientError>;
  /** The server version (cached). */
  version(): ResultAsync<OdooVersion, OdooClientError>;
  /** The uid of the credentials (cached). */
  authenticate(): ResultAsync<number, OdooClientError>;
  /** The transport in use, after `auto` detection. */
  transport(): ResultAsync<OdooTransportKind, OdooClientError>;
  /** What this server offers, from `fields_get` (cached). */
  capabilities(): ResultAsync<OdooCapabilities, OdooClientError>;
  readProjects(ids: readonly number[]): ResultAsync<OdooProject[], OdooClientError>;
  readMilestones(selection: OdooRecordSelection): ResultAsync<OdooMilestone[], OdooClientError>;
  /**
   * Reads tasks by ids or by domain; `extraFields` names more fields to read (a custom ship flag, say), decoded into
   * `extraFields` by their `fields_get` type. A name the server lacks is skipped, not an error.
   */
  readTasks(
    selection: OdooRecordSelection,
    options?: { readonly extraFields?: readonly string[] },
  ): ResultAsync<OdooTask[], OdooClientError>;
  readStages(ids: readonly number[]): ResultAsync<OdooStage[], OdooClientError>;
  /** The active task stages linked to a project, by `sequence` then id (personal stages are never linked). */
  listStages(projectId: number): ResultAsync<OdooStage[], OdooClientError>;
  readUsers(ids: readonly number[]): ResultAsync<OdooUser[], OdooClientError>;
  /** `read` in chunks (default 200 ids), in the order of `ids`, deleted ids left out. */
  readMany(
    model: string,
    ids: readonly number[],
    fields: readonly string[],
    options?: { readonly chunkSize?: number; readonly context?: OdooContext },
  ): ResultAsync<OdooRecord[], OdooClientError>;
  /**
   * Records changed since a cursor (`null`: from the beginning), page by page, with the cursor to store
   * after each page. Stops after yielding an error.
   */
  changedSince(
    model: string,
    cursor: ChangeCursor | null,
    options?: ChangedSinceOptions,
  ): AsyncGenerator<Result<ChangedPage, OdooClientError>, void, undefined>;
  /** Posts HTML in a task's chatter (internal note by default); returns the `mail.message` id. */
  postMessage(
    taskId: number,
    html: string,
    options?: PostMessageOptions,
  ): ResultAsync<number, OdooClientError>;
  /**
   * Schedules an activity (a to-do by default) with the record's `activity_schedule`, which a Project / User
   * may call; returns the `mail.activity` id.
   */
  scheduleActivity(input: ScheduleActivityInput): ResultAsync<number, OdooClientError>;
}

/** ORM methods that only read: safe to send again after any retryable error. */
const READ_METHODS: ReadonlySet<string> = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_search',
  'context_get',
  'has_group',
]);

const recordsSchema = z.array(z.looseObject({ id: z.number().int() }));
const idsSchema = z.array(z.number().int());
const countSchema = z.number().int();
const nameSearchSchema = z.array(z.tuple([z.number().int(), z.string()]));

/**
 * Removes the API key from every error a transport returns: from exchange failures (a fetch error that
 * echoes the request) and from what the server said (an Odoo message or a proxy page quoting the body).
 */
function withRedaction(transport: OdooTransport, secrets: readonly string[]): OdooTransport {
  const redact = (error: OdooClientError): OdooClientError => redactError(error, secrets);
  return {
    kind: transport.kind,
    callKw: (model, method, args, kwargs) =>
      transport.callKw(model, method, args, kwargs).mapErr(redact),
    authenticate: () => transport.authenticate().mapErr(redact),
    version: () => transport.version().mapErr(redact),
  };
}

/**
 * The JSON-2 version probe failed: a 404 (or a page that is not JSON) means the server has no JSON-2 API.
 * The error says so instead of carrying Odoo's HTML 404 page.
 */
function json2Missing(error: OdooClientError): OdooClientError {
  if ((error.kind === 'http' && error.status === 404) || error.kind === 'invalid-response') {
    return unsupportedError(
      `transport 'json2' was asked for, but this server has no JSON-2 API (GET /web/version ${
        error.kind === 'http' ? 'answered 404' : 'did not answer JSON'
      }); JSON-2 needs Odoo 19 or later: use transport 'auto' or 'jsonrpc'`,
    );
  }
  return error;
}

function json2TooOld(version: OdooVersion): OdooClientError {
  return unsupportedError(
    `transport 'json2' was asked for, but this server is Odoo ${version.serverVersion}; JSON-2 needs Odoo 19 or later: use transport 'auto' or 'jsonrpc'`,
  );
}

/**
 * Refuses a base URL with user info (`http://admin:pw@host`). Odoo authenticates with `login` and
 * `apiKey`, never with URL credentials: such a URL fails every call, and whoever prints it prints the
 * password. The message shows the URL without its user info.
 */
function assertNoUserInfo(baseUrl: string): void {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    return;
  }
  if (parsed.username === '' && parsed.password === '') return;
  throw new TypeError(
    `createOdooClient: baseUrl must not contain a user name or password (${withoutUserInfo(baseUrl)} ` +
      'was given with "user:password@"): pass the login and API key as the login and apiKey options',
  );
}

/**
 * Creates an Odoo client. Nothing is sent until the first call; the transport, uid, version and
 * capabilities are each asked once and cached. Throws a `TypeError` when `baseUrl` carries user info
 * (`https://user:password@host`): that is a configuration mistake, not a runtime failure.
 *
 * @example
 * const odoo = createOdooClient({
 *   baseUrl: 'https://odoo.example.com',
 *   db: 'prod',
 *   login: 'sync-bot',
 *   apiKey: key,
 * });
 * const tasks = await odoo.readTasks([42]);
 * if (tasks.isOk()) console.log(tasks.value[0]?.stage?.name);
 */
export function createOdooClient(options: OdooClientOptions): OdooClient {
  assertNoUserInfo(options.baseUrl);
  const clock = options.clock ?? systemClock;
  const policy = options.retry ?? {};
  const connection: OdooConnection = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    db: options.db,
    login: options.login,
    apiKey: options.apiKey,
  };
  const rawExchange = createHttpExchange({
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const secrets = [options.apiKey];
  const now = (): number => clock.now();
  const jsonRpc = withRedaction(createJsonRpcTransport(connection, rawExchange, now), secrets);
  const json2 = withRedaction(createJson2Transport(connection, rawExchange, now), secrets);

  const asRead = <T>(
    attempt: () => ResultAsync<T, OdooClientError>,
  ): ResultAsync<T, OdooClientError> =>
    withRetry(attempt, (error) => error.retryable, policy, clock);
  const asWrite = <T>(
    attempt: () => ResultAsync<T, OdooClientError>,
  ): ResultAsync<T, OdooClientError> => withRetry(attempt, isConcurrencyFailure, policy, clock);

  const detect = memoizeSuccess(
    (): ResultAsync<{ transport: OdooTransport; version: OdooVersion }, OdooClientError> => {
      const mode = options.transport ?? 'auto';
      if (mode === 'jsonrpc')
        return asRead(() => jsonRpc.version()).map((version) => ({ transport: jsonRpc, version }));
      if (mode === 'json2')
        return asRead(() => json2.version())
          .mapErr(json2Missing)
          .andThen((version) =>
            version.major >= 19
              ? okAsync({ transport: json2, version })
              : errAsync(json2TooOld(version)),
          );
      // `common.version` over /jsonrpc answers at once on 16–19, while 16–18 render a slow website 404
      // page for `GET /web/version` (2.8–6.2 s on 16, sync-traffic README). So the probe for JSON-2 is
      // only sent to a server that says it is 19 or later, where it is preferred: 19 logs a deprecation
      // warning for every /jsonrpc call (removal planned for 22). A server without /jsonrpc (22+) is
      // asked over JSON-2 directly.
      return asRead(() => jsonRpc.version())
        .andThen((version) =>
          version.major < 19
            ? okAsync({ transport: jsonRpc, version })
            : asRead(() => json2.version())
                .map((json2Version) => ({ transport: json2, version: json2Version }))
                .orElse((error) =>
                  error.kind === 'http' || error.kind === 'invalid-response'
                    ? okAsync({ transport: jsonRpc, version })
                    : errAsync(error),
                ),
        )
        .orElse((error) =>
          error.kind === 'http' || error.kind === 'invalid-response'
            ? asRead(() => json2.version())
                .mapErr(() => error)
                .map((version) => ({ transport: json2, version }))
            : errAsync(error),
        );
    },
  );

  const callKw = (
    model: string,
    method: string,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ): ResultAsync<unknown, OdooClientError> => {
    const attempt = (): ResultAsync<unknown, OdooClientError> =>
      detect().andThen(({ transport }) => transport.callKw(model, method, args, kwargs));
    return READ_METHODS.has(method) ? asRead(attempt) : asWrite(attempt);
  };

  const decode =
    <S extends z.ZodType>(schema: S) =>
    (value: unknown): Result<z.output<S>, OdooClientError> => {
      const parsed = schema.safeParse(value);
      return parsed.success ? ok(parsed.data) : err(invalidResponse(issuesOf(parsed.error)));
    };

  const withContext = (context: OdooContext | undefined): Record<string, unknown> =>
    context === undefined ? {} : { context };

  const searchRead: OdooClient['searchRead'] = (model, domain, searchOptions = {}) =>
    callKw(model, 'search_read', [domain], {
      ...(searchOptions.fields === undefined ? {} : { fields: searchOptions.fields }),
      ...(searchOptions.order === undefined ? {} : { order: searchOptions.order }),
      ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
      ...(searchOptions.offset === undefined ? {} : { offset: searchOptions.offset }),
      ...withContext(searchOptions.context),
    }).andThen(decode(recordsSchema));

  const read: OdooClient['read'] = (model, ids, fields, readOptions = {}) =>
    ids.length === 0
      ? okAsync([])
      : callKw(model, 'read', [ids], {
          ...(fields === undefined ? {} : { fields }),
          ...withContext(readOptions.context),
        }).andThen(decode(recordsSchema));

  const readMany: OdooClient['readMany'] = (model, ids, fields, readOptions = {}) => {
    const size = Math.max(1, readOptions.chunkSize ?? 200);
    const unique = [...new Set(ids)];
    const chunks: number[][] = [];
    for (let start = 0; start < unique.length; start += size)
      chunks.push(unique.slice(start, start + size));
    return chunks.reduce<ResultAsync<OdooRecord[], OdooClientError>>(
      (soFar, chunk) =>
        soFar.andThen((records) =>
          read(
            model,
            chunk,
            fields,
            readOptions.context === undefined ? {} : { context: readOptions.context },
          ).map((more) => [...records, ...more]),
        ),
      okAsync([]),
    );
  };

  // Ids are read in chunks; a domain is one search_read, so a read across projects costs one call.
  const readSelection = (
    model: string,
    selection: OdooRecordSelection,
    fields: readonly string[],
  ): ResultAsync<OdooRecord[], OdooClientError> =>
    isIdList(selection)
      ? readMany(model, selection, fields)
      : searchRead(model, selection.domain, {
          fields,
          ...(selection.order === undefined ? {} : { order: selection.order }),
          ...(selection.context === undefined ? {} : { context: selection.context }),
        });

  const version = (): ResultAsync<OdooVersion, OdooClientError> =>
    detect().map(({ version: v }) => v);

  const capabilities = memoizeSuccess(() =>
    version().andThen((serverVersion) =>
      fieldsGet('project.task').andThen((task) =>
        fieldsGet('project.project').map((project) =>
          deriveCapabilities(serverVersion.major, task, project),
        ),
      ),
    ),
  );

  const fieldsGet: OdooClient['fieldsGet'] = (model, attributes = FIELD_ATTRIBUTES) =>
    callKw(model, 'fields_get', [], { attributes }).andThen(decode(fieldsInfoSchema));

  const create = ((
    model: string,
    values: OdooValues | readonly OdooValues[],
    createOptions: { readonly context?: OdooContext } = {},
  ) =>
    callKw(model, 'create', [values], withContext(createOptions.context)).andThen(
      (value): Result<number | number[], OdooClientError> =>
        Array.isArray(values) ? decode(idsSchema)(value) : decode(countSchema)(value),
    )) as OdooClient['create'];

  const chatterDeps: ChatterDeps = {
    majorVersion: () => version().map((v) => v.major),
    read: (model, domain, fields) => searchRead(model, domain as Domain, { fields }),
    write: callKw,
  };
  const chatterCache = new Map<string, number>();

  return {
    call: (model, method, args = [], kwargs = {}) => callKw(model, method, args, kwargs),
    searchRead,
    read,
    search: (model, domain, searchOptions = {}) =>
      callKw(model, 'search', [domain], {
        ...(searchOptions.order === undefined ? {} : { order: searchOptions.order }),
        ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
        ...(searchOptions.offset === undefined ? {} : { offset: searchOptions.offset }),
        ...withContext(searchOptions.context),
      }).andThen(decode(idsSchema)),
    searchCount: (model, domain, countOptions = {}) =>
      callKw(model, 'search_count', [domain], withContext(countOptions.context)).andThen(
        decode(countSchema),
      ),
    create,
    write: (model, ids, values, writeOptions = {}) =>
      callKw(model, 'write', [ids, values], withContext(writeOptions.context))
        .andThen(decode(z.boolean()))
        .map(() => true as const),
    unlink: (model, ids, unlinkOptions = {}) =>
      callKw(model, 'unlink', [ids], withContext(unlinkOptions.context))
        .andThen(decode(z.boolean()))
        .map(() => true as const),
    fieldsGet,
    nameSearch: (model, name, searchOptions = {}) =>
      callKw(model, 'name_search', [name, searchOptions.domain ?? []], {
        ...(searchOptions.operator === undefined ? {} : { operator: searchOptions.operator }),
        ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
      })
        .andThen(decode(nameSearchSchema))
        .map((pairs) => pairs.map(([id, displayName]) => ({ id, name: displayName }))),
    version,
    authenticate: () => asRead(() => detect().andThen(({ transport }) => transport.authenticate())),
    transport: () => detect().map(({ transport }) => transport.kind),
    capabilities,
    readProjects: (ids) =>
      capabilities().andThen((caps) =>
        readMany('project.project', ids, projectFields(caps)).andThen(decodeProjects),
      ),
    readMilestones: (selection) =>
      readSelection('project.milestone', selection, MILESTONE_FIELDS).andThen(decodeMilestones),
    readTasks: (selection, readOptions = {}) =>
      capabilities().andThen((caps) => {
        const extraFields = (readOptions.extraFields ?? []).filter((name) =>
          caps.taskFields.has(name),
        );
        return readSelection('project.task', selection, taskFields(caps, extraFields)).andThen(
          (records) =>
          decodeTasks(records, caps, extraFields),
        );
      }),
    readStages: (ids) => readMany('project.task.type', ids, STAGE_FIELDS).andThen(decodeStages),
    listStages: (projectId) =>
      searchRead('project.task.type', [['project_ids', 'in', [projectId]]], {
        fields: STAGE_FIELDS,
        order: 'sequence asc, id asc',
      }).andThen(decodeStages),
    readUsers: (ids) => readMany('res.users', ids, USER_FIELDS).andThen(decodeUsers),
    readMany,
    changedSince: (model, cursor, changedOptions) =>
      pollChangedSince(
        (pollModel, domain, pollOptions) =>
          searchRead(pollModel, domain, {
            fields: pollOptions.fields,
            order: pollOptions.order,
            limit: pollOptions.limit,
            context: pollOptions.context,
          }),
        model,
        cursor,
        changedOptions,
      ),
    postMessage: (taskId, html, messageOptions) =>
      postMessage(chatterDeps, taskId, html, messageOptions),
    scheduleActivity: (input) => scheduleActivity(chatterDeps, input, chatterCache),
  };
}

function isIdList(selection: OdooRecordSelection): selection is readonly number[] {
  return Array.isArray(selection);
}
