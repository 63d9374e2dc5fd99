import type { IncomingMessage } from 'node:http';

/** Where {@link keepRawBody} leaves the bytes; `rawBody` is the name most hosts' own hooks use too. */
interface WithRawBody {
  rawBody?: unknown;
  /** Set by body-parser 1.x (Express 4) once it has read a body. */
  _body?: unknown;
}

/**
 * A `verify` hook for a host's body parser that keeps the raw bytes on the request, so the sync router
 * can check webhook signatures even after a global `express.json()` has consumed the body. Plane and
 * GitHub sign the exact bytes they sent; a body re-serialised from the parsed JSON does not match them.
 *
 * @example
 * app.use(express.json({ verify: keepRawBody }));
 * app.use(createSyncRouter({ ingestor, readiness, status }));
 */
export function keepRawBody(request: IncomingMessage, _response: unknown, bytes: Buffer): void {
  (request as IncomingMessage & WithRawBody).rawBody = bytes;
}

/**
 * The request's raw body: the bytes the router's own parser read, else the bytes a host's parser kept
 * with {@link keepRawBody} (or any `verify` hook that sets `rawBody` to a Buffer). `consumed` when a body
 * parser mounted before the router read the stream and kept nothing: the bytes are gone, and a
 * signature check over anything else would answer every genuine delivery 401.
 */
export function rawBodyOf(request: IncomingMessage & { body?: unknown }): Uint8Array | 'consumed' {
  const { body } = request;
  if (body instanceof Uint8Array) return body;
  const { rawBody, _body: parsedByBodyParser1 } = request as IncomingMessage & WithRawBody;
  if (rawBody instanceof Uint8Array) return rawBody;
  // body-parser 2 (Express 5) marks nothing but leaves the stream read to its end; 1.x sets `_body`.
  const streamRead = request.readableEnded || parsedByBodyParser1 === true;
  return streamRead && body !== undefined ? 'consumed' : new Uint8Array();
}
