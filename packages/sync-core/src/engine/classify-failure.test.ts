import { describe, expect, it } from 'vitest';
import {
  isRetryable,
  isRetryableFailure,
  mayBeUncommitted,
  retryDelayMs,
} from './classify-failure.js';
import type { UpstreamFailure } from '../ports.js';

describe('isRetryableFailure', () => {
  it.each<[UpstreamFailure, boolean]>([
    [{ kind: 'network', failureKind: 'network' }, true],
    [{ kind: 'timeout', failureKind: 'timeout' }, true],
    [{ kind: 'rate-limited', failureKind: 'rate-limited', retryAfterMs: 1000 }, true],
    [{ kind: 'http', failureKind: 'unavailable', status: 503 }, true],
    [{ kind: 'http', failureKind: 'rate-limited', status: 429 }, true],
    [{ kind: 'http', failureKind: 'validation', status: 400 }, false],
    [{ kind: 'http', failureKind: 'forbidden', status: 403 }, false],
    [{ kind: 'http', failureKind: 'not-found', status: 404 }, false],
    [
      { kind: 'rpc', failureKind: 'concurrency', name: 'psycopg2.errors.SerializationFailure' },
      true,
    ],
    [{ kind: 'rpc', failureKind: 'forbidden', name: 'odoo.exceptions.AccessError' }, false],
    [{ kind: 'rpc', failureKind: 'validation', name: 'odoo.exceptions.ValidationError' }, false],
    [{ kind: 'invalid-response', failureKind: 'invalid-response' }, false],
    [{ kind: 'http', failureKind: 'unavailable', status: 500, retryable: false }, false],
  ])('%j → %s', (failure, expected) => {
    expect(isRetryableFailure(failure)).toBe(expected);
  });

  it('decides by the kind when a failure has no retryable flag', () => {
    expect(isRetryableFailure({ kind: 'http', status: 400, failureKind: 'unavailable' })).toBe(
      true,
    );
    expect(isRetryableFailure({ kind: 'http', status: 503, failureKind: 'conflict' })).toBe(false);
  });

  it('never reads the status: a failure without a kind or a retryable flag is final', () => {
    expect(isRetryableFailure({ kind: 'http', status: 503 })).toBe(false);
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
