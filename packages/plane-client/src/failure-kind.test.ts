import { describe, expect, it } from 'vitest';
import {
  failureKindOfStatus,
  isRetryableFailureKind,
  type PlaneFailureKind,
} from './failure-kind.js';

describe('isRetryableFailureKind', () => {
  it.each<[PlaneFailureKind, boolean]>([
    ['rate-limited', true],
    ['timeout', true],
    ['unavailable', true],
    ['network', true],
    ['concurrency', true],
    ['validation', false],
    ['auth', false],
    ['forbidden', false],
    ['not-found', false],
    ['conflict', false],
    ['redirect', false],
    ['invalid-response', false],
    ['unsupported', false],
    ['rejected', false],
  ])('%s → retry %s', (kind, retry) => {
    expect(isRetryableFailureKind(kind)).toBe(retry);
  });
});

describe('failureKindOfStatus', () => {
  it('retries timeouts and server errors, not client errors', () => {
    expect(
      [400, 401, 403, 404, 405, 408, 409, 500, 501, 502, 503, 504].filter((status) =>
        isRetryableFailureKind(failureKindOfStatus(status)),
      ),
    ).toEqual([408, 500, 502, 503, 504]);
  });

  it.each<[number, PlaneFailureKind]>([
    [400, 'validation'],
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [405, 'rejected'],
    [408, 'timeout'],
    [409, 'conflict'],
    [429, 'rate-limited'],
    [503, 'unavailable'],
    [307, 'redirect'],
  ])('%i is %s', (status, kind) => {
    expect(failureKindOfStatus(status)).toBe(kind);
  });
});
