import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import { startAgentOnSimulators } from './agent-on-simulators.test-support.js';
import { runDoctor, type DoctorFinding } from './doctor.js';
import type { SyncAgent } from './sync-agent.js';

const checksOf = (findings: readonly DoctorFinding[]) =>
  findings.map((finding) => [finding.check, finding.status]);

describe('runDoctor', () => {
  // Odoo 16 has no webhook automation rules: the rules check is a note, not a read.
  const odoo = createOdooSimulator({ version: 16, db: 'doctor' });
  const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'doctor' });
  const projectId = odoo.create('project.project', { name: 'Doctor' });
  odoo.create('project.task', { name: 'Checked', project_id: projectId, user_ids: [[4, 2]] });
  let agent: SyncAgent;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ agent, close } = await startAgentOnSimulators(odoo, plane));
    await agent.backfill();
  }, 120_000);
  afterAll(() => close());

  it('runs every check in order once both logins work, and on Odoo 16 names the poller as the feed', async () => {
    const findings = await runDoctor({
      odoo: agent.odoo,
      plane: agent.plane,
      stores: agent.stores,
      config: agent.engine.config,
    });
    const order = [...new Set(findings.map((finding) => finding.check))];
    expect(order).toEqual([
      'odoo-credentials',
      'odoo-version',
      'plane-credentials',
      'plane-capabilities',
      'state-mapping',
      // Every stage of the simulator's project is reached from Plane: no stage-mapping finding.
      'users',
      'odoo-automation-rules',
      'webhook-delivery',
    ]);
    expect(findings.filter((finding) => finding.check === 'odoo-automation-rules')).toEqual([
      {
        check: 'odoo-automation-rules',
        status: 'ok',
        message: 'Odoo 16 has no webhook automation rules: the poller is the change feed',
        fix: null,
      },
    ]);
  });

  it('with the Odoo login refused reads no mappings, users or rules, and still reports the rest', async () => {
    const served = await odoo.serve();
    try {
      const { db, login } = odoo;
      const refused = createOdooClient({ baseUrl: served.url, db, login, apiKey: 'not-the-key' });
      const findings = await runDoctor({
        odoo: refused,
        plane: agent.plane,
        stores: agent.stores,
        config: agent.engine.config,
      });
      expect(checksOf(findings)).toEqual([
        ['odoo-credentials', 'fail'],
        ['odoo-version', 'ok'],
        ['plane-credentials', 'ok'],
        ['plane-capabilities', 'ok'],
        ['webhook-delivery', 'warn'],
        ['webhook-delivery', 'warn'],
      ]);
    } finally {
      await served.close();
    }
  });

  it('says the users were not checked when Plane refuses the member list, instead of leaving them out', async () => {
    plane.faults.next(
      { method: 'GET', path: /\/workspaces\/doctor\/members\// },
      { status: 403, body: { detail: 'You do not have permission to perform this action.' } },
      100,
    );
    try {
      const findings = await runDoctor({
        odoo: agent.odoo,
        plane: agent.plane,
        stores: agent.stores,
        config: agent.engine.config,
      });
      expect(findings.filter((finding) => finding.check === 'users')).toEqual([
        {
          check: 'users',
          status: 'fail',
          message: 'Users not checked: the workspace members in Plane could not be read',
          fix: expect.stringContaining('workspace members in Plane') as string,
        },
      ]);
    } finally {
      plane.faults.clear();
    }
  });
});
