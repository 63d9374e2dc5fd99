import type { SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import type { UpstreamFailure } from '../ports.js';

/**
 * The one classification of failures (decision 7). Retryable: network, timeout, 429, 5xx, Odoo
 * serialization/lock failures, and a lost compare-and-set. Not retryable: validation (400/422), access
 * (401/403), not found, a record that cannot be synced as it is. The clients compute `retryable` once per
 * error; it is trusted when present, so both sides of the wire agree.
 */
export function isRetryableFailure(failure: UpstreamFailure): boolean {
  if (typeof failure.retryable === 'boolean') return failure.retryable;
  switch (failure.kind) {
    case 'network':
    case 'timeout':
    case 'rate-limited':
      return true;
    case 'http':
      return (
        failure.status !== undefined &&
        (failure.status >= 500 || failure.status === 429 || failure.status === 408)
      );
    case 'rpc':
      return /SerializationFailure|LockNotAvailable|TransactionRollback|concurrent update/i.test(
        `${failure.name ?? ''} ${failure.message ?? ''}`,
      );
    default:
      return false;
  }
}

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
