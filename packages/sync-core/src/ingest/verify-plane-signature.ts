import { webCryptoHmacSha256, type HmacSha256 } from './hmac-sha256.js';
import { verifyHmacSignature } from './verify-hmac-signature.js';

/** Input of {@link verifyPlaneSignature}. */
export interface VerifyPlaneSignatureInput {
  /** The request body exactly as received. Plane signs Python-style JSON, so never re-serialise it. */
  readonly rawBody: Uint8Array | string;
  /** The `X-Plane-Signature` header (lower-case hex HMAC-SHA256), or null when absent. */
  readonly signature: string | null;
  /** The webhook's `secret_key` (`plane_wh_…`). */
  readonly secret: string;
  /** The HMAC-SHA256 to sign with; default Web Crypto. A Node host may pass one over `node:crypto`. */
  readonly hmacSha256?: HmacSha256;
}

const encoder = new TextEncoder();

/**
 * Checks a Plane webhook signature: hex HMAC-SHA256 of the raw body keyed with the webhook secret, no
 * prefix, no timestamp (makeplane/plane `apps/api/plane/bgtasks/webhook_task.py`). It is the check the
 * webhook ingestor runs ({@link verifyHmacSignature}), for hosts that take Plane deliveries themselves:
 * Web Crypto by default, so it runs on Node, Lambda and edge runtimes alike; the comparison is
 * constant-time. It lives here, not in plane-client, because signature checks are sync-core's (the
 * clients import no internal package).
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
  if (input.secret === '') return false;
  const body = typeof input.rawBody === 'string' ? encoder.encode(input.rawBody) : input.rawBody;
  const sign = (input.hmacSha256 ?? webCryptoHmacSha256)(input.secret);
  return verifyHmacSignature(sign, body, input.signature);
}
