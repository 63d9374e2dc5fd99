import type { OdooStage } from '@odoo-plane-sync/odoo-client';
import type { PlaneState } from '@odoo-plane-sync/plane-client';
import {
  chooseOdooStage,
  planeStateForStage,
  type PlaneStateGroup,
  type SyncConfig,
} from '@odoo-plane-sync/sync-core';
import type { DoctorFinding, DoctorParts } from './doctor-finding.js';

const groupsChecked: readonly PlaneStateGroup[] = [
  'backlog',
  'unstarted',
  'started',
  'completed',
  'cancelled',
];

/**
 * Per active project mapping: every Plane state group has an Odoo stage, and every Odoo stage is
 * reached from Plane and has a Plane state.
 */
export async function checkStageMappings(parts: DoctorParts): Promise<DoctorFinding[]> {
  const { odoo, plane, config } = parts;
  const findings: DoctorFinding[] = [];
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
      findings.push({
        check: 'state-mapping',
        status: 'fail',
        message: `Odoo project #${odooProjectId}: states or stages unreadable`,
        fix: 'Check that the sync user can read the project in both systems.',
      });
      continue;
    }
    findings.push(
      ...projectStageFindings(odooProjectId, states.value, stages.value, config.stages),
    );
  }
  return findings;
}

/** The state and stage findings of one project, from its Plane states and Odoo stages; pure. */
function projectStageFindings(
  odooProjectId: number,
  states: readonly PlaneState[],
  stages: readonly OdooStage[],
  rules: SyncConfig['stages'],
): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const byGroup = {
    ...rules.byGroup,
    ...(rules.byGroupPerProject[String(odooProjectId)] ?? {}),
  };
  const reached = new Set<number>();
  for (const group of groupsChecked) {
    const groupStates = states.filter((state) => state.group === group);
    if (groupStates.length === 0) continue;
    const unmapped: string[] = [];
    for (const state of groupStates) {
      const choice = chooseOdooStage(state, stages, { explicit: rules.toOdooStage, byGroup });
      if (choice.kind === 'stage') reached.add(choice.stage.id);
      else if (choice.kind === 'unmapped') unmapped.push(`"${state.name}": ${choice.reason}`);
    }
    findings.push(
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
  for (const stage of stages) {
    const toPlane = planeStateForStage(stage.name, states, rules.toPlaneState);
    if (reached.has(stage.id) && toPlane !== null) continue;
    findings.push({
      check: 'stage-mapping',
      status: 'warn',
      message: `Odoo project #${odooProjectId}: stage "${stage.name}" ${toPlane === null ? 'has no Plane state' : 'is never reached from Plane'}`,
      fix: `Name a Plane state "${stage.name}", or pair it in the stage settings (stages.toPlaneState / toOdooStage).`,
      detail: { odooProjectId, stage: stage.name },
    });
  }
  return findings;
}

/** Odoo users assigned to tasks (and not mapped explicitly) who have no Plane member by e-mail. */
export async function checkUsers(parts: DoctorParts): Promise<DoctorFinding[]> {
  const { odoo, plane, config } = parts;
  const assigned = await odoo.searchRead('project.task', [['user_ids', '!=', false]], {
    fields: ['user_ids'],
  });
  if (assigned.isErr()) return usersUnreadable('the assigned tasks in Odoo');
  const userIds = [
    ...new Set(
      assigned.value.flatMap((row) =>
        Array.isArray(row.user_ids) ? (row.user_ids as number[]) : [],
      ),
    ),
  ].filter((id) => config.users.explicit[String(id)] === undefined);
  if (userIds.length === 0) return [];
  const [users, members] = await Promise.all([
    odoo.readUsers(userIds),
    plane.listWorkspaceMembers(),
  ]);
  if (users.isErr()) return usersUnreadable('the users in Odoo');
  if (members.isErr()) return usersUnreadable('the workspace members in Plane');
  const emails = new Set(
    members.value.flatMap((member) => (member.email === null ? [] : [member.email.toLowerCase()])),
  );
  const unmapped = users.value.filter(
    (user) =>
      !config.users.matchByEmail || user.email === null || !emails.has(user.email.toLowerCase()),
  );
  const findings = unmapped.map((user): DoctorFinding => ({
    check: 'users',
    status: 'warn',
    message: `Odoo user "${user.name}" (#${user.id}${user.email === null ? ', no e-mail' : `, ${user.email}`}) has no Plane member: their tasks sync unassigned`,
    fix: 'Invite the user to the Plane workspace with the same e-mail, or map them in users.explicit.',
    detail: { odooUserId: user.id },
  }));
  if (unmapped.length === 0)
    findings.push({
      check: 'users',
      status: 'ok',
      message: `${userIds.length} assigned Odoo users map to Plane members`,
      fix: null,
    });
  return findings;
}

/** A users check that could not read what it compares: said, never left out of the report. */
function usersUnreadable(what: string): DoctorFinding[] {
  return [
    {
      check: 'users',
      status: 'fail',
      message: `Users not checked: ${what} could not be read`,
      fix: 'Check that the sync user can read tasks and users in Odoo and the workspace members in Plane.',
    },
  ];
}
