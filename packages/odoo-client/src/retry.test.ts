import { createFakeClock } from '@odoo-plane-sync/testkit';
import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { httpError, rpcError, type OdooClientError } from './errors.js';
import { retryDelayMs, withRetry } from './retry.js';

describe('retryDelayMs', () => {
  it('doubles from backoffMs and stops at maxDelayMs', () => {
    const error = httpError(503, '');
    const policy = { backoffMs: 100, maxDelayMs: 1_000 };

    expect([0, 1, 2, 3, 4].map((retry) => retryDelayMs(retry, error, policy))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('waits as long as Retry-After asks, within the cap', () => {
    const policy = { backoffMs: 100, maxDelayMs: 5_000 };

    expect(retryDelayMs(0, httpError(429, '', 2_000), policy)).toBe(2_000);
    expect(retryDelayMs(0, httpError(429, '', 60_000), policy)).toBe(5_000);
  });
});

describe('withRetry', () => {
  it('sleeps the requested delays on the injected clock and returns the first success', async () => {
    const clock = createFakeClock({ start: 0 });
    const outcomes: (OdooClientError | 'ok')[] = [
      httpError(502, ''),
      rpcError('psycopg2.errors.SerializationFailure', 'x'),
      'ok',
    ];
    let attempts = 0;

    const result = await withRetry(
      () => {
        const outcome = outcomes[attempts++]!;
        return outcome === 'ok' ? okAsync(attempts) : errAsync(outcome);
      },
      (error) => error.retryable,
      { backoffMs: 250 },
      clock,
    );

    expect(result._unsafeUnwrap()).toBe(3);
    expect(clock.now()).toBe(250 + 500);
  });

  it('returns a final error at once', async () => {
    const clock = createFakeClock({ start: 0 });
    let attempts = 0;

    const result = await withRetry(
      () => {
        attempts += 1;
        return errAsync(rpcError('odoo.exceptions.MissingError', 'gone'));
      },
      (error) => error.retryable,
      {},
      clock,
    );

    expect(result._unsafeUnwrapErr()).toMatchObject({ name: 'odoo.exceptions.MissingError' });
    expect(attempts).toBe(1);
    expect(clock.now()).toBe(0);
  });
});
