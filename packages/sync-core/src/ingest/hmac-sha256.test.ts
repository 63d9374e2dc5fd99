import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInMemoryInbox } from '../testing/in-memory-inbox.js';
import {
  planeIssueUpdateBody,
  signGitHubBody,
  signPlaneBody,
  webhookBehaviourCases,
  webhookCaseMaxBodyBytes,
  webhookCaseSecrets,
} from '../testing/webhook-cases.js';
import { webCryptoHmacSha256, type HmacSha256 } from './hmac-sha256.js';
import { verifyHmacSignature } from './verify-hmac-signature.js';
import { toHex } from './web-crypto.js';
import { createWebhookIngestor } from './webhook-ingestor.js';

const encoder = new TextEncoder();

/** node:crypto's HMAC, as a Node host injects it, counting how often it is keyed and how often it signs. */
function countingNodeHmac(): { hmacSha256: HmacSha256; keyed: string[]; signatures: () => number } {
  const keyed: string[] = [];
  let signatures = 0;
  const hmacSha256: HmacSha256 = (secret) => {
    keyed.push(secret);
    const key = createSecretKey(Buffer.from(secret, 'utf8'));
    return (bytes) => {
      signatures += 1;
      return createHmac('sha256', key).update(bytes).digest();
    };
  };
  return { hmacSha256, keyed, signatures: () => signatures };
}

describe('webCryptoHmacSha256', () => {
  it('signs as node:crypto does, the same key serving every later signature', async () => {
    const sign = webCryptoHmacSha256('plane_wh_secret');
    const bodies = ['{"a": 1}', '{"name": "Caf\\u00e9"}', ''];

    const digests = await Promise.all(
      bodies.map(async (body) => toHex(await sign(encoder.encode(body)))),
    );

    expect(digests).toEqual(
      bodies.map((body) => createHmac('sha256', 'plane_wh_secret').update(body).digest('hex')),
    );
  });
});

describe('verifyHmacSignature', () => {
  const sign = webCryptoHmacSha256('secret');
  const body = encoder.encode('{"event": "issue"}');
  const hex = createHmac('sha256', 'secret').update(body).digest('hex');

  it.each([
    ['the signature', hex, true],
    ['the signature in upper case, padded', `  ${hex.toUpperCase()} `, true],
    [
      'a signature of another body',
      createHmac('sha256', 'secret').update('{}').digest('hex'),
      false,
    ],
    ['a truncated signature', hex.slice(0, 62), false],
    ['a signature that is not hex', `${hex.slice(0, 62)}zz`, false],
    ['no signature', null, false],
  ])('answers %s with %s', async (_name, signature, expected) => {
    expect(await verifyHmacSignature(sign, body, signature)).toBe(expected);
  });
});

describe('createWebhookIngestor with an injected HMAC', () => {
  it('answers every shared case as with the default, keying each secret once', async () => {
    const counting = countingNodeHmac();
    const cases = await webhookBehaviourCases();
    const ingestor = createWebhookIngestor({
      inbox: createInMemoryInbox(),
      clock: { now: () => 1_000, sleep: () => Promise.resolve() },
      secrets: webhookCaseSecrets,
      maxBodyBytes: webhookCaseMaxBodyBytes,
      hmacSha256: counting.hmacSha256,
    });

    const outcomes = [];
    for (const testCase of cases) {
      const [source, token] = testCase.path.split('/');
      const result = await ingestor.ingest({
        source: source!,
        rawBody: testCase.rawBody,
        headers: testCase.headers,
        ...(token === undefined ? {} : { token }),
      });
      outcomes.push(result.isOk() ? 'accepted' : result.error.kind);
    }

    expect(outcomes).toEqual(cases.map((testCase) => testCase.expected));
    expect(counting.keyed).toEqual([
      webhookCaseSecrets.planeWebhookSecret,
      webhookCaseSecrets.githubWebhookSecret,
    ]);
    expect(counting.signatures()).toBeGreaterThan(0);
  });

  it('refuses a Plane delivery the injected HMAC does not sign alike, and stores nothing', async () => {
    const inbox = createInMemoryInbox();
    const body = planeIssueUpdateBody({
      workItemId: 'wi-1',
      projectId: 'p-1',
      field: 'name',
      updatedAt: '2026-11-26T09:03:00.000000Z',
    });
    const ingestor = createWebhookIngestor({
      inbox,
      clock: { now: () => 1_000, sleep: () => Promise.resolve() },
      secrets: webhookCaseSecrets,
      // An HMAC keyed with something else than the secret it is given.
      hmacSha256: () => (bytes) => createHmac('sha256', 'another key').update(bytes).digest(),
    });

    const result = await ingestor.ingest({
      source: 'plane',
      rawBody: encoder.encode(body),
      headers: {
        'X-Plane-Signature': await signPlaneBody(webhookCaseSecrets.planeWebhookSecret, body),
      },
    });
    const github = await ingestor.ingest({
      source: 'github',
      rawBody: encoder.encode('{"zen": "x"}'),
      headers: {
        'X-GitHub-Event': 'ping',
        'X-Hub-Signature-256': await signGitHubBody(
          webhookCaseSecrets.githubWebhookSecret,
          '{"zen": "x"}',
        ),
      },
    });

    expect(result.isErr() && result.error.kind).toBe('bad-signature');
    expect(github.isErr() && github.error.kind).toBe('bad-signature');
    expect(await inbox.count('pending')).toBe(0);
  });
});
