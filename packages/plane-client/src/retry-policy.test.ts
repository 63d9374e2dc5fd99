import { describe, expect, it } from 'vitest';
import type { PlaneClientError } from './errors.js';
import { decideRetry, resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { limit: 3, backoffMs: 1_000, maxDelayMs: 60_000 };
const info = { method: 'GET', url: 'http://plane.test/api/v1/users/me/' };
const serverError: PlaneClientError = {
  kind: 'http',
  status: 503,
  body: null,
  failureKind: 'unavailable',
  retryable: true,
  ...info,
};
const badRequest: PlaneClientError = {
  kind: 'http',
  status: 400,
  body: {},
  failureKind: 'validation',
  retryable: false,
  ...info,
};
const network: PlaneClientError = {
  kind: 'network',
  cause: new Error('reset'),
  failureKind: 'network',
  retryable: true,
  ...info,
};
const rateLimited = (retryAfterMs: number): PlaneClientError => ({
  kind: 'rate-limited',
  status: 429,
  retryAfterMs,
  body: null,
  failureKind: 'rate-limited',
  retryable: true,
  ...info,
});

describe('decideRetry', () => {
  it('doubles the backoff with each attempt, with equal jitter between half and the whole', () => {
    const low = [1, 2, 3].map((attempt) =>
      decideRetry(policy, attempt, serverError, 'repeatable', () => 0),
    );
    const high = [1, 2, 3].map((attempt) =>
      decideRetry(policy, attempt, serverError, 'repeatable', () => 0.999999),
    );

    expect(low).toEqual([
      { retry: true, delayMs: 500, reason: 'backoff' },
      { retry: true, delayMs: 1_000, reason: 'backoff' },
      { retry: true, delayMs: 2_000, reason: 'backoff' },
    ]);
    expect(high.map((decision) => (decision.retry ? decision.delayMs : -1))).toEqual([
      1_000, 2_000, 4_000,
    ]);
  });

  it('stops after the configured number of retries', () => {
    expect(decideRetry(policy, 4, serverError, 'repeatable', () => 0)).toEqual({ retry: false });
  });

  it('caps the backoff at maxDelayMs', () => {
    const decision = decideRetry({ ...policy, limit: 20 }, 12, serverError, 'repeatable', () => 1);

    expect(decision).toEqual({ retry: true, delayMs: 60_000, reason: 'backoff' });
  });

  it('never repeats a one-shot request after a failure the server may have acted on', () => {
    expect(decideRetry(policy, 1, serverError, 'once', () => 0)).toEqual({ retry: false });
    expect(decideRetry(policy, 1, network, 'once', () => 0)).toEqual({ retry: false });
  });

  it('does not retry a failure that is not retryable', () => {
    expect(decideRetry(policy, 1, badRequest, 'repeatable', () => 0)).toEqual({ retry: false });
  });

  it('retries a 429 even for a one-shot POST, waiting exactly Retry-After', () => {
    expect(decideRetry(policy, 1, rateLimited(7_000), 'once', () => 0.5)).toEqual({
      retry: true,
      delayMs: 7_000,
      reason: 'retry-after',
    });
  });

  it('gives up on a 429 whose Retry-After exceeds the cap', () => {
    expect(
      decideRetry({ ...policy, maxDelayMs: 5_000 }, 1, rateLimited(6_000), 'repeatable', () => 0),
    ).toEqual({ retry: false });
  });
});

describe('resolveRetryPolicy', () => {
  it('fills missing options with the defaults', () => {
    expect(resolveRetryPolicy({ limit: 0 })).toEqual({
      limit: 0,
      backoffMs: 1_000,
      maxDelayMs: 60_000,
    });
  });
});
