import type { OdooClientOptions } from '@odoo-plane-sync/odoo-client';
import type { PlaneClientOptions } from '@odoo-plane-sync/plane-client';
import type {
  Clock,
  GitHubAnnotationOptions,
  InboxRetention,
  InboxRetryPolicy,
  Logger,
  Notifier,
  SyncConfigInput,
  SyncStores,
  WebhookSecrets,
  WorkQueue,
} from '@odoo-plane-sync/sync-core';
import type { ScheduleClaims } from './schedule-claims.js';
import type { SharedWorkQueue } from './shared-work-queue.js';

/** How often the agent works on its own; `0` turns a schedule off. */
export interface SyncAgentSchedules {
  /** Odoo poll (the only change feed on Odoo 16, the safety net on 17+). Default 60 s. */
  readonly pollIntervalMs?: number;
  /** Reconciliation of every mapping against both systems. Default 60 min. */
  readonly reconcileIntervalMs?: number;
  /** Drain that runs failed inbox events again once their retry is due. Default 15 s. */
  readonly retryDrainIntervalMs?: number;
  /** Prune of processed inbox events past their retention. Default `inboxRetention.pruneEveryMs` (1 h). */
  readonly pruneIntervalMs?: number;
}

/** Options of {@link createSyncAgent}. Only `odoo`, `plane`, `store` and `secrets` have no default. */
export interface SyncAgentOptions {
  /** How to reach Odoo; the agent builds the client with its clock. */
  readonly odoo: Omit<OdooClientOptions, 'clock'>;
  /** How to reach Plane; the agent builds the client with its clock and random source. */
  readonly plane: Omit<PlaneClientOptions, 'clock' | 'random'>;
  /** Mappings, ledger, inbox, failures and sync state (e.g. `createSqliteStores(…)`). Never closed here. */
  readonly store: SyncStores;
  /** Webhook secrets; a source without its secret is refused (404), so pass the ones you configured. */
  readonly secrets: WebhookSecrets;
  /**
   * The engine's configuration (ownership, stages, ship signal, time zone, ops project, retry…);
   * `plane.workspaceSlug` comes from `plane`, and `odoo.sourceId` defaults to the Odoo database name.
   */
  readonly sync?: Omit<SyncConfigInput, 'plane' | 'odoo'> & {
    readonly odoo?: { readonly sourceId?: string };
  };
  /** PR and CI annotations from GitHub deliveries (Plane is the link store). */
  readonly github?: Omit<GitHubAnnotationOptions, 'links'>;
  /**
   * Where jobs run. Default: in this process, `concurrency` at a time, serial per entity. A
   * {@link SharedWorkQueue} (pg-boss, from `openSyncStorage`) gets this agent's job runner in `start()` and
   * is stopped by `stop()`; its dead letters are replayed by `replayFailed()`.
   */
  readonly queue?: WorkQueue | SharedWorkQueue | undefined;
  /** Jobs the default in-process queue runs at once. Default 4. */
  readonly concurrency?: number;
  /**
   * Which worker runs each schedule's tick. Default: in-process (this agent alone). Workers sharing a
   * database pass the shared claims (`openSyncStorage(…).scheduleClaims`) so each tick runs once per fleet.
   */
  readonly scheduleClaims?: ScheduleClaims | undefined;
  /** Alerts and recoveries. Default: the logger, and Slack when `slackWebhookUrl` is set. */
  readonly notifier?: Notifier;
  /** A Slack incoming webhook for alerts, added to the default notifier (delivered off the sync's path). */
  readonly slackWebhookUrl?: string;
  /**
   * More secret values to keep out of logs, the ledger, notifications and the status. The API keys, the
   * webhook secrets and the Slack URL given above are always redacted.
   */
  readonly redact?: readonly string[];
  /** When failed inbox events run again and when they become dead letters. */
  readonly inboxRetry?: Partial<InboxRetryPolicy>;
  /** How long processed inbox events are kept. */
  readonly inboxRetention?: Partial<InboxRetention>;
  /** How far before its cursor each Odoo poll reads again (`write_date` is a transaction's start). Default `defaultPollOverlapSeconds` (300 s). */
  readonly pollOverlapSeconds?: number;
  readonly schedules?: SyncAgentSchedules;
  /** How long a readiness answer is reused. Default 30 s. */
  readonly readinessCacheMs?: number;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: JSON lines on stdout/stderr at `info`. */
  readonly logger?: Logger;
  /** Retry jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Correlation ids. Default `crypto.randomUUID()` (Web Crypto). */
  readonly randomId?: () => string;
  /** Used for Slack. Default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Bounds a notification delivery; default `AbortSignal.timeout` (a timer that keeps no process alive). */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
}
