import type { HmacSigner } from './hmac-sha256.js';
import { constantTimeEqual, fromHex } from './web-crypto.js';

/**
 * Checks a hex HMAC-SHA256 signature of the raw body, as Plane (`X-Plane-Signature`, no prefix) and
 * GitHub (`X-Hub-Signature-256` after its `sha256=`) send it: surrounding whitespace is ignored, anything
 * but 64 hex digits is refused, and the digests are compared in constant time. The one signature check
 * behind both the ingestor and `verifyPlaneSignature`.
 *
 * @example
 * const valid = await verifyHmacSignature(webCryptoHmacSha256(secret), rawBody, signatureHeader);
 */
export async function verifyHmacSignature(
  sign: HmacSigner,
  rawBody: Uint8Array,
  signatureHex: string | null | undefined,
): Promise<boolean> {
  if (signatureHex === undefined || signatureHex === null) return false;
  const expected = fromHex(signatureHex.trim());
  if (expected === undefined || expected.length !== 32) return false;
  return constantTimeEqual(await sign(rawBody), expected);
}
