import { http, HttpResponse, type RequestHandler } from 'msw';
import type { WebhookIngestor } from '@odoo-plane-sync/sync-core';

/**
 * msw handlers standing in for the sync's webhook routes at `hooks` (`<hooks>/odoo/:token`,
 * `<hooks>/plane`): each delivery the simulators send goes to `ingestor` with its raw bytes and headers,
 * and is answered 202 when accepted, 400 otherwise.
 *
 * @example
 * const server = setupServer(...harness.plane.handlers, ...harness.odoo.handlers, ...webhookReceiver(ingestor, hooks));
 */
export function webhookReceiver(ingestor: WebhookIngestor, hooks: string): RequestHandler[] {
  const receive = async (source: string, request: Request, token?: string) => {
    const result = await ingestor.ingest({
      source,
      rawBody: new Uint8Array(await request.arrayBuffer()),
      headers: Object.fromEntries(request.headers),
      ...(token === undefined ? {} : { token }),
    });
    return new HttpResponse(null, { status: result.isOk() ? 202 : 400 });
  };
  return [
    http.post(`${hooks}/odoo/:token`, ({ request, params }) =>
      receive('odoo', request, String(params.token)),
    ),
    http.post(`${hooks}/plane`, ({ request }) => receive('plane', request)),
  ];
}
