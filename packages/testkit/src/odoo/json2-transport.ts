import { http, HttpResponse, type RequestHandler } from 'msw';
import { OdooServerError, serializeOdooError } from './errors.js';
import type { SimulatorCore } from './simulator-core.js';

/** The HTTP status JSON-2 gives an exception (`exc.http_status`, odoo-api.md §1c). */
export function json2Status(exceptionName: string): number {
  switch (exceptionName) {
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
    case 'werkzeug.exceptions.UnprocessableEntity':
      return 422;
    case 'odoo.exceptions.AccessError':
    case 'odoo.exceptions.AccessDenied':
    case 'werkzeug.exceptions.Forbidden':
      return 403;
    case 'odoo.exceptions.MissingError':
    case 'werkzeug.exceptions.NotFound':
      return 404;
    case 'odoo.exceptions.LockError':
      return 409;
    case 'werkzeug.exceptions.Unauthorized':
      return 401;
    case 'werkzeug.exceptions.BadRequest':
      return 400;
    default:
      return 500;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function errorResponse(error: OdooServerError, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(
    { ...serializeOdooError(error) },
    { status: json2Status(error.exceptionName), headers },
  );
}

function werkzeug(
  name: 'NotFound' | 'Unauthorized' | 'BadRequest' | 'UnprocessableEntity',
  message: string,
  status: number,
): OdooServerError {
  return new OdooServerError(`werkzeug.exceptions.${name}`, message, [status]);
}

/**
 * `POST /json/2/<model>/<method>` (19.0+): bearer API key, arguments by name, `ids` and `context` in the
 * body, the bare result with 200, and errors as a serialised exception with a real HTTP status.
 */
export function createJson2Handler(core: SimulatorCore): RequestHandler {
  return http.all(`${core.baseUrl}/json/2/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    const match = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
    if (request.method !== 'POST' || match === null) {
      return errorResponse(
        werkzeug('NotFound', 'Did you mean POST /json/2/<model>/<method>?', 404),
      );
    }
    const authorization = request.headers.get('authorization') ?? '';
    const key = /^bearer\s+(.+)$/i.exec(authorization)?.[1];
    const user = key === undefined ? undefined : core.userByKey(key);
    if (user === undefined) {
      return errorResponse(werkzeug('Unauthorized', 'Invalid apikey', 401), {
        'WWW-Authenticate': 'bearer',
      });
    }
    const text = await request.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      return errorResponse(
        werkzeug(
          'BadRequest',
          `could not parse the body as json: ${error instanceof Error ? error.message : String(error)}`,
          400,
        ),
      );
    }
    if (!isObject(body))
      return errorResponse(werkzeug('BadRequest', 'the body must be a json object', 400));
    const [, model = '', method = ''] = match;
    const { ids, context, ...keywords } = body;
    const outcome = await core.runRpc({
      transport: 'json2',
      model,
      method,
      authorize: () => user.uid,
      positional: [],
      keywords,
      ids,
      context: isObject(context) ? context : {},
    });
    switch (outcome.kind) {
      case 'result':
        return HttpResponse.json(outcome.value as Record<string, unknown>);
      case 'error': {
        const { exceptionName } = outcome.error;
        // Unknown models and non-public methods are routing failures (404); bad arguments are 422.
        if (
          exceptionName === 'odoo.exceptions.UserError' &&
          outcome.error.message.startsWith('Object ')
        ) {
          return errorResponse(werkzeug('NotFound', outcome.error.message, 404));
        }
        if (
          exceptionName === 'builtins.AttributeError' ||
          (exceptionName === 'odoo.exceptions.AccessError' &&
            outcome.error.message.startsWith('Private methods'))
        ) {
          return errorResponse(werkzeug('NotFound', outcome.error.message, 404));
        }
        if (exceptionName === 'builtins.TypeError')
          return errorResponse(werkzeug('UnprocessableEntity', outcome.error.message, 422));
        return errorResponse(outcome.error);
      }
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

/**
 * The start of the website 404 page 16–18 render for routes they do not have (sync-traffic
 * `odoo-16.jsonl`, `odoo-18-client-contract.jsonl`; the recordings cut it after 300 characters).
 */
const NOT_FOUND_PAGE =
  '<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="utf-8"/>\n' +
  '        <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1"/>\n' +
  '        <meta name="viewport" content="width=device-width, initial-scale=1"/>\n' +
  '        <title>Odoo</title>\n    </head>\n    <body>\n        <h1>Page not found</h1>\n' +
  '        <p>The page you were looking for could not be found.</p>\n    </body>\n</html>\n';

/**
 * `GET /web/version` (and `/json/version`): the JSON-2 era's version route. 19 answers the version info;
 * 16–18 do not have the route and answer their HTML 404 page (recorded).
 */
export function createVersionHandlers(core: SimulatorCore): RequestHandler[] {
  const answer = () =>
    core.version >= 19
      ? HttpResponse.json({
          version_info: [core.version, 0, 0, 'final', 0, ''],
          version: `${core.version}.0`,
        })
      : new HttpResponse(NOT_FOUND_PAGE, {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        });
  return [
    http.get(`${core.baseUrl}/web/version`, answer),
    http.get(`${core.baseUrl}/json/version`, answer),
  ];
}
