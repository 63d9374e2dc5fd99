import { redactError, type OdooClientError } from './errors.js';
import type { OdooTransport } from './transport.js';

/**
 * Removes the API key from every error a transport returns: from exchange failures (a fetch error that
 * echoes the request) and from what the server said (an Odoo message or a proxy page quoting the body).
 */
export function withRedaction(transport: OdooTransport, secrets: readonly string[]): OdooTransport {
  const redact = (error: OdooClientError): OdooClientError => redactError(error, secrets);
  return {
    kind: transport.kind,
    callKw: (model, method, args, kwargs) =>
      transport.callKw(model, method, args, kwargs).mapErr(redact),
    authenticate: () => transport.authenticate().mapErr(redact),
    version: () => transport.version().mapErr(redact),
  };
}
