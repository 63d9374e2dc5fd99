import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInMemoryInbox } from '../testing/in-memory-inbox.js';
import {
  signGitHubBody,
  signPlaneBody,
  webhookBehaviourCases,
  webhookCaseMaxBodyBytes,
  webhookCaseSecrets,
} from '../testing/webhook-cases.js';
import type { SyncJob } from '../sync-job.js';
import { createWebhookIngestor } from './webhook-ingestor.js';

// The recorded deliveries, from the testkit's in-repo copy of the shared reference fixtures.
const fixtureFolders: Readonly<Record<string, URL>> = {
  'plane-ce-1.3.1': new URL('../../../testkit/src/plane/fixtures/plane-ce-1.3.1/', import.meta.url),
  'odoo-17': new URL('../../../testkit/src/odoo/fixtures/odoo-17/', import.meta.url),
};
const encoder = new TextEncoder();

interface RecordedDelivery {
  readonly trigger: string;
  readonly delivery: { readonly rawBody: string; readonly headers: Record<string, string> };
}

function recorded(folder: string, pattern: RegExp): RecordedDelivery[] {
  const directory = fixtureFolders[folder];
  if (directory === undefined) throw new Error(`no recorded fixtures for ${folder}`);
  return readdirSync(directory)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as RecordedDelivery);
}

function setup(
  secrets: Parameters<typeof createWebhookIngestor>[0]['secrets'] = webhookCaseSecrets,
) {
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({
    inbox,
    clock: { now: () => 1_000, sleep: () => Promise.resolve() },
    secrets,
    maxBodyBytes: webhookCaseMaxBodyBytes,
  });
  const jobsInInbox = async (): Promise<SyncJob[]> =>
    (await inbox.pending()).flatMap((event) => event.payload.jobs);
  return { inbox, ingestor, jobsInInbox };
}

describe('createWebhookIngestor', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'behaves as the shared case %i says',
    async (index) => {
      const testCase = (await webhookBehaviourCases())[index]!;
      const { inbox, ingestor } = setup();
      const [source, token] = testCase.path.split('/');

      const result = await ingestor.ingest({
        source: source!,
        rawBody: testCase.rawBody,
        headers: testCase.headers,
        ...(token === undefined ? {} : { token }),
      });

      if (testCase.expected === 'accepted') {
        expect(result._unsafeUnwrap().duplicate).toBe(false);
        expect(await inbox.count('pending')).toBe(1);
      } else {
        expect(result._unsafeUnwrapErr().kind).toBe(testCase.expected);
        expect(await inbox.count('pending')).toBe(0);
      }
    },
  );

  it('refuses a source whose secret is not configured, naming it', async () => {
    const { inbox, ingestor } = setup({ odooToken: webhookCaseSecrets.odooToken });

    const result = await ingestor.ingest({
      source: 'plane',
      rawBody: encoder.encode('{}'),
      headers: {},
    });

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'unconfigured-source',
      message: 'Webhooks from plane are not enabled here (no secret configured).',
    });
    expect(await inbox.count('pending')).toBe(0);
  });

  it('never puts a secret or the token in an error message', async () => {
    const { ingestor } = setup();
    const messages: string[] = [];
    for (const testCase of await webhookBehaviourCases()) {
      const [source, token] = testCase.path.split('/');
      const result = await ingestor.ingest({
        source: source!,
        rawBody: testCase.rawBody,
        headers: testCase.headers,
        ...(token === undefined ? {} : { token }),
      });
      if (result.isErr()) messages.push(result.error.message);
    }

    expect(messages.length).toBeGreaterThan(5);
    for (const secret of Object.values(webhookCaseSecrets)) {
      expect(messages.join('\n')).not.toContain(secret);
    }
  });

  it('accepts the recorded Plane deliveries re-signed with a test secret, as work-item jobs', async () => {
    const { ingestor, jobsInInbox } = setup();
    const deliveries = recorded('plane-ce-1.3.1', /^(09[1-7]|10[01])-webhook-delivery-/);

    const results = [];
    for (const { delivery } of deliveries) {
      const signature = createHmac('sha256', webhookCaseSecrets.planeWebhookSecret)
        .update(delivery.rawBody, 'utf8')
        .digest('hex');
      results.push(
        await ingestor.ingest({
          source: 'plane',
          rawBody: encoder.encode(delivery.rawBody),
          headers: { ...delivery.headers, 'X-Plane-Signature': signature },
        }),
      );
    }

    expect(results.every((result) => result.isOk())).toBe(true);
    expect(deliveries).toHaveLength(9);
    // created + name + priority + state on one work item; comment, cycle and project events give no job.
    expect(await jobsInInbox()).toEqual(
      Array.from({ length: 4 }, () => ({
        kind: 'plane-work-item',
        planeProjectId: '530b4f64-0f03-4cec-ae0d-3b197e3432ff',
        workItemId: '74f009c7-5fa7-4978-b660-ebd27a56e70d',
        actorId: '2f54c39f-4a37-4898-9503-32eb19237737',
      })),
    );
  });

  it('refuses a recorded Plane delivery with its original (redacted-secret) signature', async () => {
    const { inbox, ingestor } = setup();
    const [first] = recorded('plane-ce-1.3.1', /^092-webhook-delivery-/);

    const result = await ingestor.ingest({
      source: 'plane',
      rawBody: encoder.encode(first!.delivery.rawBody),
      headers: first!.delivery.headers,
    });

    expect(result._unsafeUnwrapErr()).toEqual({
      kind: 'bad-signature',
      source: 'plane',
      message: 'X-Plane-Signature is missing or does not match the body.',
    });
    expect(await inbox.count('pending')).toBe(0);
  });

  it('treats a Plane re-send with a new X-Plane-Delivery as the same event', async () => {
    const { inbox, ingestor } = setup();
    const [first] = recorded('plane-ce-1.3.1', /^092-webhook-delivery-/);
    const rawBody = encoder.encode(first!.delivery.rawBody);
    const signature = await signPlaneBody(webhookCaseSecrets.planeWebhookSecret, rawBody);

    const original = await ingestor.ingest({
      source: 'plane',
      rawBody,
      headers: { 'X-Plane-Signature': signature, 'X-Plane-Delivery': 'a' },
    });
    const retry = await ingestor.ingest({
      source: 'plane',
      rawBody,
      headers: { 'x-plane-signature': signature, 'x-plane-delivery': 'b' },
    });

    expect(retry._unsafeUnwrap()).toEqual({
      eventId: original._unsafeUnwrap().eventId,
      duplicate: true,
      jobs: 1,
    });
    expect(await inbox.count('pending')).toBe(1);
  });

  it('stores one event for Odoo 17 repeated identical POSTs of one save', async () => {
    const { inbox, ingestor, jobsInInbox } = setup();
    const deliveries = recorded('odoo-17', /^0(7[1-9]|8[0-9])-webhook-delivery-/);

    const results = [];
    for (const { delivery } of deliveries) {
      results.push(
        (
          await ingestor.ingest({
            source: 'odoo',
            token: webhookCaseSecrets.odooToken,
            rawBody: encoder.encode(delivery.rawBody),
            headers: delivery.headers,
          })
        )._unsafeUnwrap(),
      );
    }

    // 7 (create) + 3 (stage write) + 1 (priority write) + 1 (unlink) + 7 (second create) POSTs.
    expect(results).toHaveLength(19);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(5);
    expect(await inbox.count('pending')).toBe(5);
    expect(await jobsInInbox()).toContainEqual({
      kind: 'odoo-record',
      model: 'project.task',
      odooId: 31,
      origin: 'odoo-webhook',
    });
  });

  it('reads the generic Odoo payload form', async () => {
    const { ingestor, jobsInInbox } = setup();

    const result = await ingestor.ingest({
      source: 'odoo',
      token: webhookCaseSecrets.odooToken,
      rawBody: encoder.encode(
        JSON.stringify({ model: 'project.milestone', action: 'write', record_id: 4, changes: {} }),
      ),
      headers: {},
    });

    expect(result._unsafeUnwrap().jobs).toBe(1);
    expect(await jobsInInbox()).toEqual([
      { kind: 'odoo-record', model: 'project.milestone', odooId: 4, origin: 'odoo-webhook' },
    ]);
  });

  it('names the model when an Odoo payload is for a model that is not synced', async () => {
    const { ingestor } = setup();

    const result = await ingestor.ingest({
      source: 'odoo',
      token: webhookCaseSecrets.odooToken,
      rawBody: encoder.encode('{"_id": 3, "_model": "res.partner"}'),
      headers: {},
    });

    expect(result._unsafeUnwrapErr().message).toBe(
      'Not an Odoo webhook payload: model "res.partner" is not synced (expected one of project.project, project.milestone, project.task).',
    );
  });

  it('turns a pull request mentioning two keys into one annotation job per key', async () => {
    const { ingestor, jobsInInbox } = setup();
    const body = JSON.stringify({
      action: 'closed',
      repository: { full_name: 'acme/shop' },
      pull_request: {
        number: 9,
        title: 'Fix WEB-12 and WEB-14',
        body: 'Uses SHA-256 signatures.',
        html_url: 'https://github.com/acme/shop/pull/9',
        state: 'closed',
        merged: true,
        draft: false,
        head: { ref: 'web-12-fix' },
      },
    });

    const result = await ingestor.ingest({
      source: 'github',
      rawBody: encoder.encode(body),
      headers: {
        'X-GitHub-Event': 'pull_request',
        'X-Hub-Signature-256': await signGitHubBody(webhookCaseSecrets.githubWebhookSecret, body),
      },
    });

    expect(result._unsafeUnwrap().jobs).toBe(2);
    const signal = {
      type: 'pull-request',
      repository: 'acme/shop',
      number: 9,
      title: 'Fix WEB-12 and WEB-14',
      url: 'https://github.com/acme/shop/pull/9',
      state: 'merged',
    };
    expect(await jobsInInbox()).toEqual([
      { kind: 'github-signal', workItemKey: 'WEB-12', signal },
      { kind: 'github-signal', workItemKey: 'WEB-14', signal },
    ]);
  });

  it('turns a completed check run on a keyed branch into a CI job and ignores one in progress', async () => {
    const { ingestor, jobsInInbox } = setup();
    const checkRun = (status: string, conclusion: string | null): string =>
      JSON.stringify({
        action: status === 'completed' ? 'completed' : 'created',
        repository: { full_name: 'acme/shop' },
        check_run: {
          name: 'test',
          status,
          conclusion,
          html_url: 'https://github.com/acme/shop/runs/1',
          head_sha: 'abcdef1234567',
          check_suite: { head_branch: 'feature/web-12-login' },
          pull_requests: [],
        },
      });
    const send = async (body: string) =>
      ingestor.ingest({
        source: 'github',
        rawBody: encoder.encode(body),
        headers: {
          'x-github-event': 'check_run',
          'x-hub-signature-256': await signGitHubBody(webhookCaseSecrets.githubWebhookSecret, body),
        },
      });

    const running = await send(checkRun('in_progress', null));
    const done = await send(checkRun('completed', 'failure'));

    expect(running._unsafeUnwrap().jobs).toBe(0);
    expect(done._unsafeUnwrap().jobs).toBe(1);
    expect((await jobsInInbox())[0]).toEqual({
      kind: 'github-signal',
      workItemKey: 'WEB-12',
      signal: {
        type: 'ci',
        repository: 'acme/shop',
        name: 'test',
        conclusion: 'failure',
        url: 'https://github.com/acme/shop/runs/1',
        sha: 'abcdef1234567',
      },
    });
  });

  it('refuses a signed GitHub delivery without X-GitHub-Event', async () => {
    const { inbox, ingestor } = setup();
    const body = '{}';

    const result = await ingestor.ingest({
      source: 'github',
      rawBody: encoder.encode(body),
      headers: {
        'X-Hub-Signature-256': await signGitHubBody(webhookCaseSecrets.githubWebhookSecret, body),
      },
    });

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'malformed',
      message: 'The X-GitHub-Event header is missing.',
    });
    expect(await inbox.count('pending')).toBe(0);
  });
});
