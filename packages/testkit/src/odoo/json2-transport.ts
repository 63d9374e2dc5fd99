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
    if (key !== core.apiKey) {
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
      authorize: () => undefined,
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

/** `GET /web/version` (and `/json/version`): the version probe clients use to pick a transport. */
export function createVersionHandlers(core: SimulatorCore): RequestHandler[] {
  const answer = () =>
    HttpResponse.json({
      version_info: [core.version, 0, 0, 'final', 0, ''],
      version: `${core.version}.0`,
    });
  return [
    http.get(`${core.baseUrl}/web/version`, answer),
    http.get(`${core.baseUrl}/json/version`, answer),
  ];
}
