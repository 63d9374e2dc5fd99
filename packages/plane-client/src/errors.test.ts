import { describe, expect, it } from 'vitest';
import { describePlaneError, redactSecret, type PlaneClientError } from './errors.js';

const info = { method: 'GET', url: 'http://plane.test/api/v1/users/me/' };

describe('describePlaneError', () => {
  it.each<[PlaneClientError, string]>([
    [
      {
        kind: 'http',
        status: 404,
        body: null,
        failureKind: 'not-found',
        retryable: false,
        ...info,
      },
      'Plane answered 404 to GET http://plane.test/api/v1/users/me/',
    ],
    [
      {
        kind: 'http',
        status: 403,
        body: { detail: 'Given API token is not valid' },
        failureKind: 'forbidden',
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
        failureKind: 'validation',
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
        failureKind: 'validation',
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
        failureKind: 'unavailable',
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
        failureKind: 'redirect',
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
        failureKind: 'rate-limited',
        retryable: true,
        ...info,
      },
      'Plane rate limit hit on GET http://plane.test/api/v1/users/me/; retry after 2000 ms',
    ],
    [
      {
        kind: 'network',
        cause: new Error('reset'),
        failureKind: 'network',
        retryable: true,
        ...info,
      },
      'Network failure on GET http://plane.test/api/v1/users/me/',
    ],
    [
      { kind: 'timeout', timeoutMs: 50, failureKind: 'timeout', retryable: true, ...info },
      'No answer within 50 ms to GET http://plane.test/api/v1/users/me/',
    ],
    [
      {
        kind: 'invalid-response',
        issues: [{ path: ['id'], message: 'Required' }],
        failureKind: 'invalid-response',
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
      failureKind: 'validation',
      retryable: false,
      ...info,
    });
    const reason = line.slice(line.indexOf(': ') + 2);
    expect(reason).toHaveLength(200);
    expect(line).not.toContain('\n');
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('key=abc and again abc', 'abc')).toBe(
      'key=<redacted> and again <redacted>',
    );
  });
});
