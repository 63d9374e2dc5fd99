import type { Logger, Notifier } from '../ports.js';

export interface SlackNotifierOptions {
  /** A Slack incoming-webhook URL. It is a secret: it never appears in logs or errors. */
  readonly webhookUrl: string;
  /** The HTTP function to post with (the host's `fetch`); injected so the core does no I/O of its own. */
  readonly fetch: (
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string },
  ) => Promise<{ readonly ok: boolean; readonly status: number }>;
  /** Where delivery failures are reported (a notification must never break a sync). */
  readonly logger: Logger;
}

const icons = {
  info: ':white_check_mark:',
  warning: ':warning:',
  alert: ':rotating_light:',
} as const;

/**
 * Posts notifications to a Slack incoming webhook (`{"text": …}`). Says each `dedupeKey` once per process;
 * a failed post is logged (without the URL) and swallowed on purpose: the ledger already holds the event,
 * and a Slack outage must not fail a sync.
 *
 * @example
 * const notifier = createSlackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL!, fetch, logger });
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const said = new Set<string>();
  return {
    notify: async (notification) => {
      if (said.has(notification.dedupeKey)) return;
      said.add(notification.dedupeKey);
      const text = `${icons[notification.severity]} *${notification.title}*\n${notification.text}`;
      try {
        const response = await options.fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        if (!response.ok)
          options.logger.warn('slack notification refused', {
            status: response.status,
            title: notification.title,
          });
      } catch (error) {
        options.logger.warn('slack notification failed', {
          title: notification.title,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
  };
}
