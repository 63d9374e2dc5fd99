import type { Notification, Notifier } from '../ports.js';

/** A `Notifier` that keeps what it was told, for assertions. */
export interface RecordingNotifier extends Notifier {
  readonly notifications: readonly Notification[];
}

/**
 * @example
 * const notifier = createRecordingNotifier();
 * // … run the engine …
 * expect(notifier.notifications).toHaveLength(1);
 */
export function createRecordingNotifier(): RecordingNotifier {
  const notifications: Notification[] = [];
  return {
    notifications,
    notify: (notification) => {
      notifications.push(notification);
      return Promise.resolve();
    },
  };
}
