import type { Notification, Notifier } from '@odoo-plane-sync/sync-core';

/** A notifier that remembers what it was told, newest last, and passes everything on. */
export interface NotificationLog extends Notifier {
  readonly recent: readonly Notification[];
}

/**
 * Keeps the last `capacity` notifications in memory (for `/status`, the start-up summary and the demo's
 * checks) and forwards each one to `next`.
 *
 * @example
 * const log = createNotificationLog(combineNotifiers(slack, createLoggerNotifier(logger)));
 */
export function createNotificationLog(next: Notifier, capacity = 100): NotificationLog {
  const recent: Notification[] = [];
  return {
    recent,
    notify: async (notification) => {
      recent.push(notification);
      if (recent.length > capacity) recent.splice(0, recent.length - capacity);
      await next.notify(notification);
    },
  };
}
