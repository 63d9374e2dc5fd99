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
        kind: 'http',
        status: 403,
        body: { detail: 'Given API token is not valid' },
        retryable: false,
        ...info,
      },
      'Plane answered 403 to GET http://plane.test/api/v1/users/me/: Given API token is not valid',
    ],
    [
      {
        kind: 'http',
        status: 400,
        body: { non_field_errors: ['Invalid HTML passed'] },
        retryable: false,
        ...info,
      },
      'Plane answered 400 to GET http://plane.test/api/v1/users/me/: Invalid HTML passed',
    ],
    [
      {
        kind: 'http',
        status: 400,
        body: {
          url: ['Invalid URL format.'],
          title: ['Ensure this field has no more than 255 characters.'],
        },
        retryable: false,
        ...info,
      },
      'Plane answered 400 to GET http://plane.test/api/v1/users/me/: url: Invalid URL format.; title: Ensure this field has no more than 255 characters.',
    ],
    [
      {
        kind: 'http',
        status: 502,
        body: '<html><body>Bad gateway</body></html>',
        retryable: true,
        ...info,
      },
      'Plane answered 502 to GET http://plane.test/api/v1/users/me/',
    ],
    [
      {
        kind: 'redirect',
        status: 307,
        location: 'https://elsewhere.test/api/v1/users/me/',
        retryable: false,
        ...info,
      },
      'Plane answered 307 to GET http://plane.test/api/v1/users/me/, redirecting to https://elsewhere.test/api/v1/users/me/; redirects are not followed, so the API key stays with the configured origin: set the Plane URL to where it points',
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

  it('cuts a long reason to about 200 characters on one line', () => {
    const line = describePlaneError({
      kind: 'http',
      status: 400,
      body: { error: `a\n${'b'.repeat(400)}` },
      retryable: false,
      ...info,
    });
    const reason = line.slice(line.indexOf(': ') + 2);
    expect(reason).toHaveLength(200);
    expect(line).not.toContain('\n');
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
