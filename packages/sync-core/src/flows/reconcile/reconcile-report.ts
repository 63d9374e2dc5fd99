import type { FieldOwner } from '../../rules/ownership.js';

/** One field that differs between the two systems, and what reconciliation did (or would do) about it. */
export interface DriftItem {
  readonly odooTaskId: number;
  readonly planeWorkItemId: string | null;
  readonly field: string;
  readonly odooValue: unknown;
  readonly planeValue: unknown;
  /**
   * `plane-updated`: Odoo's value written to Plane; `odoo-updated`: Plane's state moved the Odoo stage;
   * `moved`: the task changed Odoo project and its work item was recreated in the new Plane project;
   * `failed`: the repair was tried and failed (the item is in `failed`, the rest went on).
   */
  readonly repair:
    'plane-updated' | 'odoo-updated' | 'marked' | 'created' | 'moved' | 'reported' | 'failed';
  /** The system that owns the field: its value is the one kept. */
  readonly owner: FieldOwner;
  /**
   * What reconciliation does about it, or in a dry run would do (`repair` then says `reported`);
   * `none`: it is only reported (a person decides).
   */
  readonly action: 'plane-updated' | 'odoo-updated' | 'marked' | 'created' | 'moved' | 'none';
}

/** A task or project reconciliation could not check or repair; the others were still done. */
export interface ReconcileFailure {
  readonly model: 'project.project' | 'project.task';
  readonly odooId: number;
  readonly planeId: string | null;
  /** One line, safe for logs (`describeSyncError`). */
  readonly reason: string;
}

/** Counts of one reconciliation, also stored as the sync state `reconciliation:last`. */
export interface ReconcileReport {
  readonly correlationId: string;
  readonly dryRun: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly projects: number;
  readonly checked: number;
  readonly drift: readonly DriftItem[];
  readonly repaired: number;
  readonly markedArchived: number;
  readonly markedDeleted: number;
  readonly createdInPlane: number;
  /** Mapped work items Plane no longer lists (deleted or archived there); each is reported once. */
  readonly missingInPlane: number;
  /** What could not be checked or repaired; a failure of one item never stops the others. */
  readonly failed: readonly ReconcileFailure[];
  /**
   * Plane list calls made: one per mapped cycle, plus the project's work-item list (one call per 1000 items
   * on CE, 100 elsewhere) when some compared work item is in no cycle.
   */
  readonly planeReads: number;
  /** Odoo reads made (one `search_read` across every project checked). */
  readonly odooReads: number;
}

/** The report's counts while a reconciliation runs: every project and task step adds to them. */
export interface ReconcileCounters {
  drift: DriftItem[];
  checked: number;
  repaired: number;
  markedArchived: number;
  markedDeleted: number;
  createdInPlane: number;
  missingInPlane: number;
  failed: ReconcileFailure[];
  planeReads: number;
  odooReads: number;
}

/** The counters of a reconciliation that has not done anything yet. */
export function createReconcileCounters(): ReconcileCounters {
  return {
    drift: [],
    checked: 0,
    repaired: 0,
    markedArchived: 0,
    markedDeleted: 0,
    createdInPlane: 0,
    missingInPlane: 0,
    failed: [],
    planeReads: 0,
    odooReads: 0,
  };
}
