import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDelivery } from './test-support/fixture-replay.js';
import { verifyPlaneSignature } from '@odoo-plane-sync/sync-core';

const SECRET = 'plane_wh_0123456789abcdef0123456789abcdef';
// The recorded deliveries' real secret is redacted, so each body is re-signed with a known secret
// exactly as Plane does it: hex HMAC-SHA256 over the raw bytes.
const sign = (body: string | Uint8Array, secret = SECRET): string =>
  createHmac('sha256', secret).update(body).digest('hex');

const DELIVERIES = ['091', '092', '093', '094', '095', '096', '097', '100', '101'];

describe('verifyPlaneSignature', () => {
  it.each(DELIVERIES)('accepts the recorded Python-style body of delivery %s', async (number) => {
    const rawBody = loadDelivery(number).delivery.rawBody;

    const valid = await verifyPlaneSignature({ rawBody, signature: sign(rawBody), secret: SECRET });

    expect(valid).toBe(true);
  });

  it('verifies raw bytes as well as strings, including non-ASCII escapes', async () => {
    const rawBody = new TextEncoder().encode('{"name": "Caf\\u00e9 \\u2013 sprint"}');

    const valid = await verifyPlaneSignature({ rawBody, signature: sign(rawBody), secret: SECRET });

    expect(valid).toBe(true);
  });

  it('accepts an upper-case hex signature', async () => {
    const rawBody = loadDelivery('091').delivery.rawBody;

    const valid = await verifyPlaneSignature({
      rawBody,
      signature: sign(rawBody).toUpperCase(),
      secret: SECRET,
    });

    expect(valid).toBe(true);
  });

  it('rejects a body re-serialised by JavaScript (compact separators)', async () => {
    const rawBody = loadDelivery('092').delivery.rawBody;
    const reserialised = JSON.stringify(JSON.parse(rawBody));

    const valid = await verifyPlaneSignature({
      rawBody: reserialised,
      signature: sign(rawBody),
      secret: SECRET,
    });

    expect(valid).toBe(false);
  });

  it('rejects a signature made with another secret', async () => {
    const rawBody = loadDelivery('091').delivery.rawBody;

    const valid = await verifyPlaneSignature({
      rawBody,
      signature: sign(rawBody, 'plane_wh_other'),
      secret: SECRET,
    });

    expect(valid).toBe(false);
  });

  it('rejects the recorded signature under a guessed secret', async () => {
    const { rawBody, headers } = loadDelivery('094').delivery;

    const valid = await verifyPlaneSignature({
      rawBody,
      signature: headers['X-Plane-Signature'] ?? null,
      secret: SECRET,
    });

    expect(valid).toBe(false);
  });

  it.each([
    ['a missing header', null],
    ['an empty header', ''],
    ['non-hex text', 'z'.repeat(64)],
    ['a truncated signature', 'ab'.repeat(31)],
    ['an odd-length signature', 'a'.repeat(63)],
  ])('rejects %s', async (_label, signature) => {
    const valid = await verifyPlaneSignature({ rawBody: '{}', signature, secret: SECRET });

    expect(valid).toBe(false);
  });

  it('rejects everything when the secret is empty', async () => {
    const valid = await verifyPlaneSignature({
      rawBody: '{}',
      signature: sign('{}', ''),
      secret: '',
    });

    expect(valid).toBe(false);
  });

  it('checks with an injected HMAC, keyed with the secret, as the sync ingestor does', async () => {
    const rawBody = loadDelivery('091').delivery.rawBody;
    const keyed: string[] = [];
    const nodeHmac = (secret: string) => {
      keyed.push(secret);
      return (bytes: Uint8Array) => createHmac('sha256', secret).update(bytes).digest();
    };

    const valid = await verifyPlaneSignature({
      rawBody,
      signature: sign(rawBody),
      secret: SECRET,
      hmacSha256: nodeHmac,
    });
    const forged = await verifyPlaneSignature({
      rawBody,
      signature: sign(rawBody, 'plane_wh_another'),
      secret: SECRET,
      hmacSha256: nodeHmac,
    });

    expect([valid, forged]).toEqual([true, false]);
    expect(keyed).toEqual([SECRET, SECRET]);
  });
});
