import { describe, expect, it } from 'vitest';
import {
  isRetryable,
  isRetryableFailure,
  mayBeUncommitted,
  retryDelayMs,
} from './classify-failure.js';

describe('isRetryableFailure', () => {
  it.each([
    [{ kind: 'network' }, true],
    [{ kind: 'timeout' }, true],
    [{ kind: 'rate-limited', retryAfterMs: 1000 }, true],
    [{ kind: 'http', status: 503 }, true],
    [{ kind: 'http', status: 429 }, true],
    [{ kind: 'http', status: 400 }, false],
    [{ kind: 'http', status: 403 }, false],
    [{ kind: 'http', status: 404 }, false],
    [{ kind: 'rpc', name: 'psycopg2.errors.SerializationFailure' }, true],
    [{ kind: 'rpc', name: 'odoo.exceptions.AccessError' }, false],
    [{ kind: 'rpc', name: 'odoo.exceptions.ValidationError' }, false],
    [{ kind: 'invalid-response' }, false],
    [{ kind: 'http', status: 500, retryable: false }, false],
  ])('%j → %s', (failure, expected) => {
    expect(isRetryableFailure(failure)).toBe(expected);
  });
});

describe('isRetryable', () => {
  it('retries a lost compare-and-set, not a missing record', () => {
    expect(
      isRetryable({ kind: 'mapping-conflict', key: { model: 'project.task', odooId: 1 } }),
    ).toBe(true);
    expect(isRetryable({ kind: 'not-found', model: 'project.task', odooId: 1 })).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 30_000 };
  const network = {
    kind: 'upstream',
    system: 'plane',
    operation: 'x',
    failure: { kind: 'network' },
  } as const;

  it('doubles per attempt with jitter between half and all of the step, capped', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(network, attempt, policy, () => 0))).toEqual([
      500, 1000, 2000,
    ]);
    expect(retryDelayMs(network, 3, policy, () => 1)).toBe(4000);
    expect(retryDelayMs(network, 10, policy, () => 1)).toBe(30_000);
  });

  it('honours Retry-After, capped', () => {
    const limited = { ...network, failure: { kind: 'rate-limited', retryAfterMs: 7_000 } };
    expect(retryDelayMs(limited, 1, policy, () => 0)).toBe(7_000);
    expect(
      retryDelayMs(
        { ...network, failure: { kind: 'rate-limited', retryAfterMs: 90_000 } },
        1,
        policy,
        () => 0,
      ),
    ).toBe(30_000);
  });
});

describe('mayBeUncommitted', () => {
  const notFound = { kind: 'not-found', model: 'project.task', odooId: 7 } as const;
  it.each([
    ['a not-found after an Odoo webhook', { origin: 'odoo-webhook' } as const, notFound, true],
    ['a not-found from a poll or a schedule', {}, notFound, false],
    [
      'another failure after an Odoo webhook',
      { origin: 'odoo-webhook' } as const,
      { kind: 'invalid-record', model: 'project.task', odooId: 7, reason: 'x' } as const,
      false,
    ],
  ])('%s', (_name, origin, error, expected) => {
    expect(
      mayBeUncommitted({ kind: 'odoo-record', model: 'project.task', odooId: 7, ...origin }, error),
    ).toBe(expected);
  });
});
