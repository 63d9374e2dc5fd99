import { describe, expect, it } from 'vitest';
import { httpError, isConcurrencyFailure, networkError, redactError, rpcError } from './errors.js';

describe('rpcError', () => {
  it('classifies by exception name whatever the status', () => {
    expect(rpcError('psycopg2.errors.SerializationFailure', 'x', 500).retryable).toBe(true);
    expect(rpcError('odoo.exceptions.LockError', 'x', 409).retryable).toBe(true);
    expect(rpcError('builtins.ValueError', 'x', 500).retryable).toBe(false);
    expect(rpcError('odoo.exceptions.AccessError', 'x').retryable).toBe(false);
    expect(rpcError('odoo.exceptions.UserError', 'x').retryable).toBe(false);
  });

  it('marks only concurrency failures as safe to send a write again', () => {
    expect(isConcurrencyFailure(rpcError('psycopg2.errors.LockNotAvailable', 'x'))).toBe(true);
    expect(isConcurrencyFailure(httpError(503, ''))).toBe(false);
    expect(isConcurrencyFailure(networkError(new Error('reset')))).toBe(false);
  });
});

describe('httpError', () => {
  it('retries 408, 429 and 5xx only, and cuts long bodies', () => {
    expect(
      [400, 401, 404, 408, 429, 500, 502].map((status) => httpError(status, '').retryable),
    ).toEqual([false, false, false, true, true, true, true]);
    expect(httpError(502, 'x'.repeat(5_000)).body.length).toBeLessThan(2_100);
  });
});

describe('redactError', () => {
  it('removes the key from messages, bodies and causes', () => {
    const key = 'a1b2c3d4e5f6';

    const redacted = [
      redactError(rpcError('odoo.exceptions.AccessDenied', `bad key ${key}`), [key]),
      redactError(httpError(500, `<pre>${key}</pre>`), [key]),
      redactError(networkError(new Error(`connect ${key}`)), [key]),
    ];

    expect(JSON.stringify(redacted)).not.toContain(key);
    expect(redacted[2]!.kind === 'network' && redacted[2]!.cause.message).toBe(
      'connect <redacted>',
    );
  });
});
