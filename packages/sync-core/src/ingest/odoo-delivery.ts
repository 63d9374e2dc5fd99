import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { OdooModel } from '../ports.js';
import type { SyncJobOfKind } from '../sync-job.js';

const syncedModels: readonly OdooModel[] = ['project.project', 'project.milestone', 'project.task'];

/**
 * The two bodies Odoo sends: the automation rule's "Send Webhook Notification" action
 * (`{_action, _id, _model, id, <selected fields>}`, Python `json.dumps(sort_keys=True)`; recorded in
 * `fixtures/odoo-17/071…089`) and the generic form of a server action written by hand
 * (`{model, action, record_id, changes}`). Only the fields that name the record are read: the webhook is a
 * hint and the engine re-reads the record.
 */
const automationRuleSchema = z.looseObject({
  _model: z.string(),
  _id: z.number().int().positive(),
  _action: z.string().optional(),
});
const genericSchema = z.looseObject({
  model: z.string(),
  record_id: z.number().int().positive(),
  action: z.string().optional(),
  changes: z.unknown().optional(),
});

/** What an Odoo delivery asks for. */
export interface OdooDelivery {
  readonly model: OdooModel;
  readonly odooId: number;
  readonly job: SyncJobOfKind<'odoo-record'>;
}

/** Reads an Odoo webhook body (already JSON-parsed) into the record to re-read, or says why it cannot. */
export function parseOdooDelivery(json: unknown): Result<OdooDelivery, string> {
  const automation = automationRuleSchema.safeParse(json);
  const generic = automation.success ? undefined : genericSchema.safeParse(json);
  const named = automation.success
    ? { model: automation.data._model, odooId: automation.data._id }
    : generic?.success === true
      ? { model: generic.data.model, odooId: generic.data.record_id }
      : undefined;
  if (named === undefined) {
    return err(
      'expected an Odoo automation-rule payload {_model, _id, …} or {model, record_id, action, changes}',
    );
  }
  const model = syncedModels.find((candidate) => candidate === named.model);
  if (model === undefined) {
    return err(
      `model "${named.model.slice(0, 64)}" is not synced (expected one of ${syncedModels.join(', ')})`,
    );
  }
  return ok({
    model,
    odooId: named.odooId,
    job: { kind: 'odoo-record', model, odooId: named.odooId, origin: 'odoo-webhook' },
  });
}
