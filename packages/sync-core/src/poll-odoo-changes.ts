import type { Result } from 'neverthrow';
import type { OdooModel, SyncStateStore, UpstreamFailure } from './ports.js';
import type { SyncJob } from './sync-job.js';

/** The polling half of Odoo change capture; `@odoo-plane-sync/odoo-client`'s `changedSince` satisfies it. */
export interface OdooChangeFeed {
  changedSince(
    model: string,
    cursor: never,
    options?: {
      readonly overlapSeconds?: number;
      /** Extra conditions, joined with "and" (Odoo domain terms). */
      readonly domain?: readonly (readonly [field: string, operator: '!=', value: false])[];
    },
  ): AsyncIterable<
    Result<
      {
        readonly records: readonly { readonly id: number; readonly write_date?: unknown }[];
        readonly cursor: unknown;
      },
      UpstreamFailure
    >
  >;
}

/**
 * How far before its cursor every poll reads again, in seconds, unless told otherwise: 300. `write_date`
 * is the writing transaction's *start* time, so a record becomes visible up to a transaction's length
 * after the date it carries. A multi-worker Odoo kills a request (and a cron job, by default) after
 * `limit_time_real`, 120 s by default, so 300 s covers any transaction that can commit on a stock set-up
 * with room to spare, as OCA connector-jira's 300 s does. A wider window costs little: the feed drops
 * records it already delivered in it. One value for the poller, the client and the examples.
 */
export const defaultPollOverlapSeconds = 300;

/** The models polled, parents first so one poll submits projects before their tasks. */
export const polledOdooModels: readonly OdooModel[] = [
  'project.project',
  'project.milestone',
  'project.task',
];

/**
 * Only tasks of a project are ours: Odoo 17+ has private tasks without `project_id` (19 gives every new
 * user a "Welcome …!" one), which have no Plane home and would only fail.
 */
const pollDomains: Partial<Record<OdooModel, readonly (readonly [string, '!=', false])[]>> = {
  'project.task': [['project_id', '!=', false]],
};

/** The sync-state name under which a model's poll cursor is kept. */
export function pollCursorName(model: OdooModel): string {
  return `odoo-poll-cursor:${model}`;
}

/** What one poll found. A failed model keeps its cursor; the others still move on. */
export interface PollReport {
  readonly jobs: number;
  readonly changed: Readonly<Record<OdooModel, number>>;
  readonly failed: readonly { readonly model: OdooModel; readonly failure: UpstreamFailure }[];
}

/**
 * Polls Odoo for records changed since the stored cursor (decision 8: where no automation webhook exists —
 * Odoo 16 — and as a safety net on 17+) and hands one job per changed record to `enqueue`, then stores the
 * cursor. `write_date` is the writing transaction's *start* time, so every poll re-reads an overlap window
 * before the cursor (default {@link defaultPollOverlapSeconds}); the feed drops records it already delivered
 * in that window. Enqueue into something durable (the inbox): the cursor moves on once `enqueue` returns.
 * `dedupeKey` names the change (`poll:<model>:<id>@<write_date>`), so a re-read record is one event; the
 * key never keeps a failed change from running again: the inbox retries a failed event on its schedule and
 * re-arms a dead-lettered one when the poll delivers it again.
 *
 * @example
 * await pollOdooChanges({ odoo: odooClient, syncState, enqueue: (job, dedupeKey) => submit(job, dedupeKey) });
 */
export async function pollOdooChanges(deps: {
  readonly odoo: OdooChangeFeed;
  readonly syncState: SyncStateStore;
  readonly enqueue: (job: SyncJob, dedupeKey: string) => Promise<unknown>;
  readonly overlapSeconds?: number;
  readonly models?: readonly OdooModel[];
}): Promise<PollReport> {
  const changed: Record<OdooModel, number> = {
    'project.project': 0,
    'project.milestone': 0,
    'project.task': 0,
  };
  const failed: { model: OdooModel; failure: UpstreamFailure }[] = [];
  let jobs = 0;
  for (const model of deps.models ?? polledOdooModels) {
    const cursor = (await deps.syncState.get(pollCursorName(model))) as never;
    const domain = pollDomains[model];
    for await (const page of deps.odoo.changedSince(model, cursor, {
      overlapSeconds: deps.overlapSeconds ?? defaultPollOverlapSeconds,
      ...(domain === undefined ? {} : { domain }),
    })) {
      if (page.isErr()) {
        failed.push({ model, failure: page.error });
        break;
      }
      for (const record of page.value.records) {
        const writeDate = typeof record.write_date === 'string' ? record.write_date : '';
        await deps.enqueue(
          { kind: 'odoo-record', model, odooId: record.id },
          `poll:${model}:${record.id}@${writeDate}`,
        );
        jobs += 1;
      }
      changed[model] += page.value.records.length;
      await deps.syncState.put(pollCursorName(model), page.value.cursor);
    }
  }
  return { jobs, changed, failed };
}
