import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/memory-logger.js';
import { combineNotifiers, createLoggerNotifier } from './logger-notifier.js';
import { createSlackNotifier } from './slack-notifier.js';

const alert = {
  severity: 'alert',
  title: 'Sync failing',
  text: '3 failures',
  dedupeKey: 'failing:x',
} as const;

describe('createSlackNotifier', () => {
  it('posts the text once per dedupe key', async () => {
    const posts: { url: string; body: string }[] = [];
    const notifier = createSlackNotifier({
      webhookUrl: 'https://hooks.slack.test/services/T/B/secret',
      fetch: (url, init) => {
        posts.push({ url, body: init.body });
        return Promise.resolve({ ok: true, status: 200 });
      },
    });

    await notifier.notify(alert);
    await notifier.notify(alert);

    expect(posts).toEqual([
      {
        url: 'https://hooks.slack.test/services/T/B/secret',
        body: JSON.stringify({ text: ':rotating_light: *Sync failing*\n3 failures' }),
      },
    ]);
  });

  it('rejects a failed or refused post without naming the secret URL, and says it again on retry', async () => {
    const answers = [
      () =>
        Promise.reject(
          new TypeError('fetch failed', { cause: 'https://hooks.slack.test/services/T/B/secret' }),
        ),
      () => Promise.resolve({ ok: false, status: 500 }),
      () => Promise.resolve({ ok: true, status: 200 }),
    ];
    let posts = 0;
    const notifier = createSlackNotifier({
      webhookUrl: 'https://hooks.slack.test/services/T/B/secret',
      fetch: () => answers[posts++]!(),
    });

    const failures = [
      await notifier.notify(alert).catch((error: unknown) => error),
      await notifier.notify(alert).catch((error: unknown) => error),
    ];
    await notifier.notify(alert);
    await notifier.notify(alert);

    expect(failures.map((failure) => (failure as Error).message)).toEqual([
      'slack notification failed: TypeError',
      'slack notification refused: HTTP 500',
    ]);
    expect(JSON.stringify(failures)).not.toContain('secret');
    expect(posts).toBe(3);
  });

  it('hands the call its abort signal', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const notifier = createSlackNotifier({
      webhookUrl: 'https://hooks.slack.test/services/T/B/secret',
      fetch: (_url, init) => {
        signals.push(init.signal);
        return Promise.resolve({ ok: true, status: 200 });
      },
    });
    const controller = new AbortController();

    await notifier.notify(alert, { signal: controller.signal });

    expect(signals).toEqual([controller.signal]);
  });
});

describe('createLoggerNotifier', () => {
  it('logs by severity, once per key, and combines with others (each told a key once)', async () => {
    const logger = createMemoryLogger();
    const seen: string[] = [];
    const notifier = combineNotifiers(createLoggerNotifier(logger), {
      notify: (notification) => Promise.resolve(void seen.push(notification.title)),
    });

    await notifier.notify(alert);
    await notifier.notify({ ...alert, severity: 'warning', dedupeKey: 'other' });
    await notifier.notify(alert);

    expect(logger.records.map((record) => record.level)).toEqual(['error', 'warn']);
    expect(seen).toEqual(['Sync failing', 'Sync failing']);
  });
});

describe('combineNotifiers', () => {
  it('rejects when one fails and retries only the one that failed', async () => {
    const seen: string[] = [];
    let slackUp = false;
    const notifier = combineNotifiers(
      { notify: () => Promise.resolve(void seen.push('log')) },
      {
        notify: () =>
          slackUp ? Promise.resolve(void seen.push('slack')) : Promise.reject(new Error('down')),
      },
    );

    const first = await notifier.notify(alert).catch((error: unknown) => error);
    slackUp = true;
    await notifier.notify(alert);

    expect((first as Error).message).toBe('1 of 2 notifiers failed: down');
    expect(seen).toEqual(['log', 'slack']);
  });
});
