import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { GitHubPullRequestState, GitHubSignal } from '../flows/github/github-signal.js';
import { findWorkItemKeys } from './work-item-keys.js';

/** The `X-GitHub-Event` values that become work-item annotations. */
export const gitHubEvents = [
  'pull_request',
  'check_suite',
  'check_run',
  'workflow_run',
  'status',
] as const;

/** One of {@link gitHubEvents}. */
type GitHubEvent = (typeof gitHubEvents)[number];

/** The signal an event carries and the work-item keys it mentions; `signal: null` when it carries none. */
export interface GitHubEventSignals {
  readonly keys: string[];
  readonly signal: GitHubSignal | null;
}

/** Reads one event type's body (already JSON-parsed), or says why it is not that event's shape. */
type SignalDecoder = (json: unknown) => Result<GitHubEventSignals, string>;

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

const noSignal = (): Result<GitHubEventSignals, string> => ok({ keys: [], signal: null });

function pullRequestSignals(json: unknown): Result<GitHubEventSignals, string> {
  const parsed = pullRequestEventSchema.safeParse(json);
  if (!parsed.success) return err(describe('pull_request', parsed.error));
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

function checkRunSignals(json: unknown): Result<GitHubEventSignals, string> {
  const parsed = checkRunEventSchema.safeParse(json);
  if (!parsed.success) return err(describe('check_run', parsed.error));
  const { check_run: run, repository } = parsed.data;
  if (run.status !== 'completed' || run.conclusion == null) return noSignal();
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

function checkSuiteSignals(json: unknown): Result<GitHubEventSignals, string> {
  const parsed = checkSuiteEventSchema.safeParse(json);
  if (!parsed.success) return err(describe('check_suite', parsed.error));
  const { check_suite: suite, repository } = parsed.data;
  if (suite.status !== 'completed' || suite.conclusion == null) return noSignal();
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

function workflowRunSignals(json: unknown): Result<GitHubEventSignals, string> {
  const parsed = workflowRunEventSchema.safeParse(json);
  if (!parsed.success) return err(describe('workflow_run', parsed.error));
  const { workflow_run: run, repository } = parsed.data;
  if (run.status !== 'completed' || run.conclusion == null) return noSignal();
  return ok({
    keys: findWorkItemKeys([run.display_title], [run.head_branch, ...headRefs(run.pull_requests)]),
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

function statusSignals(json: unknown): Result<GitHubEventSignals, string> {
  const parsed = statusEventSchema.safeParse(json);
  if (!parsed.success) return err(describe('status', parsed.error));
  const status = parsed.data;
  if (status.state === 'pending') return noSignal();
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

/** One decoder per annotated event; checks that are not completed yet carry no signal. */
const signalDecoders: Readonly<Record<GitHubEvent, SignalDecoder>> = {
  pull_request: pullRequestSignals,
  check_suite: checkSuiteSignals,
  check_run: checkRunSignals,
  workflow_run: workflowRunSignals,
  status: statusSignals,
};

/** The signal and keys of a verified delivery of `event`; an event not in {@link gitHubEvents} carries none. */
export function signalsOf(event: string, json: unknown): Result<GitHubEventSignals, string> {
  // Own keys only, so an event named like an Object member (`constructor`) is one more unknown event.
  const decode = Object.hasOwn(signalDecoders, event)
    ? signalDecoders[event as GitHubEvent]
    : undefined;
  return decode === undefined ? noSignal() : decode(json);
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

/** The `repository.full_name` a delivery names, or `unknown`. */
export function repositoryOf(json: unknown): string {
  const parsed = z.looseObject({ repository: repositorySchema }).safeParse(json);
  return parsed.success ? parsed.data.repository.full_name : 'unknown';
}

function describe(event: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue === undefined ? '' : issue.path.map(String).join('.');
  return `not a GitHub ${event} delivery (${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'})`;
}
