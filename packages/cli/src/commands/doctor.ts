import {
  checkOdooAutomationRules,
  installOdooAutomationRules,
  runDoctor,
  type DoctorFinding,
} from '@odoo-plane-sync/agent';
import type { CliAgent } from '../open-agent.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `doctor [--install-odoo-rules --webhook-url <url>]`: checks the deployment and says, for each finding,
 * what to do; with `--install-odoo-rules` it first creates the missing Odoo automation rules.
 */
export async function doctorCommand(
  cli: CliAgent,
  out: Output,
  options: { readonly installOdooRules: boolean; readonly webhookUrl: string | undefined },
): Promise<ExitCode> {
  const { agent, settings } = cli;
  const odooWebhookUrl =
    options.webhookUrl === undefined
      ? undefined
      : `${options.webhookUrl.replace(/\/+$/, '')}/webhooks/odoo/${settings.live.webhookToken}`;
  let installed: { model: string; id: number }[] = [];
  if (options.installOdooRules) {
    if (odooWebhookUrl === undefined) {
      out.problem('--install-odoo-rules needs --webhook-url <public URL of the sync server>.');
      return exitCodes.usage;
    }
    const check = await checkOdooAutomationRules(agent.odoo, { webhookUrlPrefix: odooWebhookUrl });
    const result = await (check.isErr()
      ? Promise.resolve(check.map(() => []))
      : installOdooAutomationRules(agent.odoo, {
          webhookUrl: odooWebhookUrl,
          models: check.value.missingModels,
        }));
    if (result.isErr()) {
      out.problem(`Cannot create the Odoo automation rules: ${result.error.message}`);
      return exitCodes.unreachable;
    }
    installed = result.value;
    out.line(
      installed.length === 0
        ? 'Every Odoo automation rule was already there.'
        : `Created ${installed.length} Odoo automation rule(s): ${installed.map((rule) => rule.model).join(', ')}`,
    );
  }
  const findings = await runDoctor(
    { odoo: agent.odoo, plane: agent.plane, stores: cli.stores, config: agent.engine.config },
    odooWebhookUrl === undefined ? {} : { odooWebhookUrl },
  );
  out.result({ installedRules: installed, findings });
  const mark = (finding: DoctorFinding): string =>
    finding.status === 'ok'
      ? out.colour.green('ok')
      : finding.status === 'warn'
        ? out.colour.yellow('warn')
        : out.colour.red('FAIL');
  out.table(
    ['', 'check', 'finding', 'what to do'],
    findings.map((finding) => [mark(finding), finding.check, finding.message, finding.fix ?? '']),
  );
  const failed = findings.filter((finding) => finding.status === 'fail').length;
  const warned = findings.filter((finding) => finding.status === 'warn').length;
  out.line(`${findings.length} checks: ${failed} failed, ${warned} to look at.`);
  if (failed > 0) return exitCodes.unreachable;
  return warned > 0 ? exitCodes.attention : exitCodes.ok;
}
