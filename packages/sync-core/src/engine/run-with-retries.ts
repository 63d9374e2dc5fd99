import type { Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { Clock, Logger } from '../ports.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import { entityKeyOf, type SyncJob } from '../sync-job.js';
import { isRetryable, mayBeUncommitted, retryDelayMs } from './classify-failure.js';
import { recordFailedAttempt, recordSuccess, type EscalationDeps } from './escalate-failure.js';
import type { SyncReport } from './run-event.js';

/** What the retry loop needs besides the job's one attempt. */
export interface RetryDeps {
  readonly config: SyncConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly escalation: EscalationDeps;
  /** Jitter source for backoff, in [0, 1). */
  readonly random: () => number;
  /** Entities whose running attempt follows an Odoo webhook and would be re-read after a not-found. */
  readonly awaitingCommit: Set<string>;
}

/**
 * Runs a job with the retry policy: a not-found right after an Odoo webhook is re-read after a wait (Odoo
 * 17/18 announce records before committing them); other retryable failures back off with jitter on the
 * injected clock (`Retry-After` honoured). Every failed attempt is recorded (three in a row alert ops once)
 * and a success after failures is reported as a recovery. The result is the last attempt's.
 */
export async function runWithRetries(
  job: SyncJob,
  cause: string,
  runOnce: (job: SyncJob, cause: string) => Promise<Result<SyncReport, SyncError>>,
  deps: RetryDeps,
): Promise<Result<SyncReport, SyncError>> {
  const { config } = deps;
  const entityKey = entityKeyOf(job);
  // While a not-found would still be re-read, the attempt's ledger entry says so (`deferred`).
  const attemptOnce = async (attempt: number, attemptCause: string) => {
    const mayWait =
      job.kind === 'odoo-record' &&
      job.origin === 'odoo-webhook' &&
      attempt < config.retry.notCommittedYet.attempts;
    if (mayWait) deps.awaitingCommit.add(entityKey);
    try {
      return await runOnce(job, attemptCause);
    } finally {
      if (mayWait) deps.awaitingCommit.delete(entityKey);
    }
  };
  let result: Result<SyncReport, SyncError> = await attemptOnce(1, cause);
  for (let attempt = 1; ; attempt += 1) {
    if (result.isOk()) {
      await recordSuccess(deps.escalation, entityKey, result.value.correlationId);
      return result;
    }
    if (mayBeUncommitted(job, result.error) && attempt < config.retry.notCommittedYet.attempts) {
      // Not a failure yet: Odoo 17/18 announce records before committing them.
      await deps.clock.sleep(
        retryDelayMs(result.error, attempt, config.retry.notCommittedYet, () => 1),
      );
      result = await attemptOnce(attempt + 1, `${cause} (not committed yet? re-read ${attempt})`);
      continue;
    }
    await recordFailedAttempt(deps.escalation, entityKey, result.error, cause);
    if (!isRetryable(result.error) || attempt >= config.retry.attempts) {
      if (result.error.kind === 'mapping-conflict')
        deps.logger.warn('sync failed', { entityKey, error: describeSyncError(result.error) });
      return result;
    }
    await deps.clock.sleep(retryDelayMs(result.error, attempt, config.retry, deps.random));
    result = await attemptOnce(attempt + 1, `${cause} (retry ${attempt})`);
  }
}
