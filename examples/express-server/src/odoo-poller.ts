import { parseInstant, type ChangeCursor, type OdooClient } from '@odoo-plane-sync/odoo-client';
import type { Logger, OdooModel, SyncJob, SyncStateStore } from '@odoo-plane-sync/sync-core';

/** The models the poller watches, parents first so a poll submits projects before their tasks. */
export const polledModels: readonly OdooModel[] = [
  'project.project',
  'project.milestone',
  'project.task',
];

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

const cursorName = (model: OdooModel): string => `odoo-poll-cursor:${model}`;

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
 * const poller = createOdooPoller({ odoo, syncState, submit, logger, overlapSeconds: 60 });
 * await poller.primeCursors();
 * setInterval(() => void poller.pollOnce(), 60_000);
 */
export function createOdooPoller(options: OdooPollerOptions): OdooPoller {
  const jobOf = (model: OdooModel, odooId: number): SyncJob => ({
    kind: 'odoo-record',
    model,
    odooId,
  });
  return {
    primeCursors: async () => {
      for (const model of polledModels) {
        if (isCursor(await options.syncState.get(cursorName(model)))) continue;
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
        await options.syncState.put(cursorName(model), cursor);
      }
    },
    pollOnce: async () => {
      const changed: Record<OdooModel, number> = {
        'project.project': 0,
        'project.milestone': 0,
        'project.task': 0,
      };
      const failed: { model: OdooModel; error: string }[] = [];
      for (const model of polledModels) {
        const stored = await options.syncState.get(cursorName(model));
        const cursor = isCursor(stored) ? stored : null;
        for await (const page of options.odoo.changedSince(model, cursor, {
          overlapSeconds: options.overlapSeconds,
        })) {
          if (page.isErr()) {
            failed.push({ model, error: page.error.kind });
            options.logger.warn('odoo poll failed', { model, error: page.error.kind });
            break;
          }
          for (const record of page.value.records)
            await options.submit(
              jobOf(model, record.id),
              `Odoo poll: ${model} changed`,
              `poll:${model}:${record.id}@${String(record.write_date)}`,
            );
          changed[model] += page.value.records.length;
          await options.syncState.put(cursorName(model), page.value.cursor);
        }
      }
      return { changed, failed };
    },
  };
}
