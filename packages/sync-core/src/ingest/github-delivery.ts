import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { GitHubPullRequestState, GitHubSignal } from '../flows/github/github-signal.js';
import type { SyncJobOfKind } from '../sync-job.js';

/** The `X-GitHub-Event` values that become work-item annotations. */
export const gitHubEvents = [
  'pull_request',
  'check_suite',
  'check_run',
  'workflow_run',
  'status',
] as const;

const repositorySchema = z.looseObject({ full_name: z.string() });
const pullRequestRefSchema = z.looseObject({
  head: z.looseObject({ ref: z.string() }).optional(),
});
const pullRequestsSchema = z.array(pullRequestRefSchema).nullish();

const pullRequestEventSchema = z.looseObject({
  action: z.string(),
  repository: repositorySchema,
  pull_request: z.looseObject({
    number: z.number().int(),
    title: z.string(),
    body: z.string().nullish(),
    html_url: z.string(),
    state: z.string(),
    merged: z.boolean().nullish(),
    draft: z.boolean().nullish(),
    head: z.looseObject({ ref: z.string() }),
  }),
});
const checkRunEventSchema = z.looseObject({
  action: z.string(),
  repository: repositorySchema,
  check_run: z.looseObject({
    name: z.string(),
    status: z.string(),
    conclusion: z.string().nullish(),
    html_url: z.string().nullish(),
    head_sha: z.string(),
    check_suite: z.looseObject({ head_branch: z.string().nullish() }).nullish(),
    pull_requests: pullRequestsSchema,
  }),
});
const checkSuiteEventSchema = z.looseObject({
  action: z.string(),
  repository: repositorySchema,
  check_suite: z.looseObject({
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    app: z.looseObject({ name: z.string() }).nullish(),
    pull_requests: pullRequestsSchema,
  }),
});
const workflowRunEventSchema = z.looseObject({
  action: z.string(),
  repository: repositorySchema,
  workflow_run: z.looseObject({
    name: z.string().nullish(),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    html_url: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    display_title: z.string().nullish(),
    pull_requests: pullRequestsSchema,
  }),
});
const statusEventSchema = z.looseObject({
  repository: repositorySchema,
  sha: z.string(),
  state: z.string(),
  context: z.string(),
  target_url: z.string().nullish(),
  branches: z.array(z.looseObject({ name: z.string() })).nullish(),
});

/** Work-item keys look like `PROJ-123`: a Plane project identifier (≤ 12 letters/digits) and a sequence. */
// Bounded by anything but a letter or digit, so `web-12_fix` and `feature/WEB-12` both match.
const keyPattern = /(?<![A-Za-z0-9])([A-Z][A-Z0-9]{0,11})-([1-9][0-9]{0,8})(?![A-Za-z0-9])/g;
/** Identifier-like words that are standards or encodings, not Plane projects. */
const notProjects = new Set(['SHA', 'UTF', 'ISO', 'RFC', 'CVE', 'HTTP', 'TLS', 'X']);
const maxKeys = 10;

/**
 * Work-item keys mentioned in text, in order of appearance, without repeats. Branch names are matched
 * case-insensitively (`proj-123-fix-login`); titles and bodies only in capitals, where a key is meant.
 */
export function findWorkItemKeys(
  texts: readonly (string | null | undefined)[],
  branches: readonly (string | null | undefined)[] = [],
): string[] {
  const keys: string[] = [];
  const scan = (text: string): void => {
    for (const match of text.matchAll(keyPattern)) {
      const [, identifier, sequence] = match;
      if (identifier === undefined || sequence === undefined || notProjects.has(identifier))
        continue;
      const key = `${identifier}-${sequence}`;
      if (!keys.includes(key) && keys.length < maxKeys) keys.push(key);
    }
  };
  for (const text of texts) if (typeof text === 'string') scan(text);
  for (const branch of branches) if (typeof branch === 'string') scan(branch.toUpperCase());
  return keys;
}

/** What a GitHub delivery asks for. */
export interface GitHubDelivery {
  readonly jobs: readonly SyncJobOfKind<'github-signal'>[];
  /** The serial key of the delivery when it names no work item. */
  readonly entityKey: string;
}

/**
 * Reads a verified GitHub delivery into one annotation job per work-item key mentioned. Events other
 * than {@link gitHubEvents} (a `ping`, say) and checks that are not completed yet give no job; they are
 * accepted so GitHub does not mark the hook as failing.
 */
export function parseGitHubDelivery(event: string, json: unknown): Result<GitHubDelivery, string> {
  const signals = signalsOf(event, json);
  if (signals.isErr()) return err(signals.error);
  const { keys, signal } = signals.value;
  const jobs: SyncJobOfKind<'github-signal'>[] =
    signal === null
      ? []
      : keys.map((workItemKey) => ({ kind: 'github-signal', workItemKey, signal }));
  const repository = repositoryOf(json);
  return ok({ jobs, entityKey: `github:${repository}:${event}` });
}

function signalsOf(
  event: string,
  json: unknown,
): Result<{ readonly keys: string[]; readonly signal: GitHubSignal | null }, string> {
  const none = ok({ keys: [], signal: null });
  switch (event) {
    case 'pull_request': {
      const parsed = pullRequestEventSchema.safeParse(json);
      if (!parsed.success) return err(describe(event, parsed.error));
      const { pull_request: pr, repository, action } = parsed.data;
      return ok({
        keys: findWorkItemKeys([pr.title, pr.body], [pr.head.ref]),
        signal: {
          type: 'pull-request',
          repository: repository.full_name,
          number: pr.number,
          title: pr.title,
          url: pr.html_url,
          state: pullRequestState(action, pr),
        },
      });
    }
    case 'check_run': {
      const parsed = checkRunEventSchema.safeParse(json);
      if (!parsed.success) return err(describe(event, parsed.error));
      const { check_run: run, repository } = parsed.data;
      if (run.status !== 'completed' || run.conclusion == null) return none;
      return ok({
        keys: findWorkItemKeys([], [run.check_suite?.head_branch, ...headRefs(run.pull_requests)]),
        signal: {
          type: 'ci',
          repository: repository.full_name,
          name: run.name,
          conclusion: run.conclusion,
          url: run.html_url ?? null,
          sha: run.head_sha,
        },
      });
    }
    case 'check_suite': {
      const parsed = checkSuiteEventSchema.safeParse(json);
      if (!parsed.success) return err(describe(event, parsed.error));
      const { check_suite: suite, repository } = parsed.data;
      if (suite.status !== 'completed' || suite.conclusion == null) return none;
      return ok({
        keys: findWorkItemKeys([], [suite.head_branch, ...headRefs(suite.pull_requests)]),
        signal: {
          type: 'ci',
          repository: repository.full_name,
          name: suite.app?.name ?? 'check suite',
          conclusion: suite.conclusion,
          url: null,
          sha: suite.head_sha,
        },
      });
    }
    case 'workflow_run': {
      const parsed = workflowRunEventSchema.safeParse(json);
      if (!parsed.success) return err(describe(event, parsed.error));
      const { workflow_run: run, repository } = parsed.data;
      if (run.status !== 'completed' || run.conclusion == null) return none;
      return ok({
        keys: findWorkItemKeys(
          [run.display_title],
          [run.head_branch, ...headRefs(run.pull_requests)],
        ),
        signal: {
          type: 'ci',
          repository: repository.full_name,
          name: run.name ?? 'workflow',
          conclusion: run.conclusion,
          url: run.html_url ?? null,
          sha: run.head_sha,
        },
      });
    }
    case 'status': {
      const parsed = statusEventSchema.safeParse(json);
      if (!parsed.success) return err(describe(event, parsed.error));
      const status = parsed.data;
      if (status.state === 'pending') return none;
      return ok({
        keys: findWorkItemKeys(
          [],
          (status.branches ?? []).map((branch) => branch.name),
        ),
        signal: {
          type: 'ci',
          repository: status.repository.full_name,
          name: status.context,
          conclusion: status.state,
          url: status.target_url ?? null,
          sha: status.sha,
        },
      });
    }
    default:
      return none;
  }
}

function pullRequestState(
  action: string,
  pr: {
    readonly state: string;
    readonly merged?: boolean | null | undefined;
    readonly draft?: boolean | null | undefined;
  },
): GitHubPullRequestState {
  if (pr.merged === true) return 'merged';
  if (pr.state === 'closed') return 'closed';
  if (action === 'reopened') return 'reopened';
  if (action === 'ready_for_review') return 'ready';
  return pr.draft === true ? 'draft' : 'open';
}

function headRefs(
  pullRequests:
    readonly { readonly head?: { readonly ref: string } | undefined }[] | null | undefined,
): string[] {
  return (pullRequests ?? []).flatMap((pr) => (pr.head === undefined ? [] : [pr.head.ref]));
}

function repositoryOf(json: unknown): string {
  const parsed = z.looseObject({ repository: repositorySchema }).safeParse(json);
  return parsed.success ? parsed.data.repository.full_name : 'unknown';
}

function describe(event: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue === undefined ? '' : issue.path.map(String).join('.');
  return `not a GitHub ${event} delivery (${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'})`;
}
