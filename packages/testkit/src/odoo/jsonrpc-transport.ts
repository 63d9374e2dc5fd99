import { http, HttpResponse, type RequestHandler } from 'msw';
import { accessDeniedError, OdooServerError, serializeOdooError, typeError } from './errors.js';
import type { SimulatorCore } from './simulator-core.js';

/** `common.version` as the recorded servers answer it. */
export function versionInfo(version: number): Record<string, unknown> {
  return {
    server_version: `${version}.0`,
    server_version_info: [version, 0, 0, 'final', 0, ''],
    server_serie: `${version}.0`,
    protocol_version: 1,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `POST /jsonrpc`: the JSON-RPC 2.0 endpoint of Odoo 16–19. Every answer is HTTP 200 (errors travel in
 * the envelope, `error.code` 200 before 19.0 and 0 from 19.0), except unparsable bodies (plain 400).
 */
export function createJsonRpcHandler(core: SimulatorCore): RequestHandler {
  return http.post(`${core.baseUrl}/jsonrpc`, async ({ request }) => {
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new HttpResponse('Invalid JSON data', {
        status: 400,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    }
    if (!isObject(body)) {
      return new HttpResponse('Invalid JSON-RPC data', {
        status: 400,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    }
    const id = body.id ?? null;
    const envelope = (payload: Record<string, unknown>): Response =>
      HttpResponse.json({ jsonrpc: '2.0', id, ...payload });
    const fail = (error: OdooServerError): Response =>
      envelope({
        error: {
          code: core.version >= 19 ? 0 : 200,
          message: 'Odoo Server Error',
          data: serializeOdooError(error),
        },
      });

    const params = body.params;
    // Python's dict(**params) on a list: the recorded TypeError.
    if (!isObject(params))
      return fail(typeError('cannot convert dictionary update sequence element #0 to a sequence'));
    const service = String(params.service);
    const method = String(params.method);
    const args: unknown[] = Array.isArray(params.args) ? (params.args as unknown[]) : [];

    if (service === 'common') {
      if (method === 'version') return envelope({ result: versionInfo(core.version) });
      if (method === 'login' || method === 'authenticate') {
        const [db, login, password] = args;
        // 18.0+ also takes a credential dict ({type: 'password', password}).
        const secret = isObject(password) ? (password.password ?? password.key) : password;
        const user = typeof secret === 'string' ? core.userByKey(secret) : undefined;
        const ok = db === core.db && user !== undefined && login === user.login;
        return envelope({ result: ok ? user.uid : false });
      }
      return fail(new OdooServerError('builtins.NameError', `Method not available ${method}`));
    }
    if (service === 'db' && method === 'list') return envelope({ result: [core.db] });
    if (service !== 'object' || (method !== 'execute_kw' && method !== 'execute')) {
      return fail(new OdooServerError('builtins.NameError', `Method not available ${method}`));
    }
    const [db, uid, password, model, modelMethod, ...rest] = args;
    const outcome = await core.runRpc({
      transport: 'jsonrpc',
      model: typeof model === 'string' ? model : '',
      method: typeof modelMethod === 'string' ? modelMethod : '',
      authorize: () => {
        const user = typeof password === 'string' ? core.userByKey(password) : undefined;
        if (db !== core.db || user === undefined || uid !== user.uid) throw accessDeniedError();
        return user.uid;
      },
      positional: method === 'execute_kw' ? (Array.isArray(rest[0]) ? rest[0] : []) : rest,
      keywords: method === 'execute_kw' && isObject(rest[1]) ? rest[1] : {},
    });
    switch (outcome.kind) {
      case 'result':
        return envelope({ result: outcome.value });
      case 'error':
        return fail(outcome.error);
      case 'http':
        return new HttpResponse(outcome.body, {
          status: outcome.status,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        });
      case 'network-error':
        return HttpResponse.error();
    }
  });
}
