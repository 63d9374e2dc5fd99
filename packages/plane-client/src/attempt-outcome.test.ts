import { TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import { answerOutcome, redirectRefusal, thrownFailure } from './attempt-outcome.js';

const info = { method: 'GET', url: 'http://plane.test/api/v1/users/me/' };

function head(status: number, headers: Record<string, string> = {}) {
  return { status, type: 'basic' as const, headers: new Headers(headers) };
}

describe('thrownFailure', () => {
  it('tells a timeout from any other failure to get an answer', () => {
    const timeout = new TimeoutError(new Request(info.url));
    const reset = new Error('socket hang up');

    expect(thrownFailure(timeout, info, 5_000)).toEqual({
      kind: 'timeout',
      timeoutMs: 5_000,
      failureKind: 'timeout',
      retryable: true,
      ...info,
    });
    expect(thrownFailure(reset, info, 5_000)).toEqual({
      kind: 'network',
      cause: reset,
      failureKind: 'network',
      retryable: true,
      ...info,
    });
  });
});

describe('redirectRefusal', () => {
  it('refuses a 3xx and an opaque redirect, and lets anything else through', () => {
    expect(redirectRefusal(head(301, { location: 'https://plane.test/' }), info)).toEqual({
      kind: 'redirect',
      status: 301,
      location: 'https://plane.test/',
      failureKind: 'redirect',
      retryable: false,
      ...info,
    });
    expect(
      redirectRefusal({ status: 0, type: 'opaqueredirect', headers: new Headers() }, info),
    ).toMatchObject({ kind: 'redirect', status: 0, location: null });
    expect(redirectRefusal(head(200), info)).toBeNull();
    expect(redirectRefusal(head(404), info)).toBeNull();
  });
});

describe('answerOutcome', () => {
  it('parses a success body as JSON, an empty one as null', () => {
    expect(answerOutcome(head(200), '{"id":"u1"}', info)).toEqual({
      ok: true,
      response: { status: 200, body: { id: 'u1' }, info },
    });
    expect(answerOutcome(head(204), '', info)).toEqual({
      ok: true,
      response: { status: 204, body: null, info },
    });
  });

  it('classifies a failed status once, keeping the body as JSON or text', () => {
    expect(answerOutcome(head(404), '{"error":"Not found"}', info)).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 404,
        body: { error: 'Not found' },
        failureKind: 'not-found',
        retryable: false,
        ...info,
      },
    });
    expect(answerOutcome(head(502), 'Bad Gateway', info)).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 502, body: 'Bad Gateway', retryable: true },
    });
  });

  it('refuses a success body that is not JSON', () => {
    const outcome = answerOutcome(head(200), '<html>', info);

    expect(outcome).toEqual({
      ok: false,
      error: {
        ...info,
        kind: 'invalid-response',
        failureKind: 'invalid-response',
        retryable: false,
        issues: [{ path: [], message: 'The body is not JSON.' }],
      },
    });
  });
});
