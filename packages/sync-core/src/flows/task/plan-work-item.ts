import type { PlanePriority, PlaneWorkItem } from '../../domain.js';
import { mergeField, type FieldConflict } from '../../rules/field-merge.js';
import { normaliseHtml } from '../../rules/normalise-html.js';
import type { OwnershipMatrix, WorkItemField } from '../../rules/ownership.js';
import type { PlaneWorkItemInput, ShadowValue } from '../../ports.js';

/**
 * A task as Plane should show it, already translated into Plane terms. `undefined` means "cannot be
 * decided now, leave Plane as it is": an assignee with no Plane user (unknown is not empty), a parent that
 * is not mapped yet.
 */
export interface DesiredWorkItem {
  readonly name: string;
  readonly descriptionHtml: string;
  readonly startDate: string | null | undefined;
  readonly targetDate: string | null | undefined;
  readonly assigneeIds: readonly string[] | undefined;
  readonly parentId: string | null | undefined;
  readonly priority: PlanePriority;
  /** Only used when the work item is created; afterwards Plane owns its workflow state. */
  readonly stateId: string | undefined;
}

/** The fields written through the work-item endpoint, with their shadow keys. */
const patchFields = [
  'name',
  'description',
  'startDate',
  'targetDate',
  'assignees',
  'parent',
  'priority',
] as const;
type PatchField = (typeof patchFields)[number] & WorkItemField;

export interface WorkItemPlan {
  /** Fields to PATCH (empty: no call). */
  readonly patch: PlaneWorkItemInput;
  readonly changedFields: readonly PatchField[];
  readonly conflicts: readonly FieldConflict[];
  /** The shadow after the patch is applied. */
  readonly shadow: Readonly<Record<string, ShadowValue>>;
}

function shadowOfDesired(desired: DesiredWorkItem, field: PatchField): ShadowValue | undefined {
  switch (field) {
    case 'name':
      return desired.name;
    case 'description':
      return normaliseHtml(desired.descriptionHtml);
    case 'startDate':
      return desired.startDate;
    case 'targetDate':
      return desired.targetDate;
    case 'assignees':
      return desired.assigneeIds === undefined ? undefined : [...desired.assigneeIds].sort();
    case 'parent':
      return desired.parentId;
    case 'priority':
      return desired.priority;
  }
}

/** The normalised value of a field as Plane shows it (what the shadow holds). */
export function shadowOfWorkItem(item: PlaneWorkItem, field: PatchField): ShadowValue {
  switch (field) {
    case 'name':
      return item.name;
    case 'description':
      return normaliseHtml(item.descriptionHtml);
    case 'startDate':
      return item.startDate;
    case 'targetDate':
      return item.targetDate;
    case 'assignees':
      return [...item.assigneeIds].sort();
    case 'parent':
      return item.parentId;
    case 'priority':
      return item.priority;
  }
}

/** The shadow of a work item that already exists (a 409, or found after a crash): what it holds now. */
export function shadowOfExistingWorkItem(item: PlaneWorkItem): Record<string, ShadowValue> {
  const shadow: Record<string, ShadowValue> = {};
  for (const field of patchFields) shadow[field] = shadowOfWorkItem(item, field);
  if (item.stateId !== null) shadow.state = item.stateId;
  return shadow;
}

function patchEntry(desired: DesiredWorkItem, field: PatchField): PlaneWorkItemInput {
  switch (field) {
    case 'name':
      return { name: desired.name };
    case 'description':
      return { descriptionHtml: writableDescriptionHtml(desired.descriptionHtml) };
    case 'startDate':
      return { startDate: desired.startDate ?? null };
    case 'targetDate':
      return { targetDate: desired.targetDate ?? null };
    case 'assignees':
      return { assigneeIds: desired.assigneeIds ?? [] };
    case 'parent':
      return { parentId: desired.parentId ?? null };
    case 'priority':
      return { priority: desired.priority };
  }
}

/**
 * The description as Plane accepts it. Plane parses `description_html` with lxml, which raises on an empty
 * (or blank) document, so `""` is answered `400 {"non_field_errors": ["Invalid HTML passed"]}` on create and
 * PATCH alike (sync-traffic `plane-ce-1.3.1-with-odoo-16.jsonl`); `<p></p>` is Plane's own empty value and
 * compares equal to `""` after normalisation, so the shadow is unchanged by this.
 */
function writableDescriptionHtml(html: string): string {
  return normaliseHtml(html) === '' ? '<p></p>' : html;
}

/**
 * The create body for a new work item: every decidable field, plus the initial state from the Odoo stage
 * and the external id that makes the create idempotent (decision 4).
 */
export function planWorkItemCreate(
  desired: DesiredWorkItem,
  external: { readonly externalId: string; readonly externalSource: string },
): { readonly input: PlaneWorkItemInput; readonly shadow: Readonly<Record<string, ShadowValue>> } {
  let input: PlaneWorkItemInput = { ...external };
  const shadow: Record<string, ShadowValue> = {};
  for (const field of patchFields) {
    const value = shadowOfDesired(desired, field);
    if (value === undefined) continue;
    input = { ...input, ...patchEntry(desired, field) };
    shadow[field] = value;
  }
  if (desired.stateId !== undefined) {
    input = { ...input, stateId: desired.stateId };
    shadow.state = desired.stateId;
  }
  return { input, shadow };
}

/**
 * Plans the update of an existing work item from Odoo's current values (pure). `current` is the work item as
 * just read from Plane, or null when it was not read (then Plane is assumed unchanged since the shadow,
 * which costs no GET). Fields owned by Plane are never written here.
 */
export function planWorkItemUpdate(input: {
  readonly desired: DesiredWorkItem;
  readonly current: PlaneWorkItem | null;
  readonly shadow: Readonly<Record<string, ShadowValue>>;
  readonly ownership: OwnershipMatrix;
}): WorkItemPlan {
  const { desired, current, ownership } = input;
  let patch: PlaneWorkItemInput = {};
  const changedFields: PatchField[] = [];
  const conflicts: FieldConflict[] = [];
  const shadow: Record<string, ShadowValue> = { ...input.shadow };

  for (const field of patchFields) {
    const odoo = shadowOfDesired(desired, field);
    const plane = current === null ? undefined : shadowOfWorkItem(current, field);
    if (ownership[field] === 'plane') {
      if (plane !== undefined) shadow[field] = plane;
      continue;
    }
    if (odoo === undefined) {
      // Undecidable on Odoo's side (unknown user, unmapped parent): leave Plane as it is.
      if (plane !== undefined) shadow[field] = plane;
      continue;
    }
    const decision = mergeField({ field, owner: 'odoo', odoo, plane, shadow: input.shadow[field] });
    switch (decision.action) {
      case 'none':
        shadow[field] = decision.shadow;
        break;
      case 'write-plane':
        patch = { ...patch, ...patchEntry(desired, field) };
        changedFields.push(field);
        shadow[field] = decision.value;
        if (decision.conflict !== null) conflicts.push(decision.conflict);
        break;
      case 'write-odoo':
        // Unreachable with owner 'odoo'; kept exhaustive on purpose.
        break;
    }
  }
  // The state's shadow belongs to the Plane → Odoo state flow, which compares against it.
  return { patch, changedFields, conflicts, shadow };
}
