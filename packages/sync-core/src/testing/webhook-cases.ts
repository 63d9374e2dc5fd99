import type { IngestErrorKind } from '../ingest/ingest-error.js';
import { webCryptoHmacSha256 } from '../ingest/hmac-sha256.js';
import { toHex } from '../ingest/web-crypto.js';

/** The secrets the cases are signed with; pass the same to the ingestor under test. */
export const webhookCaseSecrets = {
  odooToken: 'odoo-token-for-tests-0123456789',
  planeWebhookSecret: 'plane_wh_secret_for_tests',
  githubWebhookSecret: 'github-secret-for-tests',
} as const;

/** The body limit the cases assume; configure the ingestor (and adapter) with it. */
export const webhookCaseMaxBodyBytes = 64 * 1024;

/** One request an adapter must answer in a given way. */
export interface WebhookCase {
  readonly name: string;
  /** The path segment after `/webhooks/`: `plane`, `github`, `odoo/<token>`, or an unknown source. */
  readonly path: string;
  readonly rawBody: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** `accepted` (202, one event in the inbox) or the refusal kind (nothing in the inbox). */
  readonly expected: 'accepted' | IngestErrorKind;
}

const encoder = new TextEncoder();

/** `X-Plane-Signature` of a body: lower-case hex HMAC-SHA256, no prefix. */
export async function signPlaneBody(secret: string, body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  return toHex(await webCryptoHmacSha256(secret)(bytes));
}

/** `X-Hub-Signature-256` of a body: `sha256=<hex>`. */
export async function signGitHubBody(secret: string, body: Uint8Array | string): Promise<string> {
  return `sha256=${await signPlaneBody(secret, body)}`;
}

/** A Plane CE 1.3.1 work-item update delivery body, Python `json.dumps` style as Plane sends it. */
export function planeIssueUpdateBody(input: {
  readonly workItemId: string;
  readonly projectId: string;
  readonly field: string;
  readonly updatedAt: string;
  readonly actorId?: string;
}): string {
  const actor = input.actorId ?? '2f54c39f-4a37-4898-9503-32eb19237737';
  return (
    `{"event": "issue", "action": "updated", "webhook_id": "78a8a7fc-2ced-47b1-97dd-270e50d1472e", ` +
    `"workspace_id": "c81d2425-8a09-4dca-80f1-a2a332c93212", "data": {"id": "${input.workItemId}", ` +
    `"name": "Checkout page", "project": "${input.projectId}", "updated_at": "${input.updatedAt}"}, ` +
    `"activity": {"field": "${input.field}", "new_value": "x", "old_value": "y", ` +
    `"actor": {"id": "${actor}", "display_name": "admin"}, "old_identifier": null, "new_identifier": null}}`
  );
}

/** The Odoo 17 automation-rule body recorded in `fixtures/odoo-17/071-webhook-delivery-on-save.json`. */
export const odoo17TaskCreateBody =
  '{"_action": "Send Webhook Notification(#228)", "_id": 30, "_model": "project.task", "date_deadline": ' +
  '"2026-08-01 09:00:00", "id": 30, "name": "Webhook task", "stage_id": 34, "user_ids": [8, 9], ' +
  '"write_date": "2026-11-26 08:58:56.888608"}';

/**
 * The webhook behaviour every adapter must show, as data: each adapter's test sends every case through
 * its host and checks the status it maps the expected outcome to, and that refused cases left the inbox
 * empty. Built with the {@link webhookCaseSecrets}.
 *
 * @example
 * for (const testCase of await webhookBehaviourCases()) {
 *   const response = await post(`/webhooks/${testCase.path}`, testCase.rawBody, testCase.headers);
 *   expect(response.status).toBe(statusOf(testCase.expected));
 * }
 */
export async function webhookBehaviourCases(): Promise<WebhookCase[]> {
  const secrets = webhookCaseSecrets;
  const json = { 'Content-Type': 'application/json' };
  const plane = planeIssueUpdateBody({
    workItemId: '74f009c7-5fa7-4978-b660-ebd27a56e70d',
    projectId: '530b4f64-0f03-4cec-ae0d-3b197e3432ff',
    field: 'name',
    updatedAt: '2026-11-26T09:03:05.942136Z',
  });
  const github = JSON.stringify({
    action: 'opened',
    number: 7,
    repository: { full_name: 'acme/shop' },
    pull_request: {
      number: 7,
      title: 'WEB-12 checkout button',
      body: null,
      html_url: 'https://github.com/acme/shop/pull/7',
      state: 'open',
      merged: false,
      draft: false,
      head: { ref: 'web-12-checkout' },
    },
  });
  const notJson = '{"event": "issue", ';
  const oversize = `{"pad": "${'x'.repeat(webhookCaseMaxBodyBytes)}"}`;
  const bytes = (text: string): Uint8Array => encoder.encode(text);
  return [
    {
      name: 'accepts a signed Plane delivery',
      path: 'plane',
      rawBody: bytes(plane),
      headers: {
        ...json,
        'X-Plane-Signature': await signPlaneBody(secrets.planeWebhookSecret, plane),
      },
      expected: 'accepted',
    },
    {
      name: 'accepts an Odoo 17 delivery with the right token',
      path: `odoo/${secrets.odooToken}`,
      rawBody: bytes(odoo17TaskCreateBody),
      headers: json,
      expected: 'accepted',
    },
    {
      name: 'accepts a signed GitHub pull_request delivery',
      path: 'github',
      rawBody: bytes(github),
      headers: {
        ...json,
        'X-GitHub-Event': 'pull_request',
        'X-Hub-Signature-256': await signGitHubBody(secrets.githubWebhookSecret, github),
      },
      expected: 'accepted',
    },
    {
      name: 'refuses an unknown source',
      path: 'jira',
      rawBody: bytes('{}'),
      headers: json,
      expected: 'unknown-source',
    },
    {
      name: 'refuses a Plane delivery with a wrong signature',
      path: 'plane',
      rawBody: bytes(plane),
      headers: { ...json, 'X-Plane-Signature': await signPlaneBody('another-secret', plane) },
      expected: 'bad-signature',
    },
    {
      name: 'refuses a Plane delivery without a signature',
      path: 'plane',
      rawBody: bytes(plane),
      headers: json,
      expected: 'bad-signature',
    },
    {
      name: 'refuses an Odoo delivery with a wrong token',
      path: 'odoo/not-the-token',
      rawBody: bytes(odoo17TaskCreateBody),
      headers: json,
      expected: 'bad-signature',
    },
    {
      name: 'refuses a GitHub delivery with a wrong signature',
      path: 'github',
      rawBody: bytes(github),
      headers: {
        ...json,
        'X-GitHub-Event': 'pull_request',
        'X-Hub-Signature-256': await signGitHubBody('another-secret', github),
      },
      expected: 'bad-signature',
    },
    {
      name: 'refuses a correctly signed body that is not JSON',
      path: 'plane',
      rawBody: bytes(notJson),
      headers: {
        ...json,
        'X-Plane-Signature': await signPlaneBody(secrets.planeWebhookSecret, notJson),
      },
      expected: 'malformed',
    },
    {
      name: 'refuses an Odoo payload for a model that is not synced',
      path: `odoo/${secrets.odooToken}`,
      rawBody: bytes('{"_action": "x", "_id": 3, "_model": "res.partner", "id": 3}'),
      headers: json,
      expected: 'malformed',
    },
    {
      name: 'refuses a body over the size limit',
      path: 'plane',
      rawBody: bytes(oversize),
      headers: {
        ...json,
        'X-Plane-Signature': await signPlaneBody(secrets.planeWebhookSecret, oversize),
      },
      expected: 'too-large',
    },
  ];
}
