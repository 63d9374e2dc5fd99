import { describe, expect, it } from 'vitest';
import {
  describePlaneError,
  isRetryableStatus,
  redactSecret,
  type PlaneClientError,
} from './errors.js';

const info = { method: 'GET', url: 'http://plane.test/api/v1/users/me/' };

describe('describePlaneError', () => {
  it.each<[PlaneClientError, string]>([
    [
      { kind: 'http', status: 404, body: null, retryable: false, ...info },
      'Plane answered 404 to GET http://plane.test/api/v1/users/me/',
    ],
    [
      {
        kind: 'rate-limited',
        status: 429,
        retryAfterMs: 2_000,
        body: null,
        retryable: true,
        ...info,
      },
      'Plane rate limit hit on GET http://plane.test/api/v1/users/me/; retry after 2000 ms',
    ],
    [
      { kind: 'network', cause: new Error('reset'), retryable: true, ...info },
      'Network failure on GET http://plane.test/api/v1/users/me/',
    ],
    [
      { kind: 'timeout', timeoutMs: 50, retryable: true, ...info },
      'No answer within 50 ms to GET http://plane.test/api/v1/users/me/',
    ],
    [
      {
        kind: 'invalid-response',
        issues: [{ path: ['id'], message: 'Required' }],
        retryable: false,
        ...info,
      },
      'Unexpected response shape from GET http://plane.test/api/v1/users/me/ (1 issues)',
    ],
  ])('summarises %o in one line', (error, line) => {
    expect(describePlaneError(error)).toBe(line);
  });
});

describe('isRetryableStatus', () => {
  it('retries timeouts and server errors, not client errors', () => {
    expect(
      [400, 401, 403, 404, 405, 408, 409, 500, 501, 502, 503, 504].filter(isRetryableStatus),
    ).toEqual([408, 500, 502, 503, 504]);
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('key=abc and again abc', 'abc')).toBe(
      'key=<redacted> and again <redacted>',
    );
  });
});
