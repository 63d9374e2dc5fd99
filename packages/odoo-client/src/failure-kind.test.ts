import { describe, expect, it } from 'vitest';
import { httpError, rpcError } from './errors.js';
import {
  failureKindOfException,
  failureKindOfStatus,
  isRetryableFailureKind,
  type OdooFailureKind,
} from './failure-kind.js';

describe('isRetryableFailureKind', () => {
  it.each<[OdooFailureKind, boolean]>([
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
  it('retries 408, 425, 429 and every 5xx, nothing else', () => {
    expect(
      [400, 401, 403, 404, 408, 409, 422, 425, 429, 500, 501, 502, 503, 504, 599].filter((status) =>
        isRetryableFailureKind(failureKindOfStatus(status)),
      ),
    ).toEqual([408, 425, 429, 500, 501, 502, 503, 504, 599]);
  });

  it.each<[number, OdooFailureKind]>([
    [400, 'validation'],
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [405, 'rejected'],
    [409, 'conflict'],
    [429, 'rate-limited'],
    [502, 'unavailable'],
  ])('%i is %s', (status, kind) => {
    expect(failureKindOfStatus(status)).toBe(kind);
  });
});

describe('failureKindOfException', () => {
  it.each<[string, OdooFailureKind]>([
    ['psycopg2.errors.SerializationFailure', 'concurrency'],
    ['odoo.exceptions.LockError', 'concurrency'],
    ['odoo.exceptions.ValidationError', 'validation'],
    ['odoo.exceptions.UserError', 'validation'],
    ['odoo.exceptions.AccessDenied', 'auth'],
    ['odoo.exceptions.AccessError', 'forbidden'],
    ['odoo.exceptions.MissingError', 'not-found'],
    ['builtins.ValueError', 'rejected'],
  ])('%s is %s', (name, kind) => {
    expect(failureKindOfException(name)).toBe(kind);
  });

  it('decides by the exception, not the status: a JSON-2 500 ValueError is final', () => {
    expect(rpcError('builtins.ValueError', 'Invalid field', 500)).toMatchObject({
      failureKind: 'rejected',
      retryable: false,
    });
    expect(httpError(500, 'Internal Server Error')).toMatchObject({
      failureKind: 'unavailable',
      retryable: true,
    });
  });
});
