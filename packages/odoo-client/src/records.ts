import type { DateOnly, Instant, OdooRef } from './values.js';

// The decoded records the client returns. Field lists are in `record-fields.ts`, the decoders in
// `record-decoders.ts` and `task-decoder.ts`.

/** A `project.project`, decoded. */
export interface OdooProject {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  /** Project manager (`user_id`). */
  readonly userId: OdooRef | null;
  /** Customer (`partner_id`). */
  readonly partnerId: OdooRef | null;
  readonly dateStart: DateOnly | null;
  /** Project end (`date`, "Expiration Date"). */
  readonly date: DateOnly | null;
  readonly allowMilestones: boolean;
  readonly allowTaskDependencies: boolean;
  readonly active: boolean;
  readonly writeDate: Instant;
  /** PPM extension (`wbs_code`); absent when the server lacks the field. */
  readonly wbsCode?: string | null;
  /** PPM extension (`portfolio_id`); absent when the server lacks the field. */
  readonly portfolio?: OdooRef | null;
}

/** A `project.milestone`, decoded. */
export interface OdooMilestone {
  readonly id: number;
  readonly name: string;
  readonly projectId: OdooRef | null;
  readonly deadline: DateOnly | null;
  readonly isReached: boolean;
  readonly reachedDate: DateOnly | null;
  readonly writeDate: Instant;
}

/** A task stage (`project.task.type`), decoded. */
export interface OdooStage {
  readonly id: number;
  readonly name: string;
  readonly sequence: number;
  /** Folded stages are the "closed" columns; Odoo sets `date_end` when a task enters one. */
  readonly fold: boolean;
  readonly projectIds: readonly number[];
  readonly active: boolean;
}

/** A `res.users`, decoded. */
export interface OdooUser {
  readonly id: number;
  readonly name: string;
  readonly login: string;
  readonly email: string | null;
  readonly active: boolean;
}

/** Task status normalised across versions (17+ `state` keys; 16 `kanban_state` values). */
export type OdooTaskState =
  | 'in_progress'
  | 'changes_requested'
  | 'approved'
  | 'done'
  | 'canceled'
  | 'waiting'
  /** 16 `kanban_state = 'done'` ("Ready" for the next stage). */
  | 'ready'
  /** 16 `kanban_state = 'blocked'`. */
  | 'blocked';

/** Task priority normalised to four levels; a two-level server (16–18) only uses `low` and `high`. */
export type OdooPriorityLevel = 'low' | 'medium' | 'high' | 'urgent';

/** A task deadline: a calendar date on 16, a UTC moment from 17. */
export type OdooDeadline =
  | { readonly kind: 'date'; readonly value: DateOnly }
  | { readonly kind: 'instant'; readonly value: Instant };

/** A `project.task`, decoded; optional members are absent when the server lacks the field. */
export interface OdooTask {
  readonly id: number;
  readonly name: string;
  readonly descriptionHtml: string | null;
  readonly projectId: OdooRef | null;
  readonly stage: OdooRef | null;
  readonly userIds: readonly number[];
  readonly parentId: OdooRef | null;
  readonly childIds: readonly number[];
  readonly milestoneId: OdooRef | null;
  readonly dependOnIds: readonly number[];
  /** Odoo's priority key as stored: `'0'`/`'1'` before 19, `'0'`…`'3'` from 19. */
  readonly priority: string;
  readonly priorityLevel: OdooPriorityLevel;
  readonly dateDeadline: OdooDeadline | null;
  /** Enterprise-only `planned_date_begin`. */
  readonly plannedDateBegin?: Instant | null;
  /** `allocated_hours` (17+) or `planned_hours` (16); `null` when zero-less empty or absent. */
  readonly allocatedHours: number | null;
  /** Normalised status; `null` when the value is unknown or the server has no status field. */
  readonly state: OdooTaskState | null;
  /** The status as stored (`'01_in_progress'`, `'normal'`, …). */
  readonly stateRaw: string | null;
  readonly active: boolean;
  readonly writeDate: Instant;
  /** Tags (`tag_ids`, `project.tags` ids). */
  readonly tagIds: readonly number[];
  /**
   * Fields asked for by name with `readTasks(ids, { extraFields })` (custom ship flags and the like), decoded
   * by their `fields_get` type; a name the server lacks is left out.
   */
  readonly extraFields?: Readonly<Record<string, OdooFieldValue>>;
  /** PPM extension (`is_shipped`). */
  readonly isShipped?: boolean | null;
  /** PPM extension (`shipped_at`). */
  readonly shippedAt?: Instant | null;
  /** PPM extension (`deployment_ids`). */
  readonly deploymentIds?: readonly number[] | null;
}

/**
 * A field value decoded by its `fields_get` type: `boolean` as is, `date` as `YYYY-MM-DD`, `datetime` as an
 * ISO instant, x2many as ids, many2one as a ref, numbers and strings as they are, Odoo's `false` as `null`.
 */
export type OdooFieldValue = boolean | number | string | readonly number[] | OdooRef | null;
