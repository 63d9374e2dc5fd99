import { describe, expect, it } from 'vitest';
import {
  describeOdooError,
  httpError,
  isConcurrencyFailure,
  networkError,
  redactError,
  redirectError,
  rpcError,
} from './errors.js';

describe('rpcError', () => {
  it('classifies by exception name whatever the status', () => {
    expect(rpcError('psycopg2.errors.SerializationFailure', 'x', 500).retryable).toBe(true);
    expect(rpcError('odoo.exceptions.LockError', 'x', 409).retryable).toBe(true);
    expect(rpcError('builtins.ValueError', 'x', 500).retryable).toBe(false);
    expect(rpcError('odoo.exceptions.AccessError', 'x').retryable).toBe(false);
    expect(rpcError('odoo.exceptions.UserError', 'x').retryable).toBe(false);
  });

  it("puts the exception name and Odoo's text on one line in message", () => {
    const error = rpcError(
      'odoo.exceptions.AccessError',
      "You are not allowed to access 'Models' (ir.model) records.\n\nThis operation is allowed for the following groups:\n\t- Access Rights",
      403,
    );

    expect(error.message).toBe(
      "odoo.exceptions.AccessError: You are not allowed to access 'Models' (ir.model) records. This operation is allowed for the following groups: - Access Rights",
    );
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

describe('describeOdooError', () => {
  it('gives one line per kind with the exception name, never an HTML page or a URL password', () => {
    const lines = [
      rpcError('odoo.exceptions.AccessDenied', 'Access Denied'),
      rpcError('odoo.exceptions.MissingError', 'Record does not exist', 404),
      httpError(404, '<!DOCTYPE html>\n<html><body>Page not found</body></html>'),
      redirectError(307, 'https://user:pw@elsewhere.example.com/jsonrpc'),
    ].map(describeOdooError);

    expect(lines[0]).toBe('Odoo raised odoo.exceptions.AccessDenied: Access Denied');
    expect(lines[1]).toBe(
      'Odoo raised odoo.exceptions.MissingError: Record does not exist (HTTP 404)',
    );
    expect(lines[2]).toBe('Odoo answered HTTP 404 (an HTML page)');
    expect(lines[3]).toContain('https://elsewhere.example.com/jsonrpc');
    expect(lines[3]).not.toContain('pw@');
  });
});
