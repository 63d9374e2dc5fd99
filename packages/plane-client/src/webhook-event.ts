import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { PlaneSchemaIssue } from './errors.js';
import { userSchema } from './schemas/members.js';
import { text } from './schemas/wire.js';
import type { PlaneUser } from './types.js';

/** Entities Plane CE sends webhooks for. */
export type PlaneWebhookEntity = 'project' | 'issue' | 'cycle' | 'module' | 'issue_comment';

/**
 * What changed, per delivery. Plane sends one `updated` delivery per changed field; on `created` and
 * `deleted` the field and values are null.
 */
export interface PlaneWebhookActivity {
  /** The request key of whoever wrote: `state`, `labels`, … from the API; `state_id`, … from the web app. */
  readonly field: string | null;
  readonly newValue: unknown;
  readonly oldValue: unknown;
  /** The user whose action caused the delivery. Compare with `detectCapabilities().botUserId` to spot echoes. */
  readonly actorId: string | null;
  readonly actor: PlaneUser | null;
  readonly oldIdentifier: string | null;
  readonly newIdentifier: string | null;
}

/**
 * A decoded Plane (v1) webhook delivery. `data` is the entity as Plane serialised it (snake_case, and for
 * work items the expanded shape with nested state, labels and assignees); treat it as a hint and re-read
 * the entity through the client before acting.
 */
export interface PlaneWebhookEvent {
  readonly event: PlaneWebhookEntity;
  readonly action: 'created' | 'updated' | 'deleted';
  readonly webhookId: string;
  readonly workspaceId: string;
  /** `data.id`: the project, work item, cycle, module or comment the delivery is about. */
  readonly entityId: string;
  /** The project the entity belongs to (the project itself for project events), when the payload says. */
  readonly projectId: string | null;
  /** For work-item and comment events: the work item. */
  readonly workItemId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly activity: PlaneWebhookActivity;
}

/** Why a body is not a Plane webhook delivery. */
export interface PlaneInvalidWebhookError {
  readonly kind: 'invalid-webhook';
  readonly issues: readonly PlaneSchemaIssue[];
}

const webhookSchema = z.object({
  event: z.enum(['project', 'issue', 'cycle', 'module', 'issue_comment']),
  action: z.enum(['created', 'updated', 'deleted']),
  webhook_id: z.string(),
  workspace_id: z.string(),
  data: z.looseObject({ id: z.string() }),
  activity: z
    .object({
      field: text,
      new_value: z.unknown(),
      old_value: z.unknown(),
      actor: z.union([userSchema, z.string()]).nullish(),
      old_identifier: text,
      new_identifier: text,
    })
    .nullish(),
});

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a Plane webhook body (after `verifyPlaneSignature` of `@odoo-plane-sync/sync-core`) into a typed event.
 *
 * @example
 * const parsed = parsePlaneWebhook(rawBody);
 * if (parsed.isErr()) return new Response(null, { status: 400 });
 * if (parsed.value.activity.actorId === botUserId) return new Response(null, { status: 202 }); // our own echo
 */
export function parsePlaneWebhook(
  rawBody: Uint8Array | string,
): Result<PlaneWebhookEvent, PlaneInvalidWebhookError> {
  let text: string;
  try {
    text = typeof rawBody === 'string' ? rawBody : decoder.decode(rawBody);
  } catch {
    return invalid('The body is not UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('The body is not JSON.');
  }
  const parsed = webhookSchema.safeParse(json);
  if (!parsed.success) {
    return err({
      kind: 'invalid-webhook',
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map((segment) =>
          typeof segment === 'symbol' ? String(segment) : segment,
        ),
        message: issue.message,
      })),
    });
  }
  const wire = parsed.data;
  const data = wire.data as Record<string, unknown>;
  const actor = wire.activity?.actor ?? null;
  return ok({
    event: wire.event,
    action: wire.action,
    webhookId: wire.webhook_id,
    workspaceId: wire.workspace_id,
    entityId: wire.data.id,
    projectId: wire.event === 'project' ? wire.data.id : idOf(data['project']),
    workItemId:
      wire.event === 'issue'
        ? wire.data.id
        : wire.event === 'issue_comment'
          ? idOf(data['issue'])
          : null,
    data,
    activity: {
      field: wire.activity?.field ?? null,
      newValue: wire.activity?.new_value ?? null,
      oldValue: wire.activity?.old_value ?? null,
      actorId: actor === null ? null : typeof actor === 'string' ? actor : actor.id,
      actor: actor === null || typeof actor === 'string' ? null : actor,
      oldIdentifier: wire.activity?.old_identifier ?? null,
      newIdentifier: wire.activity?.new_identifier ?? null,
    },
  });
}

/** A reference that may be a bare id or an expanded object. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string'
  ) {
    return (value as { id: string }).id;
  }
  return null;
}

function invalid(message: string): Result<never, PlaneInvalidWebhookError> {
  return err({ kind: 'invalid-webhook', issues: [{ path: [], message }] });
}
