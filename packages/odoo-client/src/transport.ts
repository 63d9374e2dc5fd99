import type { ResultAsync } from 'neverthrow';
import type { OdooClientError } from './errors.js';
import type { OdooVersion } from './server-version.js';

/** The wire protocols the client speaks. */
export type OdooTransportKind = 'jsonrpc' | 'json2';

/**
 * One protocol to Odoo. Calls are described the `execute_kw` way (positional `args`, keyword `kwargs`
 * with an optional `context`); each transport translates that to its wire format. A transport sends each
 * call exactly once: retries are decided above it.
 */
export interface OdooTransport {
  readonly kind: OdooTransportKind;
  /** Calls `model.method`; the result is Odoo's, as decoded JSON. */
  callKw(
    model: string,
    method: string,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ): ResultAsync<unknown, OdooClientError>;
  /** The uid the credentials belong to; asked once, then cached. */
  authenticate(): ResultAsync<number, OdooClientError>;
  /** The server's version. */
  version(): ResultAsync<OdooVersion, OdooClientError>;
}

/** What every transport is built from. */
export interface OdooConnection {
  /** Without trailing slash. */
  readonly baseUrl: string;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
}
