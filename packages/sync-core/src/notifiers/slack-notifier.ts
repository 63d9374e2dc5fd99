import type { Notifier } from '../ports.js';

export interface SlackNotifierOptions {
  /** A Slack incoming-webhook URL. It is a secret: it never appears in logs or errors. */
  readonly webhookUrl: string;
  /** The HTTP function to post with (the host's `fetch`); injected so the core does no I/O of its own. */
  readonly fetch: (
    url: string,
    init: {
      method: 'POST';
      headers: Record<string, string>;
      body: string;
      signal?: AbortSignal;
    },
  ) => Promise<{ readonly ok: boolean; readonly status: number }>;
}

const icons = {
  info: ':white_check_mark:',
  warning: ':warning:',
  alert: ':rotating_light:',
} as const;

/**
 * Posts notifications to a Slack incoming webhook (`{"text": …}`). Says each `dedupeKey` once per process
 * (once delivered). A refused or failed post rejects with an error that names neither the URL nor the
 * response, so the engine's notification delivery can retry it; the call's `signal` aborts the post when
 * its time is up.
 *
 * @example
 * const notifier = createSlackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL!, fetch });
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const said = new Set<string>();
  return {
    notify: async (notification, notifyOptions = {}) => {
      if (said.has(notification.dedupeKey)) return;
      const text = `${icons[notification.severity]} *${notification.title}*\n${notification.text}`;
      let status: number;
      try {
        const response = await options.fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
          ...(notifyOptions.signal === undefined ? {} : { signal: notifyOptions.signal }),
        });
        if (response.ok) {
          said.add(notification.dedupeKey);
          return;
        }
        status = response.status;
      } catch (error) {
        // The error of a fetch may carry the URL in its cause; only its name goes on.
        throw new Error(
          `slack notification failed: ${error instanceof Error ? error.name : 'unknown error'}`,
        );
      }
      throw new Error(`slack notification refused: HTTP ${status}`);
    },
  };
}
