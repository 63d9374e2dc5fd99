import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { unsupportedError, type OdooClientError } from './errors.js';
import { memoizeSuccess } from './memoize.js';
import type { OdooVersion } from './server-version.js';
import type { OdooTransport, OdooTransportKind } from './transport.js';

/** The transport a client settled on, and the version the server gave while it was chosen. */
export interface DetectedTransport {
  readonly transport: OdooTransport;
  readonly version: OdooVersion;
}

/** What {@link createTransportDetection} chooses between, and how it retries its probes. */
export interface TransportDetectionDeps {
  readonly mode: 'auto' | OdooTransportKind;
  readonly jsonRpc: OdooTransport;
  readonly json2: OdooTransport;
  /** Runs a read with the client's retry policy. */
  readonly asRead: <T>(
    attempt: () => ResultAsync<T, OdooClientError>,
  ) => ResultAsync<T, OdooClientError>;
}

/**
 * Picks the transport once (a success is cached, a failure asked again next time): the one the options
 * force, or in `auto` mode JSON-2 on 19+ and JSON-RPC before.
 */
export function createTransportDetection({
  mode,
  jsonRpc,
  json2,
  asRead,
}: TransportDetectionDeps): () => ResultAsync<DetectedTransport, OdooClientError> {
  return memoizeSuccess((): ResultAsync<DetectedTransport, OdooClientError> => {
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
  });
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

/** JSON-2 was asked for on a server before 19. */
function json2TooOld(version: OdooVersion): OdooClientError {
  return unsupportedError(
    `transport 'json2' was asked for, but this server is Odoo ${version.serverVersion}; JSON-2 needs Odoo 19 or later: use transport 'auto' or 'jsonrpc'`,
  );
}
