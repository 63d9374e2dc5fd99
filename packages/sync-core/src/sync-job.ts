import type { GitHubSignal } from './flows/github/github-signal.js';
import type { OdooModel } from './ports.js';

/** One unit of work for the engine: what a webhook, the poller or a schedule asks for. */
export type SyncJob =
  | {
      readonly kind: 'odoo-record';
      readonly model: OdooModel;
      readonly odooId: number;
      /**
       * `odoo-webhook`: announced by an Odoo automation webhook, which 17.0 and 18.0 send before their
       * transaction commits, so "not found" may mean "not committed yet" (see `retry.notCommittedYet`).
       */
      readonly origin?: 'odoo-webhook';
    }
  | { readonly kind: 'project-tree'; readonly odooProjectId: number }
  | {
      readonly kind: 'plane-work-item';
      readonly planeProjectId: string;
      readonly workItemId: string;
      /** The webhook's actor, for the bot pre-filter. */
      readonly actorId?: string;
    }
  | {
      /** A GitHub pull request or CI result to show on the Plane work item with this key (`PROJ-123`). */
      readonly kind: 'github-signal';
      readonly workItemKey: string;
      readonly signal: GitHubSignal;
    };

/** The jobs of one kind, such as the `odoo-record` jobs an Odoo webhook is normalised to. */
export type SyncJobOfKind<K extends SyncJob['kind']> = Extract<SyncJob, { readonly kind: K }>;

/**
 * The serial key of a job: jobs with the same key run one at a time and a newer pending one replaces an
 * older one (decision 5). A Plane work item's key is its own id; the engine maps it to the Odoo task.
 */
export function entityKeyOf(job: SyncJob): string {
  switch (job.kind) {
    case 'odoo-record':
      return `${job.model}:${job.odooId}`;
    case 'project-tree':
      return `tree:${job.odooProjectId}`;
    case 'plane-work-item':
      return `plane:${job.workItemId}`;
    case 'github-signal':
      // One key per PR (serial, so configured state moves cannot race; a state superseded while still
      // waiting gets no comment of its own) and per check of a commit.
      return job.signal.type === 'pull-request'
        ? `github:${job.workItemKey}:${job.signal.repository}#${job.signal.number}`
        : `github:${job.workItemKey}:${job.signal.repository}@${job.signal.sha}:${job.signal.name}`;
  }
}
