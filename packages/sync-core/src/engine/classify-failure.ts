import type { SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import type { UpstreamFailure, UpstreamFailureKind } from '../ports.js';

/**
 * Whether a failed upstream call may succeed when repeated (decision 7). The clients classify each failure
 * once (`failureKind`) and compute `retryable` from it with their one rule; it is trusted when present, so
 * both sides of the wire agree. A failure without it (one built outside the clients) is decided by its
 * kind with the same rule: rate limiting, timeouts, an unavailable server, the network and Odoo's
 * concurrency rollbacks are retried; validation, access, not found, conflicts and the rest are not.
 */
export function isRetryableFailure(failure: UpstreamFailure): boolean {
  if (typeof failure.retryable === 'boolean') return failure.retryable;
  return failure.failureKind !== undefined && retryableKinds.has(failure.failureKind);
}

/** The kinds the clients' own rule retries (`isRetryableFailureKind` in each client). */
const retryableKinds: ReadonlySet<UpstreamFailureKind> = new Set([
  'rate-limited',
  'timeout',
  'unavailable',
  'network',
  'concurrency',
]);

export function isRetryable(error: SyncError): boolean {
  switch (error.kind) {
    case 'upstream':
      return isRetryableFailure(error.failure);
    case 'mapping-conflict':
      return true;
    case 'not-found':
    case 'invalid-record':
      return false;
  }
}

/** How long to wait before a retry: the server's `Retry-After` when it gave one, else backoff. */
export function retryDelayMs(
  error: SyncError,
  attempt: number,
  policy: { readonly baseDelayMs: number; readonly maxDelayMs: number },
  random: () => number,
): number {
  const serverSaid = error.kind === 'upstream' ? error.failure.retryAfterMs : undefined;
  if (serverSaid !== undefined) return Math.min(serverSaid, policy.maxDelayMs);
  // Exponential with "full jitter" between half and all of the step, capped.
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Whether a failure may only mean "Odoo has not committed yet": a not-found for a record an Odoo webhook
 * announced. Odoo 17.0 and 18.0 post automation webhooks inside the writing transaction (19.0 after the
 * commit), so the sync's read can run before the commit and get `[]` (recorded in
 * `sync-traffic/odoo-17.jsonl` and `odoo-18.jsonl`). Such a job is re-read a few times with a growing delay
 * before the not-found counts as a failure.
 */
export function mayBeUncommitted(job: SyncJob, error: SyncError): boolean {
  return job.kind === 'odoo-record' && job.origin === 'odoo-webhook' && error.kind === 'not-found';
}
