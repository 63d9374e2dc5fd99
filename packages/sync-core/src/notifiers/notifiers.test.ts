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
      logger: createMemoryLogger(),
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

  it('logs a failed post without the secret URL and does not throw', async () => {
    const logger = createMemoryLogger();
    const notifier = createSlackNotifier({
      webhookUrl: 'https://hooks.slack.test/services/T/B/secret',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      logger,
    });

    await notifier.notify(alert);

    expect(logger.records).toHaveLength(1);
    expect(JSON.stringify(logger.records)).not.toContain('secret');
  });
});

describe('createLoggerNotifier', () => {
  it('logs by severity, once per key, and combines with others', async () => {
    const logger = createMemoryLogger();
    const seen: string[] = [];
    const notifier = combineNotifiers(createLoggerNotifier(logger), {
      notify: (notification) => Promise.resolve(void seen.push(notification.title)),
    });

    await notifier.notify(alert);
    await notifier.notify({ ...alert, severity: 'warning', dedupeKey: 'other' });
    await notifier.notify(alert);

    expect(logger.records.map((record) => record.level)).toEqual(['error', 'warn']);
    expect(seen).toHaveLength(3);
  });
});
