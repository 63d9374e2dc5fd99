import type { MappingKey, OdooModel, UpstreamFailure } from './ports.js';
import { upstreamMessageOf } from './upstream-message.js';

/**
 * Why a sync step could not finish. Every one of these also ends in the ledger as a `failed` entry.
 * - `upstream`: a call to Odoo or Plane failed (see `failure.retryable`).
 * - `not-found`: the Odoo record does not exist (deleted, or never existed).
 * - `mapping-conflict`: another worker changed the mapping in between (compare-and-set lost); re-run.
 * - `invalid-record`: the Odoo record cannot be synced as it is (for example a task without a project).
 */
export type SyncError =
  | {
      readonly kind: 'upstream';
      readonly system: 'odoo' | 'plane';
      readonly operation: string;
      readonly failure: UpstreamFailure;
    }
  | { readonly kind: 'not-found'; readonly model: OdooModel; readonly odooId: number }
  | { readonly kind: 'mapping-conflict'; readonly key: MappingKey }
  | {
      readonly kind: 'invalid-record';
      readonly model: OdooModel;
      readonly odooId: number;
      readonly reason: string;
    };

/**
 * A one-line description of a sync error, safe for logs (no secrets, no payloads). An upstream failure
 * carries the server's own reason, shortened and redacted, because that is what an operator acts on.
 *
 * @example
 * describeSyncError(error) // 'plane create work item failed: http 400: Invalid HTML passed'
 */
export function describeSyncError(error: SyncError): string {
  switch (error.kind) {
    case 'upstream': {
      const status = error.failure.status === undefined ? '' : ` ${error.failure.status}`;
      const reason = upstreamMessageOf(error.failure);
      return `${error.system} ${error.operation} failed: ${error.failure.kind}${status}${reason === undefined ? '' : `: ${reason}`}`;
    }
    case 'not-found':
      return `${error.model} ${error.odooId} not found in Odoo`;
    case 'mapping-conflict':
      return `mapping of ${error.key.model} ${error.key.odooId} changed concurrently`;
    case 'invalid-record':
      return `${error.model} ${error.odooId} cannot be synced: ${error.reason}`;
  }
}
