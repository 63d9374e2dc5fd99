import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { SyncStores } from '@odoo-plane-sync/sync-core';
import type { DoctorFinding } from './doctor-finding.js';
import { checkOdooAutomationRules } from './odoo-automation-rules.js';
import { readLastDeliveries } from './webhook-deliveries.js';

/**
 * Whether Odoo's automation rules send each synced model's changes to the sync (Odoo 17+; before, the
 * poller is the only change feed). With `webhookUrl`, only rules posting under it count.
 */
export async function checkOdooRuleCoverage(
  odoo: Pick<OdooClient, 'searchRead'>,
  odooMajor: number,
  webhookUrl: string | undefined,
): Promise<DoctorFinding[]> {
  if (odooMajor < 17)
    return [
      {
        check: 'odoo-automation-rules',
        status: 'ok',
        message: `Odoo ${odooMajor} has no webhook automation rules: the poller is the change feed`,
        fix: null,
      },
    ];
  const rules = await checkOdooAutomationRules(
    odoo,
    webhookUrl === undefined ? {} : { webhookUrlPrefix: webhookUrl },
  );
  if (rules.isErr())
    return [
      {
        check: 'odoo-automation-rules',
        status: 'fail',
        message: `Odoo automation rules unreadable: ${rules.error.message}`,
        fix: 'Install the base_automation module and give the sync user Administration rights to read rules.',
      },
    ];
  return ['project.project', 'project.milestone', 'project.task'].map((model): DoctorFinding =>
    rules.value.missingModels.includes(model)
      ? {
          check: 'odoo-automation-rules',
          status: 'warn',
          message: `No Odoo automation rule sends ${model} changes to the sync${webhookUrl === undefined ? '' : ` at ${redactToken(webhookUrl)}`}; changes wait for the poller`,
          fix: 'Run `odoo-plane-sync doctor --install-odoo-rules --webhook-url <public URL of the sync>` to create it.',
          detail: { model },
        }
      : {
          check: 'odoo-automation-rules',
          status: 'ok',
          message: `Odoo automation rule for ${model} present`,
          fix: null,
          detail: { model },
        },
  );
}

/** The Odoo webhook URL ends in a secret token: never print it. */
function redactToken(url: string): string {
  return url.replace(/\/webhooks\/odoo\/[^/]+/, '/webhooks/odoo/<token>');
}

/** When Odoo and Plane last delivered a webhook (a warning for each that never did), and GitHub if it has. */
export async function checkWebhookDeliveries(
  syncState: SyncStores['syncState'],
): Promise<DoctorFinding[]> {
  const last = await readLastDeliveries(syncState);
  const findings = (['odoo', 'plane'] as const).map((source): DoctorFinding => {
    const at = last[source];
    return at === null
      ? {
          check: 'webhook-delivery',
          status: 'warn',
          message: `No ${source === 'odoo' ? 'Odoo' : 'Plane'} webhook delivery recorded yet`,
          fix:
            source === 'odoo'
              ? 'Check the automation rules post to <sync URL>/webhooks/odoo/<WEBHOOK_TOKEN> and that Odoo can reach it.'
              : 'Create the webhook in Plane (Workspace settings → Webhooks) for <sync URL>/webhooks/plane and set PLANE_WEBHOOK_SECRET to its secret.',
          detail: { source, lastDelivery: null },
        }
      : {
          check: 'webhook-delivery',
          status: 'ok',
          message: `${source === 'odoo' ? 'Odoo' : 'Plane'} last delivered at ${at}`,
          fix: null,
          detail: { source, lastDelivery: at },
        };
  });
  if (last.github !== null)
    findings.push({
      check: 'webhook-delivery',
      status: 'ok',
      message: `GitHub last delivered at ${last.github}`,
      fix: null,
      detail: { source: 'github', lastDelivery: last.github },
    });
  return findings;
}
