import { describeOdooError, type OdooClient } from '@odoo-plane-sync/odoo-client';
import { describePlaneError, type PlaneClient } from '@odoo-plane-sync/plane-client';
import {
  chooseOdooStage,
  planeStateForStage,
  type PlaneStateGroup,
  type SyncConfig,
  type SyncStores,
} from '@odoo-plane-sync/sync-core';
import { checkOdooAutomationRules } from './odoo-automation-rules.js';
import { readLastDeliveries } from './webhook-deliveries.js';

/** One thing `doctor` checked: what it found and, unless all is well, what to do. */
export interface DoctorFinding {
  readonly check:
    | 'odoo-credentials'
    | 'odoo-version'
    | 'plane-credentials'
    | 'plane-capabilities'
    | 'state-mapping'
    | 'stage-mapping'
    | 'users'
    | 'odoo-automation-rules'
    | 'webhook-delivery';
  readonly status: 'ok' | 'warn' | 'fail';
  readonly message: string;
  /** What to do about it; null when nothing is to be done. */
  readonly fix: string | null;
  /** Extra facts for scripts (version, group, user, model…). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** What `doctor` reads. */
export interface DoctorParts {
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly stores: Pick<SyncStores, 'mappings' | 'syncState'>;
  /** The engine's parsed configuration (stage and user rules, edition). */
  readonly config: Pick<SyncConfig, 'stages' | 'users' | 'plane'>;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The URL Odoo's automation rules should post to (`…/webhooks/odoo/<token>`); checked when given. */
  readonly odooWebhookUrl?: string;
}

const groupsChecked: readonly PlaneStateGroup[] = [
  'backlog',
  'unstarted',
  'started',
  'completed',
  'cancelled',
];

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
  const findings: DoctorFinding[] = [];
  const add = (finding: DoctorFinding): void => void findings.push(finding);

  const uid = await odoo.authenticate();
  if (uid.isErr()) {
    add({
      check: 'odoo-credentials',
      status: 'fail',
      message: `Odoo refused the login: ${describeOdooError(uid.error)}`,
      fix: 'Check ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_API_KEY (an API key of that user: Preferences → Account Security).',
    });
  } else
    add({
      check: 'odoo-credentials',
      status: 'ok',
      message: `Odoo login ok (uid ${uid.value})`,
      fix: null,
    });

  let odooMajor: number | null = null;
  const version = await odoo.version();
  const transport = await odoo.transport();
  if (version.isOk() && transport.isOk()) {
    odooMajor = version.value.major;
    add({
      check: 'odoo-version',
      status: 'ok',
      message: `Odoo ${version.value.serverVersion} over ${transport.value}`,
      fix: null,
      detail: {
        version: version.value.serverVersion,
        major: odooMajor,
        transport: transport.value,
      },
    });
  } else if (version.isErr())
    add({
      check: 'odoo-version',
      status: 'fail',
      message: `Odoo version unknown: ${describeOdooError(version.error)}`,
      fix: 'Check that ODOO_URL is the Odoo server’s origin (no path).',
    });

  const capabilities = await plane.detectCapabilities();
  if (capabilities.isErr()) {
    add({
      check: 'plane-credentials',
      status: 'fail',
      message: `Plane refused the key or workspace: ${describePlaneError(capabilities.error)}`,
      fix: 'Check PLANE_URL, PLANE_API_KEY (a personal access token) and PLANE_WORKSPACE (the workspace slug).',
    });
  } else {
    add({
      check: 'plane-credentials',
      status: 'ok',
      message: 'Plane key and workspace ok',
      fix: null,
    });
    const edition = config.plane.edition;
    add({
      check: 'plane-capabilities',
      status: 'ok',
      message: `Plane ${edition}: relation removal ${capabilities.value.relationRemoval ? 'available' : 'not available (blockers removed in Odoo stay in Plane)'}`,
      fix: null,
      detail: { edition, relationRemoval: capabilities.value.relationRemoval },
    });
  }

  if (uid.isOk() && capabilities.isOk()) {
    await checkStageMappings(parts, add);
    await checkUsers(parts, add);
  }
  if (uid.isOk() && odooMajor !== null) {
    if (odooMajor < 17)
      add({
        check: 'odoo-automation-rules',
        status: 'ok',
        message: `Odoo ${odooMajor} has no webhook automation rules: the poller is the change feed`,
        fix: null,
      });
    else {
      const prefix = options.odooWebhookUrl;
      const rules = await checkOdooAutomationRules(
        odoo,
        prefix === undefined ? {} : { webhookUrlPrefix: prefix },
      );
      if (rules.isErr())
        add({
          check: 'odoo-automation-rules',
          status: 'fail',
          message: `Odoo automation rules unreadable: ${rules.error.message}`,
          fix: 'Install the base_automation module and give the sync user Administration rights to read rules.',
        });
      else
        for (const model of ['project.project', 'project.milestone', 'project.task'])
          add(
            rules.value.missingModels.includes(model)
              ? {
                  check: 'odoo-automation-rules',
                  status: 'warn',
                  message: `No Odoo automation rule sends ${model} changes to the sync${prefix === undefined ? '' : ` at ${redactToken(prefix)}`}; changes wait for the poller`,
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
  }

  const last = await readLastDeliveries(parts.stores.syncState);
  for (const source of ['odoo', 'plane'] as const) {
    const at = last[source];
    add(
      at === null
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
          },
    );
  }
  if (last.github !== null)
    add({
      check: 'webhook-delivery',
      status: 'ok',
      message: `GitHub last delivered at ${last.github}`,
      fix: null,
      detail: { source: 'github', lastDelivery: last.github },
    });
  return findings;
}

/** The Odoo webhook URL ends in a secret token: never print it. */
function redactToken(url: string): string {
  return url.replace(/\/webhooks\/odoo\/[^/]+/, '/webhooks/odoo/<token>');
}

async function checkStageMappings(
  parts: DoctorParts,
  add: (finding: DoctorFinding) => void,
): Promise<void> {
  const { odoo, plane, config } = parts;
  const projects = (await parts.stores.mappings.list({ model: 'project.project' })).filter(
    (mapping) => mapping.status === 'active' && mapping.planeId !== null,
  );
  for (const project of projects) {
    const odooProjectId = project.key.odooId;
    const [states, stages] = await Promise.all([
      plane.listStates(project.planeId!),
      odoo.listStages(odooProjectId),
    ]);
    if (states.isErr() || stages.isErr()) {
      add({
        check: 'state-mapping',
        status: 'fail',
        message: `Odoo project #${odooProjectId}: states or stages unreadable`,
        fix: 'Check that the sync user can read the project in both systems.',
      });
      continue;
    }
    const byGroup = {
      ...config.stages.byGroup,
      ...(config.stages.byGroupPerProject[String(odooProjectId)] ?? {}),
    };
    const reached = new Set<number>();
    for (const group of groupsChecked) {
      const groupStates = states.value.filter((state) => state.group === group);
      if (groupStates.length === 0) continue;
      const unmapped: string[] = [];
      for (const state of groupStates) {
        const choice = chooseOdooStage(state, stages.value, {
          explicit: config.stages.toOdooStage,
          byGroup,
        });
        if (choice.kind === 'stage') reached.add(choice.stage.id);
        else if (choice.kind === 'unmapped') unmapped.push(`"${state.name}": ${choice.reason}`);
      }
      add(
        unmapped.length === 0
          ? {
              check: 'state-mapping',
              status: 'ok',
              message: `Odoo project #${odooProjectId}: Plane ${group} states have an Odoo stage`,
              fix: null,
              detail: { odooProjectId, group },
            }
          : {
              check: 'state-mapping',
              status: 'warn',
              message: `Odoo project #${odooProjectId}: Plane ${group} state ${unmapped.join('; ')}`,
              fix: `Add an Odoo stage for it, or set STAGES_BY_GROUP=${group}=<stage name> (or ${group}=- to leave the stage on purpose).`,
              detail: { odooProjectId, group },
            },
      );
    }
    for (const stage of stages.value) {
      const toPlane = planeStateForStage(stage.name, states.value, config.stages.toPlaneState);
      if (reached.has(stage.id) && toPlane !== null) continue;
      add({
        check: 'stage-mapping',
        status: 'warn',
        message: `Odoo project #${odooProjectId}: stage "${stage.name}" ${toPlane === null ? 'has no Plane state' : 'is never reached from Plane'}`,
        fix: `Name a Plane state "${stage.name}", or pair it in the stage settings (stages.toPlaneState / toOdooStage).`,
        detail: { odooProjectId, stage: stage.name },
      });
    }
  }
}

async function checkUsers(
  parts: DoctorParts,
  add: (finding: DoctorFinding) => void,
): Promise<void> {
  const { odoo, plane, config } = parts;
  const assigned = await odoo.searchRead('project.task', [['user_ids', '!=', false]], {
    fields: ['user_ids'],
  });
  if (assigned.isErr()) return;
  const userIds = [
    ...new Set(
      assigned.value.flatMap((row) =>
        Array.isArray(row.user_ids) ? (row.user_ids as number[]) : [],
      ),
    ),
  ].filter((id) => config.users.explicit[String(id)] === undefined);
  if (userIds.length === 0) return;
  const [users, members] = await Promise.all([
    odoo.readUsers(userIds),
    plane.listWorkspaceMembers(),
  ]);
  if (users.isErr() || members.isErr()) return;
  const emails = new Set(
    members.value.flatMap((member) => (member.email === null ? [] : [member.email.toLowerCase()])),
  );
  const unmapped = users.value.filter(
    (user) =>
      !config.users.matchByEmail || user.email === null || !emails.has(user.email.toLowerCase()),
  );
  for (const user of unmapped)
    add({
      check: 'users',
      status: 'warn',
      message: `Odoo user "${user.name}" (#${user.id}${user.email === null ? ', no e-mail' : `, ${user.email}`}) has no Plane member: their tasks sync unassigned`,
      fix: 'Invite the user to the Plane workspace with the same e-mail, or map them in users.explicit.',
      detail: { odooUserId: user.id },
    });
  if (unmapped.length === 0)
    add({
      check: 'users',
      status: 'ok',
      message: `${userIds.length} assigned Odoo users map to Plane members`,
      fix: null,
    });
}
