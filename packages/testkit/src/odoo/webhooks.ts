import type { Orm, OrmEnv, ChangeEvent } from './orm.js';
import type { StoredRecord } from './record-store.js';
import { pythonJsonDumps, asText } from './value-encoding.js';

/** One POST the simulated server made (or tried to make) to a webhook receiver. */
export interface OdooWebhookDelivery {
  readonly url: string;
  /** The headers Odoo 17's python-requests sends (fetch itself may add or drop transport headers). */
  readonly headers: Record<string, string>;
  readonly rawBody: string;
  readonly status: number | 'network-error' | 'timeout';
}

/**
 * When a transaction's changes become visible relative to its webhooks. `after-commit` (19.0, and the
 * simulator's default): readers see the change by the time its webhook arrives. `before-commit` (17.0 and
 * 18.0, recorded in `sync-traffic/odoo-17.jsonl` and `odoo-18.jsonl` line 65): the POSTs go out inside the
 * transaction, so a reader that reacts at once gets `[]`. RPC calls commit once their POSTs are sent; the
 * direct-access methods commit `commitDelayMs` later on the injected clock (after the POSTs), applied by the
 * next call that comes after that moment.
 */
export type WebhookTiming =
  | { readonly kind: 'after-commit' }
  | { readonly kind: 'before-commit'; readonly commitDelayMs: number };

/** The automation triggers the simulator models. */
export type WebhookTrigger =
  'on_create' | 'on_write' | 'on_create_or_write' | 'on_archive' | 'on_unlink';

interface PlannedPost {
  readonly url: string;
  readonly rawBody: string;
}

/**
 * How many identical POSTs one save sends, as recorded on 17.0 (an `on_create_or_write` rule): the ORM
 * re-enters the rule's patched `write` for the stored fields it recomputes. A create runs 7 of these
 * passes; a write that moves the stage runs 3 (state and stage-date recomputations); any other write,
 * an archive included, runs 1. `on_create` fires once per create, `on_write` follows the write counts.
 */
export const WEBHOOK_REPEATS = { create: 7, stageWrite: 3, write: 1 } as const;

const REQUEST_TIMEOUT_MS = 1000;

function repeatsFor(trigger: string, event: ChangeEvent, id: number): number {
  const before: StoredRecord | undefined = event.before?.get(id);
  switch (event.kind) {
    case 'create':
      if (trigger === 'on_create_or_write') return WEBHOOK_REPEATS.create;
      return trigger === 'on_create' ? 1 : 0;
    case 'write': {
      if (trigger === 'on_archive')
        return before?.active !== false && event.fields.includes('active') ? 1 : 0;
      if (trigger !== 'on_create_or_write' && trigger !== 'on_write') return 0;
      return event.fields.includes('stage_id') ? WEBHOOK_REPEATS.stageWrite : WEBHOOK_REPEATS.write;
    }
    case 'unlink':
      return trigger === 'on_unlink' ? 1 : 0;
  }
}

/** Python's `str(datetime)`: microseconds only when there are some. */
function pythonDatetime(stored: string): string {
  return stored.endsWith('.000000') ? stored.slice(0, 19) : stored;
}

function payloadFor(
  orm: Orm,
  env: OrmEnv,
  model: string,
  id: number,
  fields: readonly string[],
  actionLabel: string,
  snapshot: StoredRecord | undefined,
): string {
  const body: Record<string, unknown> = { _action: actionLabel, _id: id, _model: model };
  if (fields.length > 0) body.id = id;
  for (const name of fields) {
    const definition = orm.field(model, name);
    if (definition === undefined) continue;
    // After an unlink the row is gone: the payload was read just before the delete.
    const raw =
      snapshot !== undefined ? (snapshot[name] ?? false) : orm.value(env, model, id, name);
    body[name] =
      definition.type === 'datetime' && typeof raw === 'string' ? pythonDatetime(raw) : raw;
  }
  return pythonJsonDumps(body);
}

/**
 * Works out the POSTs the active automation rules send for one transaction's changes: rules are
 * `base.automation` rows whose server action has `state = 'webhook'`. Payloads are read with
 * `load=None` (bare many2one ids) at the end of the call; all repeats of one save are identical.
 */
export function planWebhooks(orm: Orm, env: OrmEnv): PlannedPost[] {
  if (orm.variant.version < 17 || !orm.models.has('base.automation')) return [];
  const posts: PlannedPost[] = [];
  const automations = orm.store
    .ids('base.automation', env.view)
    .map((id) => orm.store.get('base.automation', id, env.view) ?? {})
    .filter((rule) => rule.active !== false);
  if (automations.length === 0) return [];
  for (const event of env.changes) {
    for (const automation of automations) {
      const modelId = automation.model_id;
      const model =
        typeof modelId === 'number'
          ? orm.store.get('ir.model', modelId, env.view)?.model
          : undefined;
      if (model !== event.model) continue;
      const actions = orm.value(
        env,
        'base.automation',
        Number(automation.id),
        'action_server_ids',
      ) as number[];
      for (const actionId of actions) {
        const action = orm.store.get('ir.actions.server', actionId, env.view) ?? {};
        if (action.state !== 'webhook' || typeof action.webhook_url !== 'string') continue;
        const fieldIds = Array.isArray(action.webhook_field_ids)
          ? (action.webhook_field_ids as number[])
          : [];
        const fields = fieldIds.map((fieldId) =>
          asText(orm.store.get('ir.model.fields', fieldId, env.view)?.name),
        );
        const label = `${String(action.name)}(#${actionId})`;
        for (const id of event.ids) {
          const repeats = repeatsFor(String(automation.trigger), event, id);
          if (repeats === 0) continue;
          const snapshot = event.kind === 'unlink' ? event.before?.get(id) : undefined;
          if (event.kind !== 'unlink' && !orm.exists(env, model, id)) continue;
          const rawBody = payloadFor(orm, env, model, id, fields, label, snapshot);
          for (let index = 0; index < repeats; index += 1)
            posts.push({ url: action.webhook_url, rawBody });
        }
      }
    }
  }
  return posts;
}

/**
 * Sends planned POSTs one after another, as `_run_action_webhook` does: no retry, no signature, and a
 * 1 s timeout. The timeout is judged on the injected clock (a receiver that makes simulated time pass
 * beyond 1 s is a timeout) and enforced on wall time only against a receiver that never answers.
 */
export async function sendWebhooks(
  posts: readonly PlannedPost[],
  options: {
    readonly fetch: typeof fetch;
    readonly clock: { now(): number };
    readonly record: (delivery: OdooWebhookDelivery) => void;
  },
): Promise<void> {
  for (const post of posts) {
    const headers: Record<string, string> = {
      'User-Agent': 'python-requests/2.28.1',
      'Accept-Encoding': 'gzip, deflate',
      Accept: '*/*',
      Connection: 'keep-alive',
      'Content-Type': 'application/json',
      'Content-Length': String(new TextEncoder().encode(post.rawBody).length),
    };
    const { Connection: _connection, 'Content-Length': _length, ...sendable } = headers;
    const started = options.clock.now();
    let status: OdooWebhookDelivery['status'];
    try {
      const response = await options.fetch(post.url, {
        method: 'POST',
        headers: sendable,
        body: post.rawBody,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      status = options.clock.now() - started > REQUEST_TIMEOUT_MS ? 'timeout' : response.status;
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      status =
        timedOut || options.clock.now() - started > REQUEST_TIMEOUT_MS
          ? 'timeout'
          : 'network-error';
    }
    options.record({ url: post.url, headers, rawBody: post.rawBody, status });
  }
}
