import { err, ok, type Result } from 'neverthrow';
import type { Clock, Inbox, InboxPayload } from '../ports.js';
import { entityKeyOf } from '../sync-job.js';
import { parseGitHubDelivery } from './github-delivery.js';
import type { HmacSigner } from './hmac-sha256.js';
import { malformed, type IngestError } from './ingest-error.js';
import { parseOdooDelivery } from './odoo-delivery.js';
import { parsePlaneDelivery } from './plane-delivery.js';
import { verifyHmacSignature } from './verify-hmac-signature.js';
import { sameSecret, sha256, toHex } from './web-crypto.js';
import type { IngestAccepted, WebhookDelivery } from './webhook-ingestor.js';

/** What the per-source handlers need from the ingestor: where accepted deliveries go, and the time. */
export interface IngestDeps {
  readonly inbox: Pick<Inbox, 'add'>;
  readonly clock: Pick<Clock, 'now'>;
}

/**
 * Verifies one source's delivery with its credential (Odoo's path token, or the keyed HMAC of Plane and
 * GitHub), parses it and stores it in the inbox.
 */
export type SourceDeliveryHandler<Credential> = (
  deps: IngestDeps,
  delivery: WebhookDelivery,
  credential: Credential,
) => Promise<Result<IngestAccepted, IngestError>>;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks an Odoo delivery's path token (Odoo can send no header), parses it and stores it under the
 * SHA-256 of the body: Odoo 17 POSTs the identical body several times per save.
 */
export const ingestOdooDelivery: SourceDeliveryHandler<string> = async (deps, delivery, token) => {
  if (delivery.token === undefined || !(await sameSecret(delivery.token, token))) {
    return err({ kind: 'bad-signature', source: 'odoo', message: 'The webhook token is wrong.' });
  }
  const json = parseJson('odoo', delivery.rawBody);
  if (json.isErr()) return err(json.error);
  const parsed = parseOdooDelivery(json.value);
  if (parsed.isErr())
    return err(malformed('odoo', `Not an Odoo webhook payload: ${parsed.error}.`));
  const digest = toHex(await sha256(delivery.rawBody));
  return storeDelivery(
    deps,
    { source: 'odoo', jobs: [parsed.value.job] },
    `odoo:${digest}`,
    entityKeyOf(parsed.value.job),
  );
};

/** Checks `X-Plane-Signature` over the raw body, parses the delivery and stores it under its dedupe key. */
export const ingestPlaneDelivery: SourceDeliveryHandler<HmacSigner> = async (
  deps,
  delivery,
  sign,
) => {
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
  return storeDelivery(
    deps,
    { source: 'plane', jobs: parsed.value.jobs },
    parsed.value.dedupeKey,
    parsed.value.entityKey,
  );
};

/**
 * Checks `X-Hub-Signature-256` over the raw body, reads the event from `X-GitHub-Event`, parses the
 * delivery and stores it under the event and the body's SHA-256.
 */
export const ingestGitHubDelivery: SourceDeliveryHandler<HmacSigner> = async (
  deps,
  delivery,
  sign,
) => {
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
  return storeDelivery(
    deps,
    { source: 'github', jobs: parsed.value.jobs },
    `github:${event}:${digest}`,
    parsed.value.entityKey,
  );
};

/** Adds a verified delivery to the inbox, serialised on its first job's entity (or `entityKey`). */
async function storeDelivery(
  deps: IngestDeps,
  payload: InboxPayload,
  dedupeKey: string,
  entityKey: string,
): Promise<Result<IngestAccepted, IngestError>> {
  const { jobs } = payload;
  const first = jobs[0];
  const added = await deps.inbox.add({
    source: payload.source,
    dedupeKey,
    entityKey: first === undefined ? entityKey : entityKeyOf(first),
    payload,
    receivedAt: deps.clock.now(),
  });
  return ok({ eventId: added.id, duplicate: !added.accepted, jobs: jobs.length });
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
