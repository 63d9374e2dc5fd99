import { describe, expect, it } from 'vitest';
import { webCryptoHmacSha256, type HmacSigner } from '@odoo-plane-sync/sync-core';
import { nodeHmacSha256 } from './node-hmac-sha256.js';

const hexOf = async (sign: HmacSigner, body: Uint8Array): Promise<string> =>
  Buffer.from(await sign(body)).toString('hex');

describe('nodeHmacSha256', () => {
  it('signs every body as the Web Crypto default does, with one key', async () => {
    const secret = 'plane_wh_0123456789abcdef';
    const bodies = ['{"event": "issue"}', '{"name": "Caf\\u00e9 \\u2013 sprint"}', ''].map((body) =>
      new TextEncoder().encode(body),
    );
    const node = nodeHmacSha256(secret);
    const webCrypto = webCryptoHmacSha256(secret);

    const fromNode = await Promise.all(bodies.map((body) => hexOf(node, body)));
    const fromWebCrypto = await Promise.all(bodies.map((body) => hexOf(webCrypto, body)));

    expect(fromNode).toEqual(fromWebCrypto);
  });
});
