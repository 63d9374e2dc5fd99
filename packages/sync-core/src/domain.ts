/**
 * The core's view of both systems. Each type lists only the fields the core reads; the client packages
 * return richer objects that satisfy these shapes structurally, so wire formats (Odoo's `false` for empty,
 * `[id, name]` pairs, Plane's snake_case) never reach the core.
 */

/** A calendar date, `YYYY-MM-DD`, with no time zone. */
export type DateOnly = string;
/** A moment in time as an ISO-8601 UTC string. */
export type Instant = string;

/** Odoo many2one, decoded. */
export interface OdooRef {
  readonly id: number;
  readonly name: string;
}

export interface OdooProject {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml?: string | null;
  /** Project manager (`user_id`). */
  readonly userId: OdooRef | null;
  readonly dateStart?: DateOnly | null;
  /** Project end date (`date`). */
  readonly date?: DateOnly | null;
  readonly allowMilestones?: boolean;
  readonly active: boolean;
  /** PPM extension: work breakdown structure code. */
  readonly wbsCode?: string | null;
  /** PPM extension: portfolio. */
  readonly portfolio?: OdooRef | null;
}

export interface OdooMilestone {
  readonly id: number;
  readonly name: string;
  readonly projectId: OdooRef | null;
  readonly deadline: DateOnly | null;
  readonly isReached?: boolean;
}

export interface OdooTask {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  readonly projectId: OdooRef | null;
  readonly stage: OdooRef | null;
  readonly userIds: readonly number[];
  readonly parentId: OdooRef | null;
  readonly milestoneId: OdooRef | null;
  readonly dependOnIds: readonly number[];
  /** Odoo's priority key as stored: '0'/'1' before 19, '0'..'3' from 19. */
  readonly priority: string;
  /** `date_deadline`: a date on 16, a UTC datetime from 17. */
  readonly dateDeadline:
    | { readonly kind: 'date'; readonly value: DateOnly }
    | { readonly kind: 'instant'; readonly value: Instant }
    | null;
  /** Enterprise-only `planned_date_begin`, when the server has it. */
  readonly plannedDateBegin?: Instant | null;
  readonly active: boolean;
  /** The task status as stored: `state` on 17+ (`'01_in_progress'`, `'1_done'`…), `kanban_state` on 16. */
  readonly stateRaw?: string | null;
  /** Tags (`project.tags` ids). */
  readonly tagIds?: readonly number[];
  /** Fields read by name (the configured ship signal's custom fields), decoded by the client. */
  readonly extraFields?: Readonly<Record<string, OdooFieldValue>>;
  /** PPM extension. */
  readonly isShipped?: boolean | null;
  readonly shippedAt?: Instant | null;
  readonly deploymentIds?: readonly number[] | null;
}

/** A field read by name, decoded: Odoo's `false` for empty is `null`, x2many are ids, datetimes are instants. */
export type OdooFieldValue = boolean | number | string | readonly number[] | OdooRef | null;

export interface OdooUser {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
}

/** What the Odoo server offers, detected at start-up. */
export interface OdooCapabilities {
  readonly version: number;
  /** 2 levels ('0','1') before 19, 4 levels ('0'..'3') from 19. */
  readonly priorityLevels: 2 | 4;
  readonly hasPlannedDateBegin: boolean;
  /** Task status field: `state` (17+, written on Plane completion/cancellation) or `kanban_state` (16, never written). */
  readonly taskStateField?: 'state' | 'kanban_state' | null;
  /** `fields_get` type of each `project.task` field, to check a configured ship field at start-up. */
  readonly taskFieldTypes?: Readonly<Record<string, string>>;
  readonly ppm: {
    readonly wbsCode: boolean;
    readonly portfolio: boolean;
    readonly isShipped: boolean;
    readonly shippedAt: boolean;
    readonly deployments: boolean;
  };
}

export type PlaneStateGroup =
  'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled' | 'triage';
export type PlanePriority = 'urgent' | 'high' | 'medium' | 'low' | 'none';

export interface PlaneProject {
  readonly id: string;
  readonly name: string;
  readonly identifier: string;
  readonly cycleView?: boolean;
}

export interface PlaneState {
  readonly id: string;
  readonly name: string;
  readonly group: string;
}

export interface PlaneLabel {
  readonly id: string;
  readonly name: string;
}

export interface PlaneMember {
  readonly id: string;
  readonly email?: string | null;
}

export interface PlaneCycle {
  readonly id: string;
  readonly name: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

export interface PlaneWorkItem {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly descriptionHtml: string | null;
  readonly stateId: string | null;
  readonly priority: string;
  readonly startDate: DateOnly | null;
  readonly targetDate: DateOnly | null;
  readonly assigneeIds: readonly string[];
  readonly labelIds: readonly string[];
  readonly parentId: string | null;
  /** The cycle the item is in, when the API response carries it. */
  readonly cycleId?: string | null;
  readonly externalId?: string | null;
  readonly externalSource?: string | null;
}
