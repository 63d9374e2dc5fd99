import type { ShadowValue } from '../ports.js';
import type { FieldOwner } from './ownership.js';

/** A field both sides disagree on, resolved by its owner and never silently lost. */
export interface FieldConflict {
  readonly field: string;
  readonly odooValue: ShadowValue;
  readonly planeValue: ShadowValue;
  /** What was last synced; `undefined` when the field was never synced. */
  readonly shadowValue: ShadowValue | undefined;
  readonly resolution: 'odoo-wins' | 'plane-wins';
}

/** The outcome of a three-way merge of one field. */
export type FieldDecision =
  | { readonly action: 'none'; readonly shadow: ShadowValue }
  | {
      readonly action: 'write-plane';
      readonly value: ShadowValue;
      readonly conflict: FieldConflict | null;
    }
  | {
      readonly action: 'write-odoo';
      readonly value: ShadowValue;
      readonly conflict: FieldConflict | null;
    };

export function sameValue(left: ShadowValue | undefined, right: ShadowValue | undefined): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => item === right[index]);
  }
  return left === right;
}

/**
 * Three-way merge of one field (decision 2). `odoo` and `plane` are the normalised current values
 * (`undefined` = that side was not read, so it is assumed to still equal the shadow), `shadow` the value last
 * synced. The owner's side wins; a change on the non-owner's side is a conflict that the owner's value
 * reverts; a field that changed on neither side costs nothing.
 */
export function mergeField(input: {
  readonly field: string;
  readonly owner: FieldOwner;
  readonly odoo: ShadowValue | undefined;
  readonly plane: ShadowValue | undefined;
  readonly shadow: ShadowValue | undefined;
}): FieldDecision {
  const { field, owner, shadow } = input;
  const odoo = input.odoo === undefined ? shadow : input.odoo;
  const plane = input.plane === undefined ? shadow : input.plane;
  if (odoo === undefined || plane === undefined) {
    // Neither side's value is known (never synced, not read): nothing to decide.
    return { action: 'none', shadow: odoo ?? plane ?? null };
  }
  if (sameValue(odoo, plane)) return { action: 'none', shadow: odoo };

  const odooChanged = !sameValue(odoo, shadow);
  const planeChanged = !sameValue(plane, shadow);
  if (owner === 'odoo') {
    const conflict: FieldConflict | null = planeChanged
      ? { field, odooValue: odoo, planeValue: plane, shadowValue: shadow, resolution: 'odoo-wins' }
      : null;
    return { action: 'write-plane', value: odoo, conflict };
  }
  const conflict: FieldConflict | null = odooChanged
    ? { field, odooValue: odoo, planeValue: plane, shadowValue: shadow, resolution: 'plane-wins' }
    : null;
  return { action: 'write-odoo', value: plane, conflict };
}
