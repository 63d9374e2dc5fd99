import {
  combineNotifiers,
  createLoggerNotifier,
  createNotificationOutbox,
  createSlackNotifier,
  type Clock,
  type Logger,
  type Notifier,
} from '@odoo-plane-sync/sync-core';
import { createNotificationLog, type NotificationLog } from './notification-log.js';

/** The agent's notifier and the Slack outbox behind it, if any. */
export interface AgentNotifications {
  /** The notifier in use, keeping the last notifications for the status. */
  readonly log: NotificationLog;
  /** Resolves once the Slack outbox has delivered or given up on every notification so far. */
  readonly slackSettled: () => Promise<void>;
}

/**
 * The agent's notifier: the caller's `notifier`, or the logger plus Slack when a webhook URL is given.
 * Slack gets its own outbox, so a silent Slack delays neither the sync nor the log and status entries.
 */
export function createAgentNotifications(parts: {
  readonly notifier: Notifier | undefined;
  readonly slackWebhookUrl: string | undefined;
  readonly send: typeof fetch;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutSignal: (ms: number) => AbortSignal;
}): AgentNotifications {
  const { clock, logger } = parts;
  const slackOutbox =
    parts.notifier !== undefined || parts.slackWebhookUrl === undefined
      ? undefined
      : createNotificationOutbox(
          {
            notifier: createSlackNotifier({
              webhookUrl: parts.slackWebhookUrl,
              fetch: (url, init) => parts.send(url, init),
            }),
            clock,
            logger,
          },
          { timeoutSignal: parts.timeoutSignal },
        );
  const notifier =
    parts.notifier ??
    combineNotifiers(
      createLoggerNotifier(logger),
      ...(slackOutbox === undefined ? [] : [slackOutbox]),
    );
  return {
    log: createNotificationLog(notifier),
    slackSettled: async () => {
      await slackOutbox?.settled();
    },
  };
}
