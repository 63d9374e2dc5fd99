import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { SyncJobOfKind } from '../sync-job.js';

/**
 * The fields of a Plane CE v1 delivery the sync reads (`bgtasks/webhook_task.py`; recorded in
 * `fixtures/plane-ce-1.3.1/091…101`). Everything else in `data` is a stale snapshot and ignored.
 */
const planeDeliverySchema = z.object({
  event: z.enum(['project', 'issue', 'cycle', 'module', 'issue_comment']),
  action: z.enum(['created', 'updated', 'deleted']),
  data: z.looseObject({
    id: z.string().min(1),
    project: z.unknown().optional(),
    issue: z.unknown().optional(),
    updated_at: z.string().nullish(),
  }),
  activity: z
    .looseObject({
      field: z.string().nullish(),
      actor: z.union([z.looseObject({ id: z.string() }), z.string()]).nullish(),
    })
    .nullish(),
});

/** What a Plane delivery means for the sync. */
export interface PlaneDelivery {
  /** event, action, entity id, activity field and `updated_at`: equal for re-sends of one change. */
  readonly dedupeKey: string;
  /** The entity the delivery is about, used as the inbox's serial key when no job comes of it. */
  readonly entityKey: string;
  readonly jobs: readonly SyncJobOfKind<'plane-work-item'>[];
}

/**
 * Reads a verified Plane delivery. Only work-item (`issue`) creates and updates become jobs: the sync
 * flows Plane → Odoo for work items only (projects and cycles are Odoo-owned), comments are not synced,
 * and a deletion is never propagated without a command. Other deliveries are accepted and recorded with
 * no job, so the inbox keeps them for audit.
 *
 * The dedupe key never uses `X-Plane-Delivery`: Plane gives every retry a fresh one.
 */
export function parsePlaneDelivery(json: unknown): Result<PlaneDelivery, string> {
  const parsed = planeDeliverySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? '' : issue.path.map(String).join('.');
    return err(
      `not a Plane webhook delivery (${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const { event, action, data, activity } = parsed.data;
  const field = activity?.field ?? '';
  const dedupeKey = `plane:${event}:${action}:${data.id}:${field}:${data.updated_at ?? ''}`;
  const actor = activity?.actor;
  const actorId =
    actor === undefined || actor === null
      ? undefined
      : typeof actor === 'string'
        ? actor
        : actor.id;
  const projectId = idOf(data.project);
  if (event === 'issue' && action !== 'deleted' && projectId !== undefined) {
    const job: SyncJobOfKind<'plane-work-item'> = {
      kind: 'plane-work-item',
      planeProjectId: projectId,
      workItemId: data.id,
      ...(actorId === undefined ? {} : { actorId }),
    };
    return ok({ dedupeKey, entityKey: `plane:${data.id}`, jobs: [job] });
  }
  return ok({ dedupeKey, entityKey: `plane:${event}:${data.id}`, jobs: [] });
}

/** A reference that may be a bare id or an expanded object. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'object' && value !== null) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}
