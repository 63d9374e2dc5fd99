import { describe, expect, it } from 'vitest';
import { createSecretRedactor } from './secret-redactor.js';

describe('createSecretRedactor', () => {
  const planeKey = 'plane_api_0123456789abcdef';
  const slackUrl = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';

  it('replaces every secret deep inside strings, arrays, objects, keys and errors', () => {
    const redact = createSecretRedactor([planeKey, slackUrl, null, undefined]);
    const failure = new Error(`posting to ${slackUrl} failed`, { cause: { key: planeKey } });

    const result = redact({
      body: { detail: `Invalid key ${planeKey}`, headers: [`x-api-key: ${planeKey}`] },
      [planeKey]: 1,
      status: 400,
      failure,
    });

    expect(JSON.stringify(result)).not.toContain(planeKey);
    expect(result.body).toEqual({
      detail: 'Invalid key <redacted>',
      headers: ['x-api-key: <redacted>'],
    });
    expect(result.status).toBe(400);
    expect(result.failure).toBeInstanceOf(Error);
    expect(result.failure.message).toBe('posting to <redacted> failed');
    expect(result.failure.cause).toEqual({ key: '<redacted>' });
    expect(failure.message).toContain(slackUrl);
  });

  it('matches the URL-encoded form and replaces a longer secret whole', () => {
    const token = 'tok/en+with=chars';
    const redact = createSecretRedactor([token, `https://odoo.test/hook/${token}`]);

    expect(redact(`GET /webhooks/odoo/${encodeURIComponent(token)}`)).toBe(
      'GET /webhooks/odoo/<redacted>',
    );
    expect(redact(`url https://odoo.test/hook/${token}`)).toBe('url <redacted>');
  });

  it('survives cycles and leaves non-plain objects alone', () => {
    const redact = createSecretRedactor([planeKey]);
    const looped: { self?: unknown; text: string } = { text: planeKey };
    looped.self = looped;
    const at = new Date(0);

    const result = redact({ looped, at });

    expect(result.looped.text).toBe('<redacted>');
    expect(result.looped.self).toBe(result.looped);
    expect(result.at).toBe(at);
  });

  it('is the identity without secrets, and ignores values too short to be one', () => {
    const value = { a: 'abc' };

    expect(createSecretRedactor([])(value)).toBe(value);
    expect(createSecretRedactor(['', 'ab'])(value)).toBe(value);
  });
});
