/** Signs bytes with one key: HMAC-SHA256, the 32-byte digest. May answer at once or as a promise. */
export type HmacSigner = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * Keys an HMAC-SHA256: called once per secret (when an ingestor is created, say), and the signer it
 * returns once per delivery, so an implementation prepares its key once. The default is
 * {@link webCryptoHmacSha256}; Node hosts pass one over `node:crypto` (`createHmac` with a reused
 * `KeyObject`), which costs a few microseconds a delivery where Web Crypto's async sign costs far more.
 *
 * @example
 * import { createHmac, createSecretKey } from 'node:crypto';
 * const nodeHmacSha256: HmacSha256 = (secret) => {
 *   const key = createSecretKey(Buffer.from(secret, 'utf8'));
 *   return (bytes) => createHmac('sha256', key).update(bytes).digest();
 * };
 */
export type HmacSha256 = (secret: string) => HmacSigner;

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 through Web Crypto only (Node, Lambda and edge runtimes alike). The key is imported on the
 * first signature and reused for every later one.
 */
export const webCryptoHmacSha256: HmacSha256 = (secret) => {
  let key: Promise<CryptoKey> | undefined;
  return async (bytes) => {
    key ??= crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new Uint8Array(await crypto.subtle.sign('HMAC', await key, toArrayBuffer(bytes)));
  };
};

/** Web Crypto wants an ArrayBuffer-backed view; copy when the bytes live in a shared or offset buffer. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}
