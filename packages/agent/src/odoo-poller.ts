import { parseInstant, type ChangeCursor, type OdooClient } from '@odoo-plane-sync/odoo-client';
import {
  pollCursorName,
  pollOdooChanges,
  polledOdooModels,
  type Logger,
  type OdooModel,
  type SyncJob,
  type SyncStateStore,
} from '@odoo-plane-sync/sync-core';

/** Options of {@link createOdooPoller}. */
export interface OdooPollerOptions {
  readonly odoo: Pick<OdooClient, 'changedSince' | 'searchRead'>;
  readonly syncState: SyncStateStore;
  /**
   * Hands a job on (to the durable inbox); resolves once it is safely stored, since the cursor moves
   * right after. `dedupeKey` names the change (`poll:<model>:<id>@<write_date>`).
   */
  readonly submit: (job: SyncJob, cause: string, dedupeKey: string) => Promise<void>;
  readonly logger: Logger;
  /** How far before the cursor each poll reads again (Odoo's `write_date` is the transaction start). */
  readonly overlapSeconds: number;
}

/** What one poll found, per model. */
export interface PollReport {
  readonly changed: Readonly<Record<OdooModel, number>>;
  readonly failed: readonly { readonly model: OdooModel; readonly error: string }[];
}

/** Polls Odoo for changed records; each model's cursor lives in the sync-state store. */
export interface OdooPoller {
  /**
   * Sets each model's cursor to Odoo's newest `write_date` when it has none yet, so the first poll after a
   * backfill does not submit every record again.
   */
  primeCursors(): Promise<void>;
  /** One poll of every model; a cursor moves only after its page was submitted. */
  pollOnce(): Promise<PollReport>;
}

function isCursor(value: unknown): value is ChangeCursor {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { writeDate?: unknown }).writeDate === 'string' &&
    typeof (value as { id?: unknown }).id === 'number'
  );
}

/**
 * Creates the Odoo poller: `write_date >= cursor - overlap` through the client's `changedSince`, archived
 * records included. It is the only change feed on Odoo 16 (no webhook action there) and the safety net on
 * 17+ (Odoo's webhook is at-most-once with a 1 s timeout).
 *
 * @example
 * const poller = createOdooPoller({ odoo, syncState, submit, logger, overlapSeconds: 300 });
 * await poller.primeCursors();
 * setInterval(() => void poller.pollOnce(), 60_000);
 */
export function createOdooPoller(options: OdooPollerOptions): OdooPoller {
  return {
    primeCursors: async () => {
      for (const model of polledOdooModels) {
        if (isCursor(await options.syncState.get(pollCursorName(model)))) continue;
        const newest = await options.odoo.searchRead(model, [], {
          fields: ['write_date'],
          order: 'write_date desc, id desc',
          limit: 1,
          context: { active_test: false },
        });
        if (newest.isErr()) {
          options.logger.warn('poll cursor not primed', { model, error: newest.error.kind });
          continue;
        }
        const [record] = newest.value;
        const writeDate =
          typeof record?.write_date === 'string' ? parseInstant(record.write_date) : null;
        if (record === undefined || writeDate === null) continue;
        const cursor: ChangeCursor = { writeDate, id: record.id };
        await options.syncState.put(pollCursorName(model), cursor);
      }
    },
    pollOnce: async () => {
      // The polling policy (overlap window, cursor after each durable page, one job per record) is
      // sync-core's; this host only says where jobs go and logs what failed.
      const report = await pollOdooChanges({
        odoo: options.odoo,
        syncState: options.syncState,
        overlapSeconds: options.overlapSeconds,
        enqueue: (job, dedupeKey) =>
          options.submit(
            job,
            `Odoo poll: ${job.kind === 'odoo-record' ? job.model : job.kind} changed`,
            dedupeKey,
          ),
      });
      for (const { model, failure } of report.failed)
        options.logger.warn('odoo poll failed', { model, error: failure.kind });
      return {
        changed: report.changed,
        failed: report.failed.map(({ model, failure }) => ({ model, error: failure.kind })),
      };
    },
  };
}
