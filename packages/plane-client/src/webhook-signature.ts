/** Input of {@link verifyPlaneSignature}. */
export interface VerifyPlaneSignatureInput {
  /** The request body exactly as received. Plane signs Python-style JSON, so never re-serialise it. */
  readonly rawBody: Uint8Array | string;
  /** The `X-Plane-Signature` header (lower-case hex HMAC-SHA256), or null when absent. */
  readonly signature: string | null;
  /** The webhook's `secret_key` (`plane_wh_…`). */
  readonly secret: string;
}

const encoder = new TextEncoder();

/**
 * Checks a Plane webhook signature: hex HMAC-SHA256 of the raw body keyed with the webhook secret, no
 * prefix, no timestamp (makeplane/plane `apps/api/plane/bgtasks/webhook_task.py`). Uses Web Crypto only,
 * so it runs on Node, Lambda and edge runtimes alike; the comparison is constant-time.
 *
 * @example
 * const valid = await verifyPlaneSignature({
 *   rawBody: await request.arrayBuffer().then((buffer) => new Uint8Array(buffer)),
 *   signature: request.headers.get('x-plane-signature'),
 *   secret: process.env.PLANE_WEBHOOK_SECRET ?? '',
 * });
 * if (!valid) return new Response(null, { status: 401 });
 */
export async function verifyPlaneSignature(input: VerifyPlaneSignatureInput): Promise<boolean> {
  if (input.signature === null || input.secret === '') return false;
  const expected = decodeHex(input.signature.trim());
  if (expected === undefined || expected.length !== 32) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(input.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const body = typeof input.rawBody === 'string' ? encoder.encode(input.rawBody) : input.rawBody;
  const actual = new Uint8Array(await crypto.subtle.sign('HMAC', key, toArrayBuffer(body)));
  return constantTimeEqual(actual, expected);
}

/** Compares every byte whatever the first difference, so timing reveals nothing about the secret. */
function constantTimeEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

function decodeHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** Web Crypto wants an ArrayBuffer-backed view; copy when the bytes live in a shared or offset buffer. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}
