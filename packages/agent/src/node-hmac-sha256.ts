import { createHmac, createSecretKey } from 'node:crypto';
import type { HmacSha256 } from '@odoo-plane-sync/sync-core';

/**
 * HMAC-SHA256 over `node:crypto`, keyed once per secret: the agent's webhook signature check. A
 * delivery then costs one synchronous `createHmac` with a reused `KeyObject` (a few microseconds),
 * where sync-core's Web Crypto default awaits an async sign per delivery.
 *
 * @example
 * const ingestor = createWebhookIngestor({ inbox, clock, secrets, hmacSha256: nodeHmacSha256 });
 */
export const nodeHmacSha256: HmacSha256 = (secret) => {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (bytes) => createHmac('sha256', key).update(bytes).digest();
};
