import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { describePlaneError, type PlaneClient } from '@odoo-plane-sync/plane-client';
import type { SyncConfig } from '@odoo-plane-sync/sync-core';
import type { DoctorFinding } from './doctor-finding.js';

/** Whether Odoo takes the credentials; the other Odoo checks read only once it does. */
export async function checkOdooLogin(
  odoo: Pick<OdooClient, 'authenticate'>,
): Promise<{ readonly loggedIn: boolean; readonly findings: DoctorFinding[] }> {
  const uid = await odoo.authenticate();
  const finding: DoctorFinding = uid.isErr()
    ? {
        check: 'odoo-credentials',
        status: 'fail',
        message: `Odoo refused the login: ${describeOdooError(uid.error)}`,
        fix: 'Check ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_API_KEY (an API key of that user: Preferences → Account Security).',
      }
    : {
        check: 'odoo-credentials',
        status: 'ok',
        message: `Odoo login ok (uid ${uid.value})`,
        fix: null,
      };
  return { loggedIn: uid.isOk(), findings: [finding] };
}

/**
 * The Odoo server version and the transport in use. `major` is null unless both are known; a
 * transport unknown beside a known version is no finding of its own.
 */
export async function checkOdooVersion(
  odoo: Pick<OdooClient, 'version' | 'transport'>,
): Promise<{ readonly major: number | null; readonly findings: DoctorFinding[] }> {
  const version = await odoo.version();
  const transport = await odoo.transport();
  if (version.isOk() && transport.isOk())
    return {
      major: version.value.major,
      findings: [
        {
          check: 'odoo-version',
          status: 'ok',
          message: `Odoo ${version.value.serverVersion} over ${transport.value}`,
          fix: null,
          detail: {
            version: version.value.serverVersion,
            major: version.value.major,
            transport: transport.value,
          },
        },
      ],
    };
  if (version.isErr())
    return {
      major: null,
      findings: [
        {
          check: 'odoo-version',
          status: 'fail',
          message: `Odoo version unknown: ${describeOdooError(version.error)}`,
          fix: 'Check that ODOO_URL is the Odoo server’s origin (no path).',
        },
      ],
    };
  return { major: null, findings: [] };
}

/** Whether Plane takes the key and workspace, and what the edition can do. */
export async function checkPlaneAccess(
  plane: Pick<PlaneClient, 'detectCapabilities'>,
  edition: SyncConfig['plane']['edition'],
): Promise<{ readonly reachable: boolean; readonly findings: DoctorFinding[] }> {
  const capabilities = await plane.detectCapabilities();
  const findings: DoctorFinding[] = capabilities.isErr()
    ? [
        {
          check: 'plane-credentials',
          status: 'fail',
          message: `Plane refused the key or workspace: ${describePlaneError(capabilities.error)}`,
          fix: 'Check PLANE_URL, PLANE_API_KEY (a personal access token) and PLANE_WORKSPACE (the workspace slug).',
        },
      ]
    : [
        {
          check: 'plane-credentials',
          status: 'ok',
          message: 'Plane key and workspace ok',
          fix: null,
        },
        {
          check: 'plane-capabilities',
          status: 'ok',
          message: `Plane ${edition}: relation removal ${capabilities.value.relationRemoval ? 'available' : 'not available (blockers removed in Odoo stay in Plane)'}`,
          fix: null,
          detail: { edition, relationRemoval: capabilities.value.relationRemoval },
        },
      ];
  return { reachable: capabilities.isOk(), findings };
}
