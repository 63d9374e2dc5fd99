import type { Logger, Notifier } from '../ports.js';

/**
 * Writes notifications to a `Logger` (the console one of a host, for example): alerts as errors, warnings
 * as warnings, the rest as info. Each `dedupeKey` once per process.
 *
 * @example
 * const notifier = createLoggerNotifier(logger);
 */
export function createLoggerNotifier(logger: Logger): Notifier {
  const said = new Set<string>();
  return {
    notify: (notification) => {
      if (said.has(notification.dedupeKey)) return Promise.resolve();
      said.add(notification.dedupeKey);
      const fields = { title: notification.title, text: notification.text };
      switch (notification.severity) {
        case 'alert':
          logger.error('notification', fields);
          break;
        case 'warning':
          logger.warn('notification', fields);
          break;
        case 'info':
          logger.info('notification', fields);
          break;
      }
      return Promise.resolve();
    },
  };
}

/**
 * Sends every notification to all of the given notifiers (e.g. Slack and the log). When some of them fail
 * it rejects, and a retry of the same notification (same `dedupeKey`) goes only to those that failed, so
 * the others do not say it twice.
 */
export function combineNotifiers(...notifiers: readonly Notifier[]): Notifier {
  const deliveredTo = new Map<string, Set<Notifier>>();
  return {
    notify: async (notification, options) => {
      const delivered = deliveredTo.get(notification.dedupeKey) ?? new Set<Notifier>();
      deliveredTo.set(notification.dedupeKey, delivered);
      const outcomes = await Promise.allSettled(
        notifiers
          .filter((notifier) => !delivered.has(notifier))
          .map(async (notifier) => {
            await notifier.notify(notification, options);
            delivered.add(notifier);
          }),
      );
      const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
      if (failed.length > 0)
        throw new Error(
          `${failed.length} of ${notifiers.length} notifiers failed: ${failed
            .map((outcome) => (outcome.reason instanceof Error ? outcome.reason.message : 'failed'))
            .join('; ')}`,
        );
    },
  };
}
