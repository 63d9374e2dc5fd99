import type { Clock, Logger, Notification, Notifier } from '../ports.js';
import {
  clockTimeoutSignal,
  deliverNotification,
  type NotificationDeliveryPolicy,
} from './notification-delivery.js';

/** How notifications are delivered beside the sync; every field has a default. */
export interface NotificationDeliveryOptions {
  /** Time each `notify` call gets before it is aborted and counted as failed; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Calls per notification, the first included; default 3. */
  readonly attempts?: number;
  /** Wait before the first retry, doubled for each further one; default 1000 ms. */
  readonly baseDelayMs?: number;
  /** Longest wait between two attempts; default 30 000 ms. */
  readonly maxDelayMs?: number;
  /** Notifications that may wait; when full, the oldest waiting one is dropped (and logged). Default 100. */
  readonly capacity?: number;
  /**
   * Makes the signal that ends a call after `ms`. Default: aborted by the injected clock's `sleep`, so tests
   * on a fake clock decide when time is up; hosts on real time pass `(ms) => AbortSignal.timeout(ms)`,
   * whose timer does not keep the process alive.
   */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
}

/** The engine's side of notification: `notify` only queues; delivery runs beside the sync. */
export interface NotificationOutbox extends Notifier {
  /** Notifications waiting or being delivered. */
  pending(): number;
  /** Resolves once nothing waits and nothing is being delivered. */
  settled(): Promise<void>;
}

/**
 * Puts a bounded queue in front of a notifier, so that a slow or silent endpoint (a Slack webhook that
 * accepts and never answers) costs the sync nothing: `notify` resolves at once, and one delivery at a time
 * runs beside it, each call with a timeout, failed calls retried with backoff on the injected clock. A
 * notification still undelivered after the last attempt is logged (warn) and given up: the ledger already
 * holds the event it was about.
 *
 * @example
 * const outbox = createNotificationOutbox({ notifier: slack, clock, logger }, { timeoutMs: 5_000 });
 * await outbox.notify(notification); // queued, not delivered yet
 * await outbox.settled();
 */
export function createNotificationOutbox(
  deps: { readonly notifier: Notifier; readonly clock: Clock; readonly logger: Logger },
  options: NotificationDeliveryOptions = {},
): NotificationOutbox {
  const policy: NotificationDeliveryPolicy = {
    timeoutMs: options.timeoutMs ?? 5_000,
    attempts: Math.max(1, options.attempts ?? 3),
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    timeoutSignal: options.timeoutSignal ?? clockTimeoutSignal(deps.clock),
  };
  const capacity = Math.max(1, options.capacity ?? 100);

  const waiting: Notification[] = [];
  let delivering = false;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => undefined;

  const run = async (): Promise<void> => {
    delivering = true;
    try {
      for (let next = waiting.shift(); next !== undefined; next = waiting.shift())
        await deliverNotification(deps, policy, next);
    } finally {
      delivering = false;
      markIdle();
    }
  };

  return {
    notify: (notification) => {
      if (!delivering && waiting.length === 0)
        idle = new Promise((resolve) => {
          markIdle = resolve;
        });
      waiting.push(notification);
      if (waiting.length > capacity) {
        const dropped = waiting.shift();
        deps.logger.warn('notification dropped: delivery queue full', {
          title: dropped?.title,
          capacity,
        });
      }
      if (!delivering) void run();
      return Promise.resolve();
    },
    pending: () => waiting.length + (delivering ? 1 : 0),
    settled: () => idle,
  };
}
