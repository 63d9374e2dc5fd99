import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorFinding } from '@odoo-plane-sync/agent';
import { createCliWorld, seedPortfolio, webhookToken, type CliWorld } from './testing/cli-world.js';

interface DoctorOutput {
  readonly installedRules: readonly { model: string; id: number }[];
  readonly findings: readonly DoctorFinding[];
}

/**
 * The automation rule Odoo 17 recorded when one was created through the API (fixture 060; the testkit
 * keeps the recorded fixtures in the repository, so a clean clone has them).
 */
const recorded = JSON.parse(
  readFileSync(
    new URL(
      '../../testkit/src/odoo/fixtures/odoo-17/060-automation-rule-create-webhook.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { request: { body: { params: { args: unknown[] } } } };
const recordedRule = recorded.request.body.params.args[5] as [Record<string, unknown>];

const webhookUrl = 'https://sync.example.com';

describe('odoo-plane-sync doctor', () => {
  let world: CliWorld;
  let unknownUserId: number;
  beforeAll(async () => {
    world = await createCliWorld();
    const seeded = seedPortfolio(world, { projects: 1, tasksPerProject: 3 });
    // Known to Odoo only: Plane has no member with this e-mail.
    unknownUserId = world.odoo.create('res.users', {
      name: 'Stranger',
      login: 'stranger@example.com',
      email: 'stranger@example.com',
    });
    world.odoo.write('project.task', [seeded.taskIds[0]!], {
      user_ids: [[4, unknownUserId]],
    });
    expect((await world.run(['backfill'])).code).toBe(0);
  }, 120_000);
  afterAll(() => world.close());

  it('reports the Plane state group with no Odoo stage and the user with no Plane member, each with what to do', async () => {
    const doctor = await world.json<DoctorOutput>(['doctor']);
    expect(doctor.code).toBe(1);
    const warnings = doctor.value.findings.filter((finding) => finding.status === 'warn');
    // The project's stages are New, In Progress and Done: Plane's cancelled states have nowhere to go.
    const groups = warnings.filter((finding) => finding.check === 'state-mapping');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.detail).toMatchObject({ group: 'cancelled' });
    expect(groups[0]?.fix).toMatch(/STAGES_BY_GROUP=cancelled=/);
    const users = warnings.filter((finding) => finding.check === 'users');
    expect(users).toHaveLength(1);
    expect(users[0]?.detail).toEqual({ odooUserId: unknownUserId });
    expect(users[0]?.message).toMatch(/Stranger/);
    for (const finding of warnings) expect(finding.fix).not.toBeNull();
    const version = doctor.value.findings.find((finding) => finding.check === 'odoo-version');
    expect(version).toMatchObject({ status: 'ok', detail: { major: 17, transport: 'jsonrpc' } });
    expect(
      doctor.value.findings.filter(
        (finding) => finding.check === 'odoo-automation-rules' && finding.status === 'warn',
      ),
    ).toHaveLength(3);
    expect(doctor.value.findings).toContainEqual(
      expect.objectContaining({
        check: 'webhook-delivery',
        status: 'warn',
        detail: { source: 'plane', lastDelivery: null },
      }),
    );
    const human = await world.run(['doctor']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/what to do/);
    expect(human.stdout).toMatch(/cancelled/);
    expect(human.stdout).not.toContain(webhookToken);
  }, 120_000);

  it('--install-odoo-rules creates one rule per synced model in the recorded form, and doctor then finds them', async () => {
    expect((await world.run(['doctor', '--install-odoo-rules'])).code).toBe(2);
    const install = await world.json<DoctorOutput>([
      'doctor',
      '--install-odoo-rules',
      '--webhook-url',
      webhookUrl,
    ]);
    expect(install.value.installedRules.map((rule) => rule.model)).toEqual([
      'project.project',
      'project.milestone',
      'project.task',
    ]);
    expect(install.stdout).not.toContain(webhookToken);

    const rules = world.odoo.searchRead(
      'base.automation',
      [],
      ['name', 'trigger', 'model_id', 'action_server_ids', 'active'],
    );
    expect(rules).toHaveLength(3);
    const taskRule = rules.find((rule) => (rule.model_id as [number, string])[1] === 'Task')!;
    expect(taskRule).toMatchObject({ trigger: recordedRule[0].trigger, active: true });
    const [actionId] = taskRule.action_server_ids as number[];
    const [action] = world.odoo.read(
      'ir.actions.server',
      [actionId!],
      ['state', 'webhook_url', 'webhook_field_ids', 'usage', 'base_automation_id'],
    );
    expect(action).toMatchObject({
      state: 'webhook',
      webhook_url: `${webhookUrl}/webhooks/odoo/${webhookToken}`,
      usage: 'base_automation',
      base_automation_id: [taskRule.id, expect.any(String)],
    });
    expect(action?.webhook_field_ids).toHaveLength(1);

    const after = await world.json<DoctorOutput>(['doctor', '--webhook-url', webhookUrl]);
    const ruleFindings = after.value.findings.filter(
      (finding) => finding.check === 'odoo-automation-rules',
    );
    expect(ruleFindings.map((finding) => finding.status)).toEqual(['ok', 'ok', 'ok']);
    const again = await world.json<DoctorOutput>([
      'doctor',
      '--install-odoo-rules',
      '--webhook-url',
      webhookUrl,
    ]);
    expect(again.value.installedRules).toEqual([]);
  }, 120_000);
});
