import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxProcessor, createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import {
  createInMemoryInbox,
  createMemoryLogger,
  signGitHubBody,
} from '@odoo-plane-sync/sync-core/testing';
import { createHarness } from './harness.js';

const githubWebhookSecret = 'github-url-policy';
const enterpriseHost = 'github.acme.internal';

describe('GitHub URL policy: signed deliveries end to end', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  const { planeClient } = harness.clients();
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({
    inbox,
    clock: harness.clock,
    secrets: { githubWebhookSecret },
  });
  const engine = harness.createEngine({
    github: { stateMoves: { merged: 'Done' }, enterpriseHost },
  });
  const processor = createInboxProcessor({
    inbox,
    engine,
    clock: harness.clock,
    logger: createMemoryLogger(),
  });

  let projectId = '';
  let workItems = 0;
  /** A fresh Plane work item and its key, so each case reads only its own links and comments. */
  const newWorkItem = async () => {
    if (projectId === '') {
      projectId = (
        await planeClient.createProject({ name: 'Shop', identifier: 'SHOP' })
      )._unsafeUnwrap().id;
    }
    workItems += 1;
    const { workItem } = (
      await planeClient.createWorkItem(projectId, { name: `Item ${workItems}` })
    )._unsafeUnwrap();
    const { sequence_id } = harness.plane.getWorkItem(workItem.id) as { sequence_id: number };
    // One PR number per item too: a comment's external id is the repository, PR number and state.
    return { id: workItem.id, key: `SHOP-${sequence_id}`, pr: workItems };
  };
  const deliver = async (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const accepted = await ingestor.ingest({
      source: 'github',
      rawBody: new TextEncoder().encode(body),
      headers: {
        'x-github-event': event,
        'x-hub-signature-256': await signGitHubBody(githubWebhookSecret, body),
      },
    });
    expect(accepted._unsafeUnwrap().jobs).toBe(1);
    expect(await processor.drain()).toMatchObject({ failed: 0 });
  };
  const mergedPullRequest = (
    { key, pr }: { readonly key: string; readonly pr: number },
    htmlUrl: string,
  ) => ({
    action: 'closed',
    repository: { full_name: 'acme/shop' },
    pull_request: {
      number: pr,
      title: `${key}: faster checkout`,
      body: null,
      html_url: htmlUrl,
      state: 'closed',
      merged: true,
      draft: false,
      head: { ref: 'faster-checkout' },
    },
  });
  const shownOn = async (workItemId: string) => ({
    links: (await planeClient.listLinks(projectId, workItemId))._unsafeUnwrap().map((l) => l.url),
    comments: (await planeClient.listComments(projectId, workItemId))
      ._unsafeUnwrap()
      .filter((comment) => comment.externalSource === 'github')
      .map((comment) => comment.commentHtml),
  });
  const stateNameOf = async (workItemId: string) => {
    const current = (await planeClient.getWorkItem(projectId, workItemId))._unsafeUnwrap();
    const states = (await planeClient.listStates(projectId))._unsafeUnwrap();
    return states.find((state) => state.id === current.stateId)?.name;
  };

  it.each([
    'javascript:alert(document.cookie)',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://github.com.evil.example/acme/shop/pull/7',
    'https://user:token@github.com/acme/shop/pull/7',
    'https://github.com:8443/acme/shop/pull/7',
    'not a url',
  ])(
    'refuses the PR URL %s: no link, no anchor, recorded as refused, and the merge still applies',
    async (htmlUrl) => {
      const item = await newWorkItem();

      await deliver('pull_request', mergedPullRequest(item, htmlUrl));

      const { links, comments } = await shownOn(item.id);
      expect(links).toEqual([]);
      expect(comments).toHaveLength(1);
      expect(comments[0]).toContain(`acme/shop#${item.pr}`);
      expect(comments[0]).not.toContain('<a');
      expect(await stateNameOf(item.id)).toBe('Done');
      expect(await harness.ledger.list({ outcome: 'skipped' })).toContainEqual(
        expect.objectContaining({
          entity: { model: 'plane', planeId: item.id },
          decision: `refused the URL of GitHub PR acme/shop#${item.pr} merged on ${item.key}: only https URLs on github.com or ${enterpriseHost} are shown`,
          detail: { refusedUrl: htmlUrl },
        }),
      );
    },
  );

  it.each([
    'https://github.com/acme/shop/pull/7',
    `https://${enterpriseHost}/acme/shop/pull/7`,
    'https://GitHub.com/acme/shop/pull/7',
  ])('links and shows the PR URL %s, on github.com or the Enterprise host', async (htmlUrl) => {
    const item = await newWorkItem();

    await deliver('pull_request', mergedPullRequest(item, htmlUrl));

    const { links, comments } = await shownOn(item.id);
    expect(links).toEqual([htmlUrl]);
    expect(comments).toEqual([
      expect.stringContaining(`<a href="${htmlUrl}">acme/shop#${item.pr}</a>`),
    ]);
    expect(await harness.ledger.list()).not.toContainEqual(
      expect.objectContaining({ detail: { refusedUrl: htmlUrl } }),
    );
  });

  it('shows a CI result whose run URL is not GitHub without a link, and records the refusal', async () => {
    const item = await newWorkItem();

    await deliver('check_run', {
      action: 'completed',
      repository: { full_name: 'acme/shop' },
      check_run: {
        name: 'unit tests',
        status: 'completed',
        conclusion: 'failure',
        html_url: 'javascript:fetch("//evil.example")',
        head_sha: '0123456789abcdef',
        check_suite: { head_branch: `${item.key.toLowerCase()}-faster` },
        pull_requests: [],
      },
    });

    const { comments } = await shownOn(item.id);
    expect(comments).toEqual(['<p>CI unit tests on acme/shop@0123456: failure</p>']);
    expect(await harness.ledger.list({ outcome: 'skipped' })).toContainEqual(
      expect.objectContaining({
        decision: `refused the URL of GitHub CI unit tests failure on ${item.key}: only https URLs on github.com or ${enterpriseHost} are shown`,
      }),
    );
  });
});
