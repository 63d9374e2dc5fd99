import { err, type Result } from 'neverthrow';
import type { Clock, Inbox, InboxPayload } from '../ports.js';
import { webCryptoHmacSha256, type HmacSha256, type HmacSigner } from './hmac-sha256.js';
import {
  ingestGitHubDelivery,
  ingestOdooDelivery,
  ingestPlaneDelivery,
  type IngestDeps,
} from './ingest-by-source.js';
import type { IngestError } from './ingest-error.js';

/** The secrets that make a source usable; a source without its secret is refused as unconfigured. */
export interface WebhookSecrets {
  /** The token in Odoo's webhook URL path (`/webhooks/odoo/<token>`): Odoo can send no header. */
  readonly odooToken?: string;
  /** The Plane webhook's `secret_key` (`plane_wh_…`). */
  readonly planeWebhookSecret?: string;
  /** The GitHub webhook secret. */
  readonly githubWebhookSecret?: string;
}

export interface WebhookIngestorOptions {
  readonly inbox: Inbox;
  readonly clock: Clock;
  readonly secrets: WebhookSecrets;
  /** Larger bodies are refused as `too-large` before anything else is done. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * The HMAC-SHA256 Plane and GitHub signatures are checked with, keyed once per secret. Default
   * {@link webCryptoHmacSha256}; a Node host passes one over `node:crypto`, much cheaper per delivery.
   */
  readonly hmacSha256?: HmacSha256;
}

/** One delivery as the host received it. Header names are matched case-insensitively. */
export interface WebhookDelivery {
  /** The source named by the path: `odoo`, `plane` or `github`. */
  readonly source: string;
  /** The body exactly as received: signatures are over these bytes, never over re-serialised JSON. */
  readonly rawBody: Uint8Array;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Odoo's path token. */
  readonly token?: string;
}

/** An accepted delivery. `duplicate`: the same event was already in the inbox (nothing was added). */
export interface IngestAccepted {
  readonly eventId: string;
  readonly duplicate: boolean;
  /** Jobs the event holds (0 for deliveries the sync has nothing to do for, such as a GitHub `ping`). */
  readonly jobs: number;
}

/** The payload stored in the inbox for an accepted delivery or poll: the normalised jobs, nothing else. */
export type IngestedPayload = InboxPayload;

/** Verifies, parses and stores webhook deliveries. */
export interface WebhookIngestor {
  ingest(delivery: WebhookDelivery): Promise<Result<IngestAccepted, IngestError>>;
}

const defaultMaxBodyBytes = 1024 * 1024;

/**
 * Creates the webhook ingestor: the one entry point adapters call with raw bytes and headers. It checks,
 * in order, the source, its configuration, the size, the signature or token (before any parsing), then
 * the payload; only a delivery that passed everything is stored in the inbox, with the normalised jobs as
 * its payload and the first job's entity key as its serial key.
 *
 * Dedupe keys: Odoo, the SHA-256 of the body (Odoo 17 POSTs the identical body several times per save,
 * and `write_date` inside it tells saves apart); Plane, event + action + entity + activity field +
 * `updated_at` (never `X-Plane-Delivery`, which changes on every retry); GitHub, event + body hash. A
 * key stops a repeat, never a rerun: a delivery whose event was dead-lettered re-arms it (`duplicate:
 * false`), and a failed one is retried by the inbox processor anyway.
 *
 * @example
 * const ingestor = createWebhookIngestor({
 *   inbox, clock,
 *   secrets: { odooToken: 'long-random-token', planeWebhookSecret: 'plane_wh_…' },
 * });
 * const result = await ingestor.ingest({ source: 'plane', rawBody, headers });
 * if (result.isErr()) console.warn(result.error.kind, result.error.message);
 */
export function createWebhookIngestor(options: WebhookIngestorOptions): WebhookIngestor {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const { secrets } = options;
  const deps: IngestDeps = { inbox: options.inbox, clock: options.clock };
  // Keyed once here, not per delivery: preparing the key is most of the cost of one signature.
  const hmacSha256 = options.hmacSha256 ?? webCryptoHmacSha256;
  const signerOf = (secret: string | undefined): HmacSigner | undefined =>
    secret === undefined || secret === '' ? undefined : hmacSha256(secret);
  const planeSigner = signerOf(secrets.planeWebhookSecret);
  const githubSigner = signerOf(secrets.githubWebhookSecret);

  return {
    ingest: async (delivery) => {
      const source = delivery.source;
      if (source !== 'odoo' && source !== 'plane' && source !== 'github') {
        return err({
          kind: 'unknown-source',
          source: source.slice(0, 32),
          message: `Unknown webhook source "${source.slice(0, 32)}"; expected odoo, plane or github.`,
        });
      }
      const secret =
        source === 'odoo'
          ? secrets.odooToken
          : source === 'plane'
            ? secrets.planeWebhookSecret
            : secrets.githubWebhookSecret;
      if (secret === undefined || secret === '') {
        return err({
          kind: 'unconfigured-source',
          source,
          message: `Webhooks from ${source} are not enabled here (no secret configured).`,
        });
      }
      if (delivery.rawBody.byteLength > maxBodyBytes) {
        return err({
          kind: 'too-large',
          source,
          limitBytes: maxBodyBytes,
          message: `The body is ${delivery.rawBody.byteLength} bytes; the limit is ${maxBodyBytes}.`,
        });
      }
      switch (source) {
        case 'odoo':
          return ingestOdooDelivery(deps, delivery, secret);
        // A configured secret always has its signer (both come from `secrets`).
        case 'plane':
          return ingestPlaneDelivery(deps, delivery, planeSigner!);
        case 'github':
          return ingestGitHubDelivery(deps, delivery, githubSigner!);
      }
    },
  };
}
