import { describe, expect, it } from 'vitest';
import { findWorkItemKeys, parseGitHubDelivery } from './github-delivery.js';

const repository = { full_name: 'acme/shop' };

describe('findWorkItemKeys', () => {
  it('finds keys in capitals in text and in any case in branch names, once each, in order', () => {
    expect(
      findWorkItemKeys(
        ['WEB-12: login, see also OPS-3 and WEB-12', 'proj-9 in lower case is not a key here'],
        ['feature/web-12-login', 'ops-4_hotfix'],
      ),
    ).toEqual(['WEB-12', 'OPS-3', 'OPS-4']);
  });

  it('ignores standards and encodings that look like keys, and sequence zero', () => {
    expect(findWorkItemKeys(['Uses SHA-256, UTF-8 and ISO-8601; WEB-0 is not a key'])).toEqual([]);
  });

  it('stops at ten keys', () => {
    const text = Array.from({ length: 15 }, (_, index) => `WEB-${index + 1}`).join(' ');

    expect(findWorkItemKeys([text])).toHaveLength(10);
  });
});

describe('parseGitHubDelivery', () => {
  it('reads a completed check suite with its app name and the keys of its pull requests', () => {
    const parsed = parseGitHubDelivery('check_suite', {
      action: 'completed',
      repository,
      check_suite: {
        status: 'completed',
        conclusion: 'success',
        head_branch: 'main',
        head_sha: 'abc123',
        app: { name: 'GitHub Actions' },
        pull_requests: [{ number: 3, head: { ref: 'web-7-cart' } }],
      },
    });

    expect(parsed._unsafeUnwrap().jobs).toEqual([
      {
        kind: 'github-signal',
        workItemKey: 'WEB-7',
        signal: {
          type: 'ci',
          repository: 'acme/shop',
          name: 'GitHub Actions',
          conclusion: 'success',
          url: null,
          sha: 'abc123',
        },
      },
    ]);
  });

  it('reads a completed workflow run, finding keys in its title and branch', () => {
    const parsed = parseGitHubDelivery('workflow_run', {
      action: 'completed',
      repository,
      workflow_run: {
        name: 'CI',
        status: 'completed',
        conclusion: 'failure',
        html_url: 'https://github.com/acme/shop/actions/runs/1',
        head_branch: 'ops-2-deploy',
        head_sha: 'def456',
        display_title: 'WEB-8 speed up checkout',
        pull_requests: [],
      },
    });

    expect(
      parsed._unsafeUnwrap().jobs.map((job) => job.kind === 'github-signal' && job.workItemKey),
    ).toEqual(['WEB-8', 'OPS-2']);
  });

  it('reads a commit status on keyed branches and ignores a pending one', () => {
    const status = (state: string) => ({
      repository,
      sha: 'fff000',
      state,
      context: 'ci/jenkins',
      target_url: 'https://ci.example.com/1',
      branches: [{ name: 'web-5-search' }],
    });

    expect(parseGitHubDelivery('status', status('pending'))._unsafeUnwrap().jobs).toEqual([]);
    expect(parseGitHubDelivery('status', status('error'))._unsafeUnwrap().jobs).toEqual([
      {
        kind: 'github-signal',
        workItemKey: 'WEB-5',
        signal: {
          type: 'ci',
          repository: 'acme/shop',
          name: 'ci/jenkins',
          conclusion: 'error',
          url: 'https://ci.example.com/1',
          sha: 'fff000',
        },
      },
    ]);
  });

  it.each([
    ['opened', { state: 'open', draft: true, merged: false }, 'draft'],
    ['ready_for_review', { state: 'open', draft: false, merged: false }, 'ready'],
    ['reopened', { state: 'open', draft: false, merged: false }, 'reopened'],
    ['closed', { state: 'closed', draft: false, merged: false }, 'closed'],
    ['closed', { state: 'closed', draft: false, merged: true }, 'merged'],
    ['edited', { state: 'open', draft: false, merged: false }, 'open'],
  ])('gives a pull_request %s delivery (%o) the state %s', (action, fields, state) => {
    const parsed = parseGitHubDelivery('pull_request', {
      action,
      repository,
      pull_request: {
        number: 1,
        title: 'WEB-1',
        html_url: 'https://github.com/acme/shop/pull/1',
        head: { ref: 'x' },
        ...fields,
      },
    });

    expect(parsed._unsafeUnwrap().jobs[0]).toMatchObject({ signal: { state } });
  });

  it('accepts a ping with no job and refuses a pull_request without its pull_request object', () => {
    expect(
      parseGitHubDelivery('ping', { zen: 'Keep it logically awesome.' })._unsafeUnwrap().jobs,
    ).toEqual([]);
    expect(
      parseGitHubDelivery('pull_request', { action: 'opened', repository })._unsafeUnwrapErr(),
    ).toBe(
      'not a GitHub pull_request delivery (pull_request: Invalid input: expected object, received undefined)',
    );
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'treats an event named like an Object member (%s) as one more event with no job',
    (event) => {
      const parsed = parseGitHubDelivery(event, { repository });

      expect(parsed._unsafeUnwrap()).toEqual({ jobs: [], entityKey: `github:acme/shop:${event}` });
    },
  );
});
