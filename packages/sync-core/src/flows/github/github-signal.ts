/** A pull request's state as the work item shows it; one comment per state. */
export type GitHubPullRequestState = 'open' | 'draft' | 'ready' | 'reopened' | 'closed' | 'merged';

/**
 * What a GitHub delivery tells a Plane work item (Plane owns PR linkage and CI signals; GitHub never
 * writes to Odoo).
 * - `pull-request`: link the PR, comment once per state, optionally move the work item's state.
 * - `ci`: comment once per check conclusion of a commit.
 */
export type GitHubSignal =
  | {
      readonly type: 'pull-request';
      /** `owner/name`. */
      readonly repository: string;
      readonly number: number;
      readonly title: string;
      readonly url: string;
      readonly state: GitHubPullRequestState;
    }
  | {
      readonly type: 'ci';
      readonly repository: string;
      /** The check, workflow or status context name. */
      readonly name: string;
      /** GitHub's conclusion (`success`, `failure`, `cancelled`, …) or commit status state. */
      readonly conclusion: string;
      readonly url: string | null;
      readonly sha: string;
    };
