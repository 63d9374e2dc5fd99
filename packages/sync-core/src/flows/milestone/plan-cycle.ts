import { addDays } from '../../rules/dates.js';
import type { DateOnly, OdooMilestone } from '../../domain.js';
import { sameValue } from '../../rules/field-merge.js';
import type { ShadowValue } from '../../ports.js';

export interface DesiredCycle {
  readonly name: string;
  readonly startDate: DateOnly | null;
  readonly endDate: DateOnly | null;
}

/**
 * A milestone as a Plane cycle (pure). Plane needs both dates or neither. End = the milestone deadline.
 * Start, in order of preference: the day after the previous milestone's deadline (milestones then tile the
 * project), else the project start, else the deadline minus the configured length (default 14 days). A start
 * that would fall after the end is clamped to the end. No deadline: a cycle without dates.
 */
export function desiredCycleOf(
  milestone: OdooMilestone,
  context: {
    readonly previousDeadline: DateOnly | null;
    readonly projectStart: DateOnly | null;
    readonly defaultLengthDays: number;
  },
): DesiredCycle {
  const end = milestone.deadline;
  if (end === null) return { name: milestone.name, startDate: null, endDate: null };
  const candidate =
    context.previousDeadline !== null
      ? addDays(context.previousDeadline, 1)
      : (context.projectStart ?? addDays(end, -context.defaultLengthDays));
  return { name: milestone.name, startDate: candidate > end ? end : candidate, endDate: end };
}

export function cycleShadowOf(desired: DesiredCycle): Record<string, ShadowValue> {
  return { name: desired.name, startDate: desired.startDate, endDate: desired.endDate };
}

export type CyclePlan =
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'update';
      readonly patch: Partial<DesiredCycle>;
      readonly shadow: Record<string, ShadowValue>;
    }
  /** Plane refuses edits to a completed cycle (400 "already been completed"): the ledger says so instead. */
  | { readonly kind: 'completed'; readonly wanted: Partial<DesiredCycle> };

/**
 * The PATCH for a mapped cycle, from the shadow. A cycle whose synced end date is before `today` is
 * completed in Plane and is not edited.
 */
export function planCycleUpdate(
  desired: DesiredCycle,
  shadow: Readonly<Record<string, ShadowValue>>,
  today: DateOnly,
): CyclePlan {
  let patch: Partial<DesiredCycle> = {};
  if (!sameValue(desired.name, shadow.name)) patch = { ...patch, name: desired.name };
  if (
    !sameValue(desired.startDate, shadow.startDate) ||
    !sameValue(desired.endDate, shadow.endDate)
  ) {
    // Plane validates the pair, so both dates always travel together.
    patch = { ...patch, startDate: desired.startDate, endDate: desired.endDate };
  }
  if (Object.keys(patch).length === 0) return { kind: 'unchanged' };
  const syncedEnd = typeof shadow.endDate === 'string' ? shadow.endDate : null;
  if (syncedEnd !== null && syncedEnd < today) return { kind: 'completed', wanted: patch };
  return { kind: 'update', patch, shadow: { ...shadow, ...cycleShadowOf(desired) } };
}
