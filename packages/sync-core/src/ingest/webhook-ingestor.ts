import { err, ok, type Result } from 'neverthrow';
import type { Clock, Inbox, InboxPayload } from '../ports.js';
import { entityKeyOf } from '../sync-job.js';
import { parseGitHubDelivery } from './github-delivery.js';
import { malformed, type IngestError } from './ingest-error.js';
import { parseOdooDelivery } from './odoo-delivery.js';
import { parsePlaneDelivery } from './plane-delivery.js';
import { webCryptoHmacSha256, type HmacSha256, type HmacSigner } from './hmac-sha256.js';
import { verifyHmacSignature } from './verify-hmac-signature.js';
import { sameSecret, sha256, toHex } from './web-crypto.js';

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
const decoder = new TextDecoder('utf-8', { fatal: true });

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
  // Keyed once here, not per delivery: preparing the key is most of the cost of one signature.
  const hmacSha256 = options.hmacSha256 ?? webCryptoHmacSha256;
  const signerOf = (secret: string | undefined): HmacSigner | undefined =>
    secret === undefined || secret === '' ? undefined : hmacSha256(secret);
  const planeSigner = signerOf(secrets.planeWebhookSecret);
  const githubSigner = signerOf(secrets.githubWebhookSecret);

  const store = async (
    payload: InboxPayload,
    dedupeKey: string,
    entityKey: string,
  ): Promise<Result<IngestAccepted, IngestError>> => {
    const { jobs } = payload;
    const first = jobs[0];
    const added = await options.inbox.add({
      source: payload.source,
      dedupeKey,
      entityKey: first === undefined ? entityKey : entityKeyOf(first),
      payload,
      receivedAt: options.clock.now(),
    });
    return ok({ eventId: added.id, duplicate: !added.accepted, jobs: jobs.length });
  };

  const ingestOdoo = async (
    delivery: WebhookDelivery,
    token: string,
  ): Promise<Result<IngestAccepted, IngestError>> => {
    if (delivery.token === undefined || !(await sameSecret(delivery.token, token))) {
      return err({ kind: 'bad-signature', source: 'odoo', message: 'The webhook token is wrong.' });
    }
    const json = parseJson('odoo', delivery.rawBody);
    if (json.isErr()) return err(json.error);
    const parsed = parseOdooDelivery(json.value);
    if (parsed.isErr())
      return err(malformed('odoo', `Not an Odoo webhook payload: ${parsed.error}.`));
    const digest = toHex(await sha256(delivery.rawBody));
    return store(
      { source: 'odoo', jobs: [parsed.value.job] },
      `odoo:${digest}`,
      entityKeyOf(parsed.value.job),
    );
  };

  const ingestPlane = async (
    delivery: WebhookDelivery,
    sign: HmacSigner,
  ): Promise<Result<IngestAccepted, IngestError>> => {
    const signature = header(delivery.headers, 'x-plane-signature');
    if (!(await verifyHmacSignature(sign, delivery.rawBody, signature))) {
      return err({
        kind: 'bad-signature',
        source: 'plane',
        message: 'X-Plane-Signature is missing or does not match the body.',
      });
    }
    const json = parseJson('plane', delivery.rawBody);
    if (json.isErr()) return err(json.error);
    const parsed = parsePlaneDelivery(json.value);
    if (parsed.isErr()) return err(malformed('plane', `${capitalise(parsed.error)}.`));
    return store(
      { source: 'plane', jobs: parsed.value.jobs },
      parsed.value.dedupeKey,
      parsed.value.entityKey,
    );
  };

  const ingestGitHub = async (
    delivery: WebhookDelivery,
    sign: HmacSigner,
  ): Promise<Result<IngestAccepted, IngestError>> => {
    const signature = header(delivery.headers, 'x-hub-signature-256');
    const hex =
      signature?.startsWith('sha256=') === true ? signature.slice('sha256='.length) : undefined;
    if (!(await verifyHmacSignature(sign, delivery.rawBody, hex))) {
      return err({
        kind: 'bad-signature',
        source: 'github',
        message: 'X-Hub-Signature-256 is missing or does not match the body.',
      });
    }
    const event = header(delivery.headers, 'x-github-event');
    if (event === undefined || event === '') {
      return err(malformed('github', 'The X-GitHub-Event header is missing.'));
    }
    const json = parseJson('github', delivery.rawBody);
    if (json.isErr()) return err(json.error);
    const parsed = parseGitHubDelivery(event, json.value);
    if (parsed.isErr()) return err(malformed('github', `${capitalise(parsed.error)}.`));
    const digest = toHex(await sha256(delivery.rawBody));
    return store(
      { source: 'github', jobs: parsed.value.jobs },
      `github:${event}:${digest}`,
      parsed.value.entityKey,
    );
  };

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
          return ingestOdoo(delivery, secret);
        // A configured secret always has its signer (both come from `secrets`).
        case 'plane':
          return ingestPlane(delivery, planeSigner!);
        case 'github':
          return ingestGitHub(delivery, githubSigner!);
      }
    },
  };
}

function header(
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function parseJson(source: string, rawBody: Uint8Array): Result<unknown, IngestError> {
  let text: string;
  try {
    text = decoder.decode(rawBody);
  } catch {
    return err(malformed(source, 'The body is not UTF-8.'));
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(malformed(source, 'The body is not valid JSON.'));
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
