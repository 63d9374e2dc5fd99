import { err, ok, type Result } from 'neverthrow';
import type { Upstream } from '../ports.js';
import type { SyncError } from '../sync-error.js';

/** Awaits an upstream call and turns its failure into a `SyncError` naming the operation. */
export async function callUpstream<T>(
  system: 'odoo' | 'plane',
  operation: string,
  call: Upstream<T>,
): Promise<Result<T, SyncError>> {
  const result = await call;
  return result.isOk()
    ? ok(result.value)
    : err({ kind: 'upstream', system, operation, failure: result.error });
}
