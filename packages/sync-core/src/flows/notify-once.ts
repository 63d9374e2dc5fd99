import type { Notification, Notifier } from '../ports.js';

/** Says each thing once per engine: a notification whose dedupe key was sent before is dropped. */
export function createNotifyOnce(
  notifier: Notifier,
): (notification: Notification) => Promise<void> {
  const notified = new Set<string>();
  return async (notification) => {
    if (notified.has(notification.dedupeKey)) return;
    notified.add(notification.dedupeKey);
    await notifier.notify(notification);
  };
}
