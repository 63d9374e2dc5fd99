import { err, ok, type Result } from 'neverthrow';
import type { SyncJobOfKind } from '../sync-job.js';
import { gitHubEvents, repositoryOf, signalsOf } from './github-event-signals.js';
import { findWorkItemKeys } from './work-item-keys.js';

// Re-exported so the package index keeps naming this file for GitHub delivery reading.
export { findWorkItemKeys, gitHubEvents };

/** What a GitHub delivery asks for. */
export interface GitHubDelivery {
  readonly jobs: readonly SyncJobOfKind<'github-signal'>[];
  /** The serial key of the delivery when it names no work item. */
  readonly entityKey: string;
}

/**
 * Reads a verified GitHub delivery into one annotation job per work-item key mentioned. Events other
 * than {@link gitHubEvents} (a `ping`, say) and checks that are not completed yet give no job; they are
 * accepted so GitHub does not mark the hook as failing.
 */
export function parseGitHubDelivery(event: string, json: unknown): Result<GitHubDelivery, string> {
  const signals = signalsOf(event, json);
  if (signals.isErr()) return err(signals.error);
  const { keys, signal } = signals.value;
  const jobs: SyncJobOfKind<'github-signal'>[] =
    signal === null
      ? []
      : keys.map((workItemKey) => ({ kind: 'github-signal', workItemKey, signal }));
  const repository = repositoryOf(json);
  return ok({ jobs, entityKey: `github:${repository}:${event}` });
}
