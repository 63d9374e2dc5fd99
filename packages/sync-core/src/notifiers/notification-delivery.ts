import type { Clock, Logger, Notification, Notifier } from '../ports.js';

/** The outbox's delivery options with their defaults applied. */
export interface NotificationDeliveryPolicy {
  /** Time each `notify` call gets before it is counted as failed. */
  readonly timeoutMs: number;
  /** Calls per notification, the first included (≥ 1). */
  readonly attempts: number;
  /** Wait before the first retry, doubled for each further one. */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts. */
  readonly maxDelayMs: number;
  /** Makes the signal that ends a call after `ms`. */
  readonly timeoutSignal: (ms: number) => AbortSignal;
}

/** What delivering one notification needs: the notifier, the clock retries wait on, and a logger. */
export interface NotificationDeliveryDeps {
  readonly notifier: Notifier;
  readonly clock: Pick<Clock, 'sleep'>;
  readonly logger: Logger;
}

/**
 * The default timeout: a signal aborted by the clock's `sleep`, so tests on a fake clock decide when time
 * is up.
 */
export function clockTimeoutSignal(clock: Pick<Clock, 'sleep'>): (ms: number) => AbortSignal {
  return (ms: number): AbortSignal => {
    const controller = new AbortController();
    void clock.sleep(ms).then(() => controller.abort(new Error(`timed out after ${ms} ms`)));
    return controller.signal;
  };
}

/**
 * Delivers one notification: up to `attempts` calls, each with its timeout, with backoff on the clock
 * between them. A notification still undelivered after the last attempt is logged (warn) and given up.
 */
export async function deliverNotification(
  deps: NotificationDeliveryDeps,
  policy: NotificationDeliveryPolicy,
  notification: Notification,
): Promise<void> {
  for (let number = 1; ; number += 1) {
    const failure = await attemptDelivery(deps.notifier, policy, notification);
    if (failure === null) return;
    if (number >= policy.attempts) {
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
    await deps.clock.sleep(backoffDelayMs(policy, number));
  }
}

/** One call, ended by its timeout even when the notifier ignores the signal; resolves with the failure. */
function attemptDelivery(
  notifier: Notifier,
  policy: NotificationDeliveryPolicy,
  notification: Notification,
): Promise<string | null> {
  const { timeoutMs } = policy;
  const signal = policy.timeoutSignal(timeoutMs);
  return new Promise((resolve) => {
    const timedOut = (): void => resolve(`timed out after ${timeoutMs} ms`);
    if (signal.aborted) return timedOut();
    signal.addEventListener('abort', timedOut, { once: true });
    const settle = (failure: string | null): void => {
      signal.removeEventListener('abort', timedOut);
      resolve(failure);
    };
    Promise.resolve()
      .then(() => notifier.notify(notification, { signal }))
      .then(
        () => settle(null),
        (error: unknown) => settle(error instanceof Error ? error.message : 'failed'),
      );
  });
}

/** The wait after failed attempt `number` (1-based): the base delay doubled per retry, capped. */
function backoffDelayMs(policy: NotificationDeliveryPolicy, number: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (number - 1));
}
