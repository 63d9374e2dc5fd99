import { describe, expect, it } from 'vitest';
import type { GitHubSignal } from './github-signal.js';
import { gitHubExternalSource, planGitHubAnnotation } from './plan-annotation.js';

const pullRequest: GitHubSignal = {
  type: 'pull-request',
  repository: 'acme/shop',
  number: 7,
  title: 'Checkout <fix>',
  url: 'https://github.com/acme/shop/pull/7',
  state: 'merged',
};
const ciResult: GitHubSignal = {
  type: 'ci',
  repository: 'acme/shop',
  name: 'test',
  conclusion: 'failure',
  url: null,
  sha: '0123456789abcdef',
};

describe('planGitHubAnnotation', () => {
  it('links, comments and moves a merged pull request with a trusted URL', () => {
    const plan = planGitHubAnnotation(pullRequest, 'SHOP-12', { stateMoves: { merged: 'Done' } });

    expect(plan).toEqual({
      link: {
        url: 'https://github.com/acme/shop/pull/7',
        title: 'acme/shop#7: Checkout <fix>',
      },
      comment: {
        commentHtml:
          '<p>Pull request <a href="https://github.com/acme/shop/pull/7">acme/shop#7</a> merged: Checkout &lt;fix&gt;</p>',
        externalId: 'github:acme/shop#7:merged',
        externalSource: gitHubExternalSource,
      },
      moveToState: 'Done',
      decision: 'GitHub PR acme/shop#7 merged shown on SHOP-12',
    });
  });

  it('refuses an untrusted URL: no link, no anchor, the comment still planned', () => {
    const signal: GitHubSignal = { ...pullRequest, url: 'javascript:alert(1)' };

    const plan = planGitHubAnnotation(signal, 'SHOP-12', {});

    expect(plan.refusal).toEqual({
      decision:
        'refused the URL of GitHub PR acme/shop#7 merged on SHOP-12: only https URLs on github.com are shown',
      refusedUrl: 'javascript:alert(1)',
    });
    expect(plan.link).toBeUndefined();
    expect(plan.comment.commentHtml).toBe(
      '<p>Pull request acme/shop#7 merged: Checkout &lt;fix&gt;</p>',
    );
    expect(plan.moveToState).toBeUndefined();
  });

  it('names the Enterprise host among the accepted ones and keeps only 200 characters of a refused URL', () => {
    const signal: GitHubSignal = { ...pullRequest, url: `http://example.com/${'x'.repeat(300)}` };

    const plan = planGitHubAnnotation(signal, 'SHOP-12', { enterpriseHost: 'git.acme.test' });

    expect(plan.refusal?.decision).toContain('only https URLs on github.com or git.acme.test');
    expect(plan.refusal?.refusedUrl).toHaveLength(200);
  });

  it('comments a CI result once per check conclusion of a commit, without a link or a move', () => {
    const plan = planGitHubAnnotation(ciResult, 'SHOP-12', { stateMoves: { merged: 'Done' } });

    expect(plan).toEqual({
      comment: {
        commentHtml: '<p>CI test on acme/shop@0123456: failure</p>',
        externalId: 'github:acme/shop@0123456789abcdef:test:failure',
        externalSource: gitHubExternalSource,
      },
      decision: 'GitHub CI test failure shown on SHOP-12',
    });
  });
});
