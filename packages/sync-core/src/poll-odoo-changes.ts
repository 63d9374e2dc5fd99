import { err, ok, type Result } from 'neverthrow';
import type { OdooModel, SyncStateStore, UpstreamFailure } from './ports.js';
import type { SyncError } from './sync-error.js';
import type { SyncJob } from './sync-job.js';

/** The polling half of Odoo change capture; `@odoo-plane-sync/odoo-client`'s `changedSince` satisfies it. */
export interface OdooChangeFeed {
  changedSince(
    model: string,
    cursor: never,
    options?: { readonly overlapSeconds?: number },
  ): AsyncIterable<
    Result<
      { readonly records: readonly { readonly id: number }[]; readonly cursor: unknown },
      UpstreamFailure
    >
  >;
}

const polledModels: readonly OdooModel[] = ['project.project', 'project.milestone', 'project.task'];

/**
 * Polls Odoo for records changed since the stored cursor (decision 8: where no automation webhook exists —
 * Odoo 16 — and as a safety net on 17+) and hands one job per changed record to `enqueue`, then stores the
 * cursor. `write_date` is the writing transaction's *start* time, so every poll re-reads an overlap window
 * before the cursor (default 300 s, as OCA connector-jira does); the feed drops records it already delivered
 * in that window. Enqueue into something durable (the inbox): the cursor moves on once `enqueue` returns.
 *
 * @example
 * await pollOdooChanges({ odoo: odooClient, syncState, enqueue: (job) => inbox.add(...) });
 */
export async function pollOdooChanges(deps: {
  readonly odoo: OdooChangeFeed;
  readonly syncState: SyncStateStore;
  readonly enqueue: (job: SyncJob) => Promise<unknown>;
  readonly overlapSeconds?: number;
  readonly models?: readonly OdooModel[];
}): Promise<Result<{ readonly jobs: number }, SyncError>> {
  let jobs = 0;
  for (const model of deps.models ?? polledModels) {
    const cursorName = `poll:${model}`;
    const cursor = (await deps.syncState.get(cursorName)) as never;
    for await (const page of deps.odoo.changedSince(model, cursor, {
      overlapSeconds: deps.overlapSeconds ?? 300,
    })) {
      if (page.isErr())
        return err({
          kind: 'upstream',
          system: 'odoo',
          operation: `poll ${model}`,
          failure: page.error,
        });
      for (const record of page.value.records) {
        await deps.enqueue({ kind: 'odoo-record', model, odooId: record.id });
        jobs += 1;
      }
      await deps.syncState.put(cursorName, page.value.cursor);
    }
  }
  return ok({ jobs });
}
