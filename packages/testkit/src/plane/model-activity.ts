import type { RouteContext } from './context.js';
import { userLite } from './serializers.js';
import type { PlaneWebhookEvent } from './webhooks.js';

/**
 * Plane's `model_activity` for webhooks: a create sends one `created` delivery; an update walks the keys
 * of the *request body* and, for each key present in the pre-update serialised object whose value
 * differs, sends its own `updated` delivery (`old_value` = old serialised value, `new_value` = the raw
 * request value). So a PATCH of three fields sends three POSTs, all carrying the post-update `data`.
 */
export function emitCreated(context: RouteContext, event: PlaneWebhookEvent, data: unknown): void {
  context.env.webhooks.emit(event, 'created', data, {
    field: null,
    oldValue: null,
    newValue: null,
    actor: userLite(context.user),
  });
}

/** One `updated` delivery per request field whose value differs from `before` (the pre-update serialised row). */
export function emitUpdated(
  context: RouteContext,
  event: PlaneWebhookEvent,
  before: Record<string, unknown>,
  data: unknown,
): void {
  for (const [field, newValue] of Object.entries(context.body)) {
    if (!(field in before)) continue;
    const oldValue = before[field];
    if (sameValue(oldValue, newValue)) continue;
    context.env.webhooks.emit(event, 'updated', data, {
      field,
      oldValue,
      newValue,
      actor: userLite(context.user),
    });
  }
}

/** A `deleted` delivery with `data = {"id": …}` (CE sends it for projects only). */
export function emitDeleted(context: RouteContext, event: PlaneWebhookEvent, id: string): void {
  context.env.webhooks.emit(
    event,
    'deleted',
    { id },
    {
      field: null,
      oldValue: null,
      newValue: null,
      actor: userLite(context.user),
    },
  );
}

/** The fields of a request body that change the serialised object (for activity rows). */
export function changedFields(
  body: Record<string, unknown>,
  before: Record<string, unknown>,
): { field: string; oldValue: unknown; newValue: unknown }[] {
  return Object.entries(body)
    .filter(([field, value]) => field in before && !sameValue(before[field], value))
    .map(([field, newValue]) => ({ field, oldValue: before[field], newValue }));
}

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}
