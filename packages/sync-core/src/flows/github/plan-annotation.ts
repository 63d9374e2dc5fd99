import { escapeHtml } from '../../rules/normalise-html.js';
import type { GitHubAnnotationOptions } from './github-annotations.js';
import type { GitHubPullRequestState, GitHubSignal } from './github-signal.js';
import { gitHubHost, isTrustedGitHubUrl } from './github-url-policy.js';

/** What one GitHub signal shows on its work item, decided before any Plane call. */
export interface GitHubAnnotationPlan {
  /** Set when the signal's URL is not one we show: the ledger's decision and the URL as recorded. */
  readonly refusal?: { readonly decision: string; readonly refusedUrl: string };
  /** The pull request's link, when it has a trusted URL. */
  readonly link?: { readonly url: string; readonly title: string };
  /** The comment; its external id makes a replay write nothing. */
  readonly comment: {
    readonly commentHtml: string;
    readonly externalId: string;
    readonly externalSource: string;
  };
  /** The Plane state name a pull request moves to by its state; undefined: no move. */
  readonly moveToState?: string;
  /** The ledger's decision once the signal is shown. */
  readonly decision: string;
}

/** `external_source` of the comments GitHub annotations write. */
export const gitHubExternalSource = 'github';

/**
 * Plans how a signal shows on the work item with key `workItemKey`: a URL that is not `https:` on
 * GitHub's host (or the configured Enterprise host) is refused, neither linked nor shown as a link; a pull
 * request with a trusted URL is linked; every signal is commented; a pull request may move state.
 */
export function planGitHubAnnotation(
  signal: GitHubSignal,
  workItemKey: string,
  options: Pick<GitHubAnnotationOptions, 'stateMoves' | 'enterpriseHost'>,
): GitHubAnnotationPlan {
  const url =
    signal.url === null || isTrustedGitHubUrl(signal.url, options.enterpriseHost)
      ? signal.url
      : null;
  const hosts =
    options.enterpriseHost === undefined
      ? gitHubHost
      : `${gitHubHost} or ${options.enterpriseHost}`;
  const moveToState =
    signal.type === 'pull-request' ? options.stateMoves?.[signal.state] : undefined;
  return {
    ...(signal.url !== null && url === null
      ? {
          refusal: {
            decision: `refused the URL of GitHub ${describeSignal(signal)} on ${workItemKey}: only https URLs on ${hosts} are shown`,
            // Cut short: the URL is the sender's text, and the ledger needs only enough to recognise it.
            refusedUrl: signal.url.slice(0, 200),
          },
        }
      : {}),
    ...(signal.type === 'pull-request' && url !== null
      ? {
          link: {
            url,
            title: `${signal.repository}#${signal.number}: ${signal.title}`.slice(0, 255),
          },
        }
      : {}),
    comment: {
      commentHtml: commentOf(signal, url),
      externalId: commentIdOf(signal),
      externalSource: gitHubExternalSource,
    },
    ...(moveToState === undefined ? {} : { moveToState }),
    decision: `GitHub ${describeSignal(signal)} shown on ${workItemKey}`,
  };
}

/** The comment's external id: one per PR state, one per check conclusion of a commit. */
export function commentIdOf(signal: GitHubSignal): string {
  return signal.type === 'pull-request'
    ? `github:${signal.repository}#${signal.number}:${signal.state}`
    : `github:${signal.repository}@${signal.sha}:${signal.name}:${signal.conclusion}`;
}

function describeSignal(signal: GitHubSignal): string {
  return signal.type === 'pull-request'
    ? `PR ${signal.repository}#${signal.number} ${signal.state}`
    : `CI ${signal.name} ${signal.conclusion}`;
}

const stateWords: Record<GitHubPullRequestState, string> = {
  open: 'opened',
  draft: 'opened as a draft',
  ready: 'marked ready for review',
  reopened: 'reopened',
  closed: 'closed without merging',
  merged: 'merged',
};

/** The comment; `url` is the signal's URL once trusted, or null when there is none to show. */
function commentOf(signal: GitHubSignal, url: string | null): string {
  const linked = (text: string): string =>
    url === null ? text : `<a href="${escapeHtml(url)}">${text}</a>`;
  if (signal.type === 'pull-request') {
    const link = linked(`${escapeHtml(signal.repository)}#${signal.number}`);
    return `<p>Pull request ${link} ${stateWords[signal.state]}: ${escapeHtml(signal.title)}</p>`;
  }
  const shown = linked(escapeHtml(signal.name));
  return `<p>CI ${shown} on ${escapeHtml(signal.repository)}@${escapeHtml(signal.sha.slice(0, 7))}: ${escapeHtml(signal.conclusion)}</p>`;
}
