import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { z } from 'zod';
import { httpError, invalidResponse, rpcError, type OdooClientError } from './errors.js';
import { retryAfterMs, type HttpAnswer, type HttpExchange } from './http-exchange.js';
import { issuesOf, parseJsonText } from './schemas.js';
import { decodeWebVersion } from './server-version.js';
import type { OdooConnection, OdooTransport } from './transport.js';

/**
 * Parameter names of the ORM methods the client calls, in positional order. JSON-2 only takes named
 * arguments (`inspect.signature(func).bind(records, **kwargs)` in `addons/rpc/controllers/json2.py`), so
 * positional `execute_kw` arguments are renamed with this table. `ids` marks record methods, whose first
 * positional argument is the id list.
 */
const PARAMETERS: Readonly<
  Record<string, { readonly ids: boolean; readonly names: readonly string[] }>
> = {
  search: { ids: false, names: ['domain', 'offset', 'limit', 'order'] },
  search_read: { ids: false, names: ['domain', 'fields', 'offset', 'limit', 'order'] },
  search_count: { ids: false, names: ['domain', 'limit'] },
  read: { ids: true, names: ['fields', 'load'] },
  create: { ids: false, names: ['vals_list'] },
  write: { ids: true, names: ['vals'] },
  unlink: { ids: true, names: [] },
  fields_get: { ids: false, names: ['allfields', 'attributes'] },
  name_search: { ids: false, names: ['name', 'domain', 'operator', 'limit'] },
  message_post: { ids: true, names: [] },
  context_get: { ids: false, names: [] },
};

const errorBodySchema = z.object({ name: z.string(), message: z.string().optional() });
const contextSchema = z.object({ uid: z.number().int() });

/**
 * The JSON-2 API (`POST /json/2/<model>/<method>`, Odoo 19+): bearer API key, named arguments, bare JSON
 * results, and real HTTP statuses whose JSON bodies carry the Odoo exception name. Each call is its own
 * transaction.
 */
export function createJson2Transport(
  connection: OdooConnection,
  exchange: HttpExchange,
  now: () => number,
): OdooTransport {
  let uid: Promise<Result<number, OdooClientError>> | undefined;

  const post = (
    model: string,
    method: string,
    body: unknown,
  ): ResultAsync<unknown, OdooClientError> =>
    exchange({
      method: 'POST',
      url: `${connection.baseUrl}/json/2/${model}/${method}`,
      headers: {
        authorization: `bearer ${connection.apiKey}`,
        'x-odoo-database': connection.db,
      },
      json: body,
    }).andThen((answer) => readAnswer(answer, now));

  const callKw: OdooTransport['callKw'] = (model, method, args, kwargs) => {
    const named = toNamedArguments(method, args, kwargs);
    if (named.isErr()) return new ResultAsync(Promise.resolve(err(named.error)));
    const { body, singleCreate } = named.value;
    return post(model, method, body).andThen((result) => {
      // JSON-2 turns returned recordsets into id lists, so `create` always answers a list; the client
      // promises an id for a single dict, as JSON-RPC gives.
      if (!singleCreate) return ok(result);
      if (Array.isArray(result) && typeof result[0] === 'number') return ok(result[0]);
      return err(invalidResponse([{ path: '', message: 'Expected a list of created ids' }]));
    });
  };

  const authenticate = (): ResultAsync<number, OdooClientError> => {
    // `res.users.context_get` is how the JSON-2 docs tell clients to learn their own uid.
    uid ??= (async () => {
      const result = await post('res.users', 'context_get', {}).andThen((value) => {
        const parsed = contextSchema.safeParse(value);
        return parsed.success ? ok(parsed.data.uid) : err(invalidResponse(issuesOf(parsed.error)));
      });
      if (result.isErr()) uid = undefined;
      return result;
    })();
    return new ResultAsync(uid);
  };

  return {
    kind: 'json2',
    callKw,
    authenticate,
    version: () =>
      exchange({ method: 'GET', url: `${connection.baseUrl}/web/version` }).andThen((answer) =>
        readAnswer(answer, now).andThen(decodeWebVersion),
      ),
  };
}

function readAnswer(answer: HttpAnswer, now: () => number): Result<unknown, OdooClientError> {
  if (answer.status >= 200 && answer.status < 300) return parseJsonText(answer.text);
  const body = parseJsonText(answer.text).map((value) => errorBodySchema.safeParse(value));
  if (body.isOk() && body.value.success) {
    const { name, message } = body.value.data;
    return err(rpcError(name, message ?? name, answer.status));
  }
  // Early HTTP-stack failures answer text/html without an Odoo error body.
  return err(httpError(answer.status, answer.text, retryAfterMs(answer.headers, now())));
}

/**
 * Renames `execute_kw`-style arguments for JSON-2. Methods outside {@link PARAMETERS} may take an id list
 * as their only positional argument; anything else must be passed by keyword, and is refused here with
 * the `builtins.TypeError` Odoo itself raises for arguments it cannot bind.
 */
function toNamedArguments(
  method: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): Result<{ body: Record<string, unknown>; singleCreate: boolean }, OdooClientError> {
  const known = PARAMETERS[method];
  const takesIds = known?.ids ?? isIdList(args[0]);
  const positional = takesIds ? args.slice(1) : args;
  const names = known?.names ?? [];
  if (positional.length > names.length) {
    return err(
      rpcError(
        'builtins.TypeError',
        `JSON-2 takes named arguments only: pass the arguments of ${method} in kwargs`,
      ),
    );
  }
  const body: Record<string, unknown> = {};
  if (takesIds) body.ids = args[0];
  positional.forEach((value, index) => {
    const name = names[index];
    if (name !== undefined) body[name] = value;
  });
  let singleCreate = false;
  if (method === 'create' && isPlainObject(body.vals_list)) {
    body.vals_list = [body.vals_list];
    singleCreate = true;
  }
  return ok({ body: { ...body, ...kwargs }, singleCreate });
}

function isIdList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
