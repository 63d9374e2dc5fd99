import { err, ok, type Result } from 'neverthrow';
import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { polledOdooModels } from '@odoo-plane-sync/sync-core';

/** One Odoo automation rule that sends a webhook, as read back from `base.automation`. */
export interface OdooWebhookRule {
  readonly id: number;
  readonly name: string;
  readonly model: string;
  readonly trigger: string;
  readonly active: boolean;
  readonly webhookUrl: string;
}

/** Which synced models have a webhook rule pointing at the agent, and which have none. */
export interface OdooAutomationCheck {
  readonly rules: readonly OdooWebhookRule[];
  readonly missingModels: readonly string[];
}

/** An automation-rule read or create failed. */
export interface OdooAutomationError {
  readonly kind: 'upstream';
  readonly message: string;
}

/**
 * The fields each rule sends. The sync only needs to know *which* record changed (webhooks are hints:
 * it re-reads the record), so the payload names the record and its `write_date`, no more.
 */
const webhookFields = ['write_date'];

const failure = (error: Parameters<typeof describeOdooError>[0]) =>
  err<never, OdooAutomationError>({ kind: 'upstream', message: describeOdooError(error) });

const pairId = (value: unknown): number | null =>
  Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;

/**
 * Reads the automation rules (Odoo 17+) whose server action sends a webhook, and says which synced model
 * (project, milestone, task) has none whose URL starts with `webhookUrlPrefix` (the agent's
 * `/webhooks/odoo/` route; any webhook rule counts when it is not given).
 *
 * @example
 * const check = await checkOdooAutomationRules(odoo, { webhookUrlPrefix: 'https://sync.example.com/webhooks/odoo/' });
 */
export async function checkOdooAutomationRules(
  odoo: Pick<OdooClient, 'searchRead'>,
  options: { readonly webhookUrlPrefix?: string } = {},
): Promise<Result<OdooAutomationCheck, OdooAutomationError>> {
  const automations = await odoo.searchRead('base.automation', [], {
    fields: ['name', 'model_id', 'trigger', 'action_server_ids', 'active'],
    context: { active_test: false },
  });
  if (automations.isErr()) return failure(automations.error);
  const actionIds = automations.value.flatMap((rule) =>
    Array.isArray(rule.action_server_ids) ? (rule.action_server_ids as number[]) : [],
  );
  const actions = await odoo.searchRead('ir.actions.server', [['id', 'in', actionIds]], {
    fields: ['state', 'webhook_url'],
  });
  if (actions.isErr()) return failure(actions.error);
  const models = await odoo.searchRead('ir.model', [['model', 'in', [...polledOdooModels]]], {
    fields: ['model'],
  });
  if (models.isErr()) return failure(models.error);
  const modelName = new Map(models.value.map((row) => [row.id, String(row.model)]));
  const webhookUrlOf = new Map(
    actions.value
      .filter((action) => action.state === 'webhook' && typeof action.webhook_url === 'string')
      .map((action) => [action.id, action.webhook_url as string]),
  );
  const rules: OdooWebhookRule[] = [];
  for (const rule of automations.value) {
    const model = modelName.get(pairId(rule.model_id) ?? 0);
    if (model === undefined) continue;
    for (const actionId of (rule.action_server_ids as number[] | undefined) ?? []) {
      const webhookUrl = webhookUrlOf.get(actionId);
      if (webhookUrl === undefined) continue;
      rules.push({
        id: rule.id,
        name: String(rule.name),
        model,
        trigger: String(rule.trigger),
        active: rule.active !== false,
        webhookUrl,
      });
    }
  }
  const prefix = options.webhookUrlPrefix;
  const covers = (rule: OdooWebhookRule, model: string): boolean =>
    rule.model === model &&
    rule.active &&
    rule.trigger === 'on_create_or_write' &&
    (prefix === undefined || rule.webhookUrl.startsWith(prefix));
  return ok({
    rules,
    missingModels: polledOdooModels.filter((model) => !rules.some((rule) => covers(rule, model))),
  });
}

/**
 * Creates one automation rule per model in `models` (trigger `on_create_or_write`, one server action of
 * state `webhook` posting to `webhookUrl` with the record's `write_date`), through the API, in the form
 * Odoo 17 records for a rule made in its UI (`reference/fixtures/odoo-17/060-…`). Returns the new ids.
 *
 * @example
 * await installOdooAutomationRules(odoo, { webhookUrl: `https://sync.example.com/webhooks/odoo/${token}`, models: ['project.task'] });
 */
export async function installOdooAutomationRules(
  odoo: Pick<OdooClient, 'searchRead' | 'create'>,
  options: { readonly webhookUrl: string; readonly models: readonly string[] },
): Promise<Result<{ readonly model: string; readonly id: number }[], OdooAutomationError>> {
  const installed: { model: string; id: number }[] = [];
  for (const model of options.models) {
    const modelRow = await odoo.searchRead('ir.model', [['model', '=', model]], {
      fields: ['model'],
    });
    if (modelRow.isErr()) return failure(modelRow.error);
    const modelId = modelRow.value[0]?.id;
    if (modelId === undefined)
      return err({ kind: 'upstream', message: `Odoo has no model ${model}` });
    const fields = await odoo.searchRead(
      'ir.model.fields',
      [
        ['model', '=', model],
        ['name', 'in', webhookFields],
      ],
      { fields: ['name'] },
    );
    if (fields.isErr()) return failure(fields.error);
    const created = await odoo.create('base.automation', {
      name: `odoo-plane-sync: ${model}`,
      model_id: modelId,
      trigger: 'on_create_or_write',
      action_server_ids: [
        [
          0,
          0,
          {
            name: 'Notify odoo-plane-sync',
            model_id: modelId,
            state: 'webhook',
            webhook_url: options.webhookUrl,
            webhook_field_ids: [[6, 0, fields.value.map((row) => row.id)]],
          },
        ],
      ],
    });
    if (created.isErr()) return failure(created.error);
    installed.push({ model, id: created.value });
  }
  return ok(installed);
}
