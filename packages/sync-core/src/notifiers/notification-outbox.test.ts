import { describe, expect, it } from 'vitest';
import type { Clock, Notification, Notifier, NotifyOptions } from '../ports.js';
import { createMemoryLogger } from '../testing/memory-logger.js';
import { createNotificationOutbox } from './notification-outbox.js';

/** A clock whose sleepers wake only when the test says so, and which records what was asked of it. */
function createManualClock(): Clock & {
  readonly requested: number[];
  wakeAll(): Promise<void>;
} {
  const sleepers: (() => void)[] = [];
  const requested: number[] = [];
  return {
    requested,
    now: () => 0,
    sleep: (ms) =>
      new Promise((resolve) => {
        requested.push(ms);
        sleepers.push(resolve);
      }),
    wakeAll: async () => {
      for (const wake of sleepers.splice(0)) wake();
      // Let the woken deliveries take their next step.
      for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
    },
  };
}

const notification = (title: string): Notification => ({
  severity: 'alert',
  title,
  text: 'text',
  dedupeKey: title,
});

/** A notifier that never answers, keeps each call's signal, and remembers what it was asked. */
function createSilentNotifier(): Notifier & {
  readonly calls: { title: string; signal: AbortSignal | undefined }[];
} {
  const calls: { title: string; signal: AbortSignal | undefined }[] = [];
  return {
    calls,
    notify: (item: Notification, options?: NotifyOptions) => {
      calls.push({ title: item.title, signal: options?.signal });
      return new Promise<void>(() => undefined);
    },
  };
}

describe('createNotificationOutbox', () => {
  it('resolves notify at once while the notifier has not answered', async () => {
    const clock = createManualClock();
    const notifier = createSilentNotifier();
    const outbox = createNotificationOutbox({ notifier, clock, logger: createMemoryLogger() });

    await outbox.notify(notification('a'));
    await Promise.resolve();

    expect(outbox.pending()).toBe(1);
    expect(notifier.calls.map((call) => call.title)).toEqual(['a']);
    expect(clock.requested).toEqual([5_000]);
  });

  it('aborts a call after its timeout, retries with backoff, then gives up and logs it', async () => {
    const clock = createManualClock();
    const notifier = createSilentNotifier();
    const logger = createMemoryLogger();
    const outbox = createNotificationOutbox({ notifier, clock, logger });

    await outbox.notify(notification('a'));
    await Promise.resolve();
    for (let wake = 0; wake < 5; wake += 1) await clock.wakeAll();
    await outbox.settled();

    expect(notifier.calls).toHaveLength(3);
    expect(notifier.calls.every((call) => call.signal?.aborted === true)).toBe(true);
    // timeout, backoff 1 s, timeout, backoff 2 s, timeout
    expect(clock.requested).toEqual([5_000, 1_000, 5_000, 2_000, 5_000]);
    expect(outbox.pending()).toBe(0);
    expect(logger.records.filter((record) => record.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'notification not delivered',
        fields: { title: 'a', attempts: 3, error: 'timed out after 5000 ms' },
      },
    ]);
  });

  it('delivers a notification that fails once on the retry', async () => {
    const clock = createManualClock();
    const delivered: string[] = [];
    let calls = 0;
    const outbox = createNotificationOutbox({
      notifier: {
        notify: (item) => {
          calls += 1;
          if (calls === 1) return Promise.reject(new Error('HTTP 503'));
          delivered.push(item.title);
          return Promise.resolve();
        },
      },
      clock,
      logger: createMemoryLogger(),
    });

    await outbox.notify(notification('a'));
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
    // The first call's timeout and the backoff are both asleep; waking them lets the retry run.
    await clock.wakeAll();
    await outbox.settled();

    expect(delivered).toEqual(['a']);
  });

  it('keeps at most `capacity` waiting, dropping the oldest waiting one and logging it', async () => {
    const clock = createManualClock();
    const notifier = createSilentNotifier();
    const logger = createMemoryLogger();
    const outbox = createNotificationOutbox(
      { notifier, clock, logger },
      { capacity: 2, attempts: 1 },
    );

    for (const title of ['a', 'b', 'c', 'd']) await outbox.notify(notification(title));
    await Promise.resolve();

    // 'a' is being delivered; 'b' was dropped to make room for 'd'.
    expect(outbox.pending()).toBe(3);
    expect(logger.records).toEqual([
      {
        level: 'warn',
        message: 'notification dropped: delivery queue full',
        fields: { title: 'b', capacity: 2 },
      },
    ]);
    for (let wake = 0; wake < 4; wake += 1) await clock.wakeAll();
    expect(notifier.calls.map((call) => call.title)).toEqual(['a', 'c', 'd']);
  });

  it('uses the injected timeout signal instead of the clock', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const notifier = createSilentNotifier();
    const outbox = createNotificationOutbox(
      { notifier, clock, logger: createMemoryLogger() },
      { timeoutSignal: () => controller.signal, attempts: 1 },
    );

    await outbox.notify(notification('a'));
    controller.abort();
    await outbox.settled();

    expect(clock.requested).toEqual([]);
    expect(outbox.pending()).toBe(0);
  });
});
