import type { Result, ResultAsync } from 'neverthrow';
import { assertNoUserInfo } from './base-url.js';
import type {
  OdooClientOptions,
  OdooContext,
  OdooRecordSelection,
  OdooValues,
  SearchOptions,
  SearchReadOptions,
} from './client-options.js';
import { deriveCapabilities, type OdooCapabilities, type OdooFieldsInfo } from './capabilities.js';
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
import { systemClock } from './clock.js';
import type { Domain } from './search-domain.js';
import { isConcurrencyFailure, type OdooClientError } from './errors.js';
import { createHttpExchange } from './http-exchange.js';
import { createJson2Transport } from './json2-transport.js';
import { createJsonRpcTransport } from './jsonrpc-transport.js';
import { memoizeSuccess } from './memoize.js';
import { createOrmCalls, READ_METHODS, type CallKw } from './orm-calls.js';
import { createRecordReads } from './record-reads.js';
import type { OdooMilestone, OdooProject, OdooStage, OdooTask, OdooUser } from './records.js';
import { withRedaction } from './redacting-transport.js';
import { withRetry } from './retry.js';
import type { OdooVersion } from './server-version.js';
import { createTransportDetection } from './transport-detection.js';
import type { OdooConnection, OdooTransportKind } from './transport.js';
import type { OdooRef } from './values.js';

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
  const connection = connectionOf(options);
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

  const detect = createTransportDetection({
    mode: options.transport ?? 'auto',
    jsonRpc,
    json2,
    asRead,
  });

  const callKw: CallKw = (model, method, args, kwargs) => {
    const attempt = (): ResultAsync<unknown, OdooClientError> =>
      detect().andThen(({ transport }) => transport.callKw(model, method, args, kwargs));
    return READ_METHODS.has(method) ? asRead(attempt) : asWrite(attempt);
  };
  const orm = createOrmCalls(callKw);
  const { searchRead, fieldsGet } = orm;

  const version = (): ResultAsync<OdooVersion, OdooClientError> =>
    detect().map(({ version: v }) => v);

  const capabilities = memoizeSuccess(() =>
    version().andThen((serverVersion) => readCapabilities(serverVersion, fieldsGet)),
  );

  const chatterDeps: ChatterDeps = {
    majorVersion: () => version().map((v) => v.major),
    read: (model, domain, fields) => searchRead(model, domain as Domain, { fields }),
    write: callKw,
  };
  const chatterCache = new Map<string, number>();

  return {
    ...orm,
    version,
    authenticate: () => asRead(() => detect().andThen(({ transport }) => transport.authenticate())),
    transport: () => detect().map(({ transport }) => transport.kind),
    capabilities,
    ...createRecordReads(orm, capabilities),
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

function connectionOf(options: OdooClientOptions): OdooConnection {
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    db: options.db,
    login: options.login,
    apiKey: options.apiKey,
  };
}

/** What the server offers, from the `fields_get` of tasks and projects. */
function readCapabilities(
  serverVersion: OdooVersion,
  fieldsGet: OdooClient['fieldsGet'],
): ResultAsync<OdooCapabilities, OdooClientError> {
  return fieldsGet('project.task').andThen((task) =>
    fieldsGet('project.project').map((project) =>
      deriveCapabilities(serverVersion.major, task, project),
    ),
  );
}
