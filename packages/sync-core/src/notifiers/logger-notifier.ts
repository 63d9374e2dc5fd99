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

/** Sends every notification to all of the given notifiers (e.g. Slack and the log). */
export function combineNotifiers(...notifiers: readonly Notifier[]): Notifier {
  return {
    notify: async (notification) => {
      await Promise.all(notifiers.map((notifier) => notifier.notify(notification)));
    },
  };
}
