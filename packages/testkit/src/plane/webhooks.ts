import { createHmac } from 'node:crypto';
import { pythonJson } from './python-json.js';
import type { PlaneClock } from './timestamps.js';
import type { PlaneStore, WebhookRecord } from './store.js';

/** The `event` values of CE v1 webhooks (also the `X-Plane-Event` header). */
export type PlaneWebhookEvent = 'project' | 'issue' | 'cycle' | 'module' | 'issue_comment';

/** One HTTP attempt the simulator made, for assertions. */
export interface PlaneWebhookDelivery {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly rawBody: string;
  /** The receiver's status, or `'network-error'` when the request failed before an answer. */
  readonly status: number | 'network-error';
}

/** What changed, as Plane reports it in `activity`. */
export interface PlaneWebhookActivity {
  readonly field: string | null;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly actor: Record<string, unknown>;
}

/** Queues, signs, sends and retries webhook deliveries. */
export interface PlaneWebhookDispatcher {
  emit(
    event: PlaneWebhookEvent,
    action: 'created' | 'updated' | 'deleted',
    data: unknown,
    activity: PlaneWebhookActivity,
  ): void;
  settle(): Promise<void>;
  readonly deliveries: readonly PlaneWebhookDelivery[];
  clear(): void;
}

const EVENT_TOGGLES: Record<
  PlaneWebhookEvent,
  keyof Pick<WebhookRecord, 'project' | 'issue' | 'cycle' | 'module' | 'issue_comment'>
> = {
  project: 'project',
  issue: 'issue',
  cycle: 'cycle',
  module: 'module',
  issue_comment: 'issue_comment',
};

/** CE retries up to 5 times (`max_retries=5`) with Celery's jittered backoff capped at 600 s. */
const MAX_RETRIES = 5;
const RETRY_BACKOFF_CAP_MS = 600_000;

/**
 * Creates the webhook sender of Plane CE (`bgtasks/webhook_task.py`): for every active webhook whose
 * toggle matches the event, one POST with `Content-Type: application/json`, `User-Agent: Autopilot`,
 * a fresh `X-Plane-Delivery` uuid per attempt, `X-Plane-Event` and `X-Plane-Signature` (hex HMAC-SHA256
 * of the exact body with the secret). The body is Python `json.dumps` output with the keys `event, action,
 * webhook_id, workspace_id, data, activity`. Only network failures are retried (each after a random
 * 0–600 s on the injected clock); an HTTP error status is logged and never retried. After the sixth
 * failed attempt the webhook is deactivated.
 *
 * @example
 * const dispatcher = createPlaneWebhookDispatcher({ store, clock, fetch, newId: () => crypto.randomUUID() });
 */
export function createPlaneWebhookDispatcher(options: {
  readonly store: PlaneStore;
  readonly clock: PlaneClock;
  readonly fetch: typeof fetch;
  readonly newId: () => string;
  readonly random?: () => number;
}): PlaneWebhookDispatcher {
  const { store, clock } = options;
  const random = options.random ?? Math.random;
  const deliveries: PlaneWebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();

  const attempt = async (
    webhook: WebhookRecord,
    event: PlaneWebhookEvent,
    rawBody: string,
  ): Promise<void> => {
    for (let retries = 0; ; retries += 1) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'Autopilot',
        'X-Plane-Delivery': options.newId(),
        'X-Plane-Event': event,
        'X-Plane-Signature': createHmac('sha256', webhook.secret)
          .update(rawBody, 'utf8')
          .digest('hex'),
      };
      let status: number | 'network-error';
      try {
        const response = await options.fetch(webhook.url, {
          method: 'POST',
          headers,
          body: rawBody,
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 'network-error';
      }
      deliveries.push({ url: webhook.url, headers, rawBody, status });
      if (status !== 'network-error') return;
      if (retries >= MAX_RETRIES) {
        webhook.is_active = false;
        return;
      }
      await clock.sleep(Math.floor(random() * RETRY_BACKOFF_CAP_MS));
    }
  };

  return {
    emit: (event, action, data, activity) => {
      for (const webhook of store.webhooks.values()) {
        if (!webhook.is_active || !webhook[EVENT_TOGGLES[event]]) continue;
        const rawBody = pythonJson(
          {
            event,
            action,
            webhook_id: webhook.id,
            workspace_id: store.workspaceId,
            data,
            activity: {
              field: activity.field,
              new_value: activity.newValue,
              old_value: activity.oldValue,
              actor: activity.actor,
              old_identifier: null,
              new_identifier: null,
            },
          },
          { style: 'webhook' },
        );
        // Sent after the API response, as Celery does; tests await `settle()`.
        const task = Promise.resolve()
          .then(() => attempt(webhook, event, rawBody))
          .finally(() => pending.delete(task));
        pending.add(task);
      }
    },
    settle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    deliveries,
    clear: () => {
      deliveries.length = 0;
    },
  };
}
