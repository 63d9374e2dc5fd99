import { err, ok, type Result } from 'neverthrow';
import type { PlaneWorkItem } from '../../domain.js';
import type { GitHubPullRequestState, GitHubSignal } from './github-signal.js';
import { planGitHubAnnotation } from './plan-annotation.js';
import type { LedgerWrite, PlaneGateway, PlaneLinks } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import { type FlowContext } from '../flow-context.js';
import { record } from '../ledger-record.js';
import type { SyncError } from '../../sync-error.js';

/** The Plane calls of the GitHub flow (links and key lookups go through `GitHubAnnotationOptions.links`). */
export type GitHubPlanePort = Pick<PlaneGateway, 'createComment' | 'listStates' | 'updateWorkItem'>;

/** How GitHub signals show on Plane work items. */
export interface GitHubAnnotationOptions {
  /** Finding work items by key and linking PRs; `@odoo-plane-sync/plane-client` satisfies it. */
  readonly links: PlaneLinks;
  /**
   * Optional state moves by PR state, by Plane state name (case-insensitive), e.g.
   * `{ merged: 'Done', open: 'In Review' }`. A name the project lacks is reported once and skipped.
   */
  readonly stateMoves?: Partial<Record<GitHubPullRequestState, string>>;
  /**
   * The host of a GitHub Enterprise Server (`github.example.com`) whose URLs are shown besides
   * `github.com`'s. Any other URL in a delivery is refused (see the sync-core README).
   */
  readonly enterpriseHost?: string;
}

export { commentIdOf, gitHubExternalSource } from './plan-annotation.js';

/**
 * Shows one GitHub signal on the work item with key `workItemKey`: a PR is linked (Plane refuses the
 * same URL twice with a 400, read as "already linked"), commented once per state (the comment's external
 * id is the repository, PR number and state, so a replay writes nothing) and optionally moved to a
 * configured state; a CI result is commented once per check and conclusion of a commit. A key that names
 * no work item is skipped and logged. A URL that is not `https:` on GitHub's host (or the configured
 * Enterprise host) is refused: recorded in the ledger, neither linked nor shown as a link, while the
 * comment and the state move still apply. Nothing is ever written to Odoo.
 */
export async function annotateWorkItem(
  context: FlowContext<GitHubPlanePort, unknown>,
  workItemKey: string,
  signal: GitHubSignal,
  options: GitHubAnnotationOptions | undefined,
): Promise<Result<void, SyncError>> {
  if (options === undefined) {
    await record(context, {
      entity: { model: 'plane' },
      decision: `GitHub annotations are not configured; ${workItemKey} left as it is`,
      writes: [],
      outcome: 'skipped',
    });
    return ok(undefined);
  }
  const found = await findWorkItemByKey(context, options.links, workItemKey, signal);
  if (found.isErr()) return err(found.error);
  const workItem = found.value;
  if (workItem === null) return ok(undefined);
  const plan = planGitHubAnnotation(signal, workItemKey, options);
  if (plan.refusal !== undefined) {
    await record(context, {
      entity: { model: 'plane', planeId: workItem.id },
      decision: plan.refusal.decision,
      writes: [],
      outcome: 'skipped',
      detail: { refusedUrl: plan.refusal.refusedUrl },
    });
  }

  const writes: LedgerWrite[] = [];
  const target = `work item ${workItemKey}`;
  if (plan.link !== undefined) {
    const linked = await options.links.createLink(workItem.projectId, workItem.id, plan.link);
    // A refused link is one the item has already ("URL already exists"): the comment still follows.
    if (linked.isOk()) writes.push({ system: 'plane', operation: 'create link', target });
    else if (linked.error.failureKind !== 'validation') {
      return err({
        kind: 'upstream',
        system: 'plane',
        operation: 'create link',
        failure: linked.error,
      });
    }
  }

  const comment = await callUpstream(
    'plane',
    'create comment',
    context.plane.createComment(workItem.projectId, workItem.id, plan.comment),
  );
  if (comment.isErr()) return err(comment.error);
  if (comment.value.created) writes.push({ system: 'plane', operation: 'create comment', target });

  const moved = await moveState(context, workItem, plan.moveToState, workItemKey);
  if (moved.isErr()) return err(moved.error);
  if (moved.value)
    writes.push({ system: 'plane', operation: 'update work item', target, fields: ['state'] });

  await record(context, {
    entity: { model: 'plane', planeId: workItem.id },
    decision: plan.decision,
    writes,
    outcome: writes.length === 0 ? 'unchanged' : 'applied',
  });
  return ok(undefined);
}

/**
 * The work item a key names; null when there is none, recorded as skipped. Plane CE answers 403
 * (forbidden) for a project identifier it does not know (or the bot cannot see) and 404 for an unknown
 * sequence in a known project: both mean "no such work item" here.
 */
async function findWorkItemByKey(
  context: FlowContext<GitHubPlanePort, unknown>,
  links: Pick<PlaneLinks, 'getWorkItemByIdentifier'>,
  workItemKey: string,
  signal: GitHubSignal,
): Promise<Result<PlaneWorkItem | null, SyncError>> {
  const found = await links.getWorkItemByIdentifier(workItemKey);
  if (found.isOk()) return ok(found.value);
  if (found.error.failureKind === 'not-found' || found.error.failureKind === 'forbidden') {
    await record(context, {
      entity: { model: 'plane' },
      decision: `no Plane work item ${workItemKey}; the GitHub ${signal.type} is not shown`,
      writes: [],
      outcome: 'skipped',
    });
    return ok(null);
  }
  return err({
    kind: 'upstream',
    system: 'plane',
    operation: 'get work item by key',
    failure: found.error,
  });
}

/** Moves the work item to the named state; false when nothing had to move. */
async function moveState(
  context: FlowContext<GitHubPlanePort, unknown>,
  workItem: PlaneWorkItem,
  stateName: string | undefined,
  workItemKey: string,
): Promise<Result<boolean, SyncError>> {
  if (stateName === undefined) return ok(false);
  const states = await callUpstream(
    'plane',
    'list states',
    context.plane.listStates(workItem.projectId),
  );
  if (states.isErr()) return err(states.error);
  const state = states.value.find(
    (candidate) => candidate.name.toLowerCase() === stateName.toLowerCase(),
  );
  if (state === undefined) {
    await context.notifyOnce({
      severity: 'warning',
      title: 'GitHub state move skipped',
      text: `The Plane project of ${workItemKey} has no state named "${stateName}".`,
      dedupeKey: `github-state-missing:${workItem.projectId}:${stateName}`,
    });
    return ok(false);
  }
  if (workItem.stateId === state.id) return ok(false);
  const updated = await callUpstream(
    'plane',
    'update work item',
    context.plane.updateWorkItem(workItem.projectId, workItem.id, { stateId: state.id }),
  );
  return updated.map(() => true);
}
