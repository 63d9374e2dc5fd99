import { checkOdooLogin, checkOdooVersion, checkPlaneAccess } from './doctor-access-checks.js';
import { checkOdooRuleCoverage, checkWebhookDeliveries } from './doctor-change-feed-checks.js';
import type { DoctorFinding, DoctorParts } from './doctor-finding.js';
import { checkStageMappings, checkUsers } from './doctor-mapping-checks.js';

export type { DoctorFinding, DoctorParts } from './doctor-finding.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The URL Odoo's automation rules should post to (`…/webhooks/odoo/<token>`); checked when given. */
  readonly odooWebhookUrl?: string;
}

/**
 * Checks a deployment end to end and says, for each finding, what to do: both credentials, the Odoo
 * version and transport, the Plane edition and capabilities, per mapped project that every Plane state
 * group has an Odoo stage and every Odoo stage is reached from Plane, Odoo users with no Plane member,
 * the Odoo 17+ automation rules, and when each webhook source last delivered. Reads only.
 *
 * @example
 * const findings = await runDoctor({ odoo, plane, stores, config: agent.engine.config });
 * for (const finding of findings) console.log(finding.status, finding.message, finding.fix ?? '');
 */
export async function runDoctor(
  parts: DoctorParts,
  options: DoctorOptions = {},
): Promise<DoctorFinding[]> {
  const { odoo, plane, config } = parts;
  const login = await checkOdooLogin(odoo);
  const version = await checkOdooVersion(odoo);
  const planeAccess = await checkPlaneAccess(plane, config.plane.edition);
  const findings = [...login.findings, ...version.findings, ...planeAccess.findings];
  // Mappings are read in both systems, the rules in Odoo: each only where the credentials work.
  if (login.loggedIn && planeAccess.reachable) {
    findings.push(...(await checkStageMappings(parts)));
    findings.push(...(await checkUsers(parts)));
  }
  if (login.loggedIn && version.major !== null)
    findings.push(...(await checkOdooRuleCoverage(odoo, version.major, options.odooWebhookUrl)));
  findings.push(...(await checkWebhookDeliveries(parts.stores.syncState)));
  return findings;
}
