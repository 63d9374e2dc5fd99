import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { z } from 'zod';
import { httpError, invalidResponse, rpcError, type OdooClientError } from './errors.js';
import { retryAfterMs, type HttpExchange } from './http-exchange.js';
import { issuesOf, parseJsonText } from './schemas.js';
import { decodeRpcVersion } from './server-version.js';
import type { OdooConnection, OdooTransport } from './transport.js';

const envelopeSchema = z.object({
  result: z.unknown().optional(),
  error: z
    .object({
      code: z.number().optional(),
      message: z.string().optional(),
      data: z.object({ name: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .optional(),
});

/**
 * JSON-RPC at `POST /jsonrpc` (16.0–19.0; deprecated from 19). Errors arrive with HTTP 200 in
 * `error.data` (`name` = Odoo exception, `message` = text; `debug` holds the traceback and is dropped).
 * `object.execute_kw` needs the uid, which `common.authenticate` returns (it accepts API keys) and which is
 * cached for the life of the transport.
 */
export function createJsonRpcTransport(
  connection: OdooConnection,
  exchange: HttpExchange,
  now: () => number,
): OdooTransport {
  let requestId = 0;
  let uid: Promise<Result<number, OdooClientError>> | undefined;

  const send = (
    service: string,
    method: string,
    args: readonly unknown[],
  ): ResultAsync<unknown, OdooClientError> => {
    requestId += 1;
    return exchange({
      method: 'POST',
      url: `${connection.baseUrl}/jsonrpc`,
      json: { jsonrpc: '2.0', method: 'call', id: requestId, params: { service, method, args } },
    }).andThen((answer) => {
      if (answer.status !== 200) {
        return err(httpError(answer.status, answer.text, retryAfterMs(answer.headers, now())));
      }
      return parseJsonText(answer.text).andThen(readEnvelope);
    });
  };

  const authenticate = (): ResultAsync<number, OdooClientError> => {
    uid ??= (async () => {
      const result = await send('common', 'authenticate', [
        connection.db,
        connection.login,
        connection.apiKey,
        {},
      ]).andThen(decodeUid);
      if (result.isErr()) uid = undefined;
      return result;
    })();
    return new ResultAsync(uid);
  };

  return {
    kind: 'jsonrpc',
    authenticate,
    version: () => send('common', 'version', []).andThen(decodeRpcVersion),
    callKw: (model, method, args, kwargs) =>
      authenticate().andThen((userId) =>
        send('object', 'execute_kw', [
          connection.db,
          userId,
          connection.apiKey,
          model,
          method,
          args,
          ...(Object.keys(kwargs).length === 0 ? [] : [kwargs]),
        ]),
      ),
  };
}

function readEnvelope(body: unknown): Result<unknown, OdooClientError> {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return err(invalidResponse(issuesOf(parsed.error)));
  const { error } = parsed.data;
  if (error !== undefined) {
    const name = error.data?.name ?? `odoo.jsonrpc.error.${error.code ?? 'unknown'}`;
    return err(rpcError(name, error.data?.message ?? error.message ?? 'Odoo Server Error'));
  }
  if (typeof body !== 'object' || body === null || !('result' in body)) {
    return err(invalidResponse([{ path: 'result', message: 'Neither result nor error' }]));
  }
  return ok(parsed.data.result);
}

function decodeUid(result: unknown): Result<number, OdooClientError> {
  // A wrong login or key is `false`, not an error envelope (fixtures 003); object calls with the same
  // credentials answer AccessDenied, so that is what we report.
  if (result === false) return err(rpcError('odoo.exceptions.AccessDenied', 'Access Denied'));
  if (typeof result === 'number' && Number.isInteger(result)) return ok(result);
  return err(invalidResponse([{ path: 'result', message: 'Expected a uid or false' }]));
}
