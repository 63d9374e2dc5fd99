import type { Clock, Logger, Notification, Notifier } from '../ports.js';

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
  const timeoutMs = options.timeoutMs ?? 5_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const capacity = Math.max(1, options.capacity ?? 100);
  const timeoutSignal =
    options.timeoutSignal ??
    ((ms: number): AbortSignal => {
      const controller = new AbortController();
      void deps.clock.sleep(ms).then(() => controller.abort(new Error(`timed out after ${ms} ms`)));
      return controller.signal;
    });

  const waiting: Notification[] = [];
  let delivering = false;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => undefined;

  /** One call, ended by its timeout even when the notifier ignores the signal. */
  const attempt = (notification: Notification): Promise<string | null> => {
    const signal = timeoutSignal(timeoutMs);
    return new Promise((resolve) => {
      const timedOut = (): void => resolve(`timed out after ${timeoutMs} ms`);
      if (signal.aborted) return timedOut();
      signal.addEventListener('abort', timedOut, { once: true });
      const settle = (failure: string | null): void => {
        signal.removeEventListener('abort', timedOut);
        resolve(failure);
      };
      Promise.resolve()
        .then(() => deps.notifier.notify(notification, { signal }))
        .then(
          () => settle(null),
          (error: unknown) => settle(error instanceof Error ? error.message : 'failed'),
        );
    });
  };

  const deliver = async (notification: Notification): Promise<void> => {
    for (let number = 1; ; number += 1) {
      const failure = await attempt(notification);
      if (failure === null) return;
      if (number >= attempts) {
        deps.logger.warn('notification not delivered', {
          title: notification.title,
          attempts: number,
          error: failure,
        });
        return;
      }
      deps.logger.debug('notification delivery failed; retrying', {
        title: notification.title,
        attempt: number,
        error: failure,
      });
      await deps.clock.sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (number - 1)));
    }
  };

  const run = async (): Promise<void> => {
    delivering = true;
    try {
      for (let next = waiting.shift(); next !== undefined; next = waiting.shift())
        await deliver(next);
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
