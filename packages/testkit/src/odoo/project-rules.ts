import { OdooServerError, validationError } from './errors.js';
import type { ModelRules, Orm, OrmEnv } from './orm.js';
import type { StoredRecord } from './record-store.js';
import { escapeHtml, formatDatetime, asText } from './value-encoding.js';

/** 17.0+ task states that survive stage changes and never turn into "waiting". */
export const CLOSED_STATES: ReadonlySet<string> = new Set(['1_done', '1_canceled']);
const WAITING = '04_waiting_normal';
const IN_PROGRESS = '01_in_progress';

const ids = (raw: unknown): number[] =>
  Array.isArray(raw) ? raw.filter((item): item is number => typeof item === 'number') : [];
const idOf = (raw: unknown): number | false => (typeof raw === 'number' ? raw : false);
const stamp = (env: OrmEnv): string => formatDatetime(env.now, 'seconds');

function stored(orm: Orm, env: OrmEnv, model: string, id: number): StoredRecord {
  return orm.store.get(model, id, env.view) ?? {};
}

function projectOf(orm: Orm, env: OrmEnv, taskId: number): StoredRecord | undefined {
  const projectId = idOf(stored(orm, env, 'project.task', taskId).project_id);
  return projectId === false ? undefined : orm.store.get('project.project', projectId, env.view);
}

/** The stages of a project, in stage order (`sequence, id`), personal stages excluded. */
function projectStages(orm: Orm, env: OrmEnv, projectId: number): number[] {
  return orm.store
    .ids('project.task.type', env.view)
    .map((id) => stored(orm, env, 'project.task.type', id))
    .filter(
      (stage) =>
        stage.active !== false &&
        idOf(stage.user_id) === false &&
        ids(stage.project_ids).includes(projectId),
    )
    .sort(
      (a, b) => Number(a.sequence ?? 1) - Number(b.sequence ?? 1) || Number(a.id) - Number(b.id),
    )
    .map((stage) => Number(stage.id));
}

function isTaskClosed(orm: Orm, env: OrmEnv, taskId: number): boolean {
  const task = stored(orm, env, 'project.task', taskId);
  if (orm.variant.version === 16) {
    const stage = idOf(task.stage_id);
    return stage !== false && stored(orm, env, 'project.task.type', stage).fold === true;
  }
  return CLOSED_STATES.has(String(task.state));
}

/**
 * 17.0+ `_compute_state`: with dependencies enabled on the project, an open blocker makes a non-closed
 * task waiting; otherwise every non-closed state falls back to in progress (so a stage change resets
 * "changes requested" and "approved"). Returns true when the state changed.
 */
function recomputeState(orm: Orm, env: OrmEnv, taskId: number, resetOpenState: boolean): boolean {
  const task = stored(orm, env, 'project.task', taskId);
  const current = asText(task.state) || IN_PROGRESS;
  if (CLOSED_STATES.has(current)) return false;
  const dependenciesOn = projectOf(orm, env, taskId)?.allow_task_dependencies === true;
  const blocked =
    dependenciesOn &&
    ids(task.depend_on_ids).some(
      (blocker) =>
        orm.store.get('project.task', blocker, env.view) !== undefined &&
        !isTaskClosed(orm, env, blocker),
    );
  let next = current;
  if (blocked) next = WAITING;
  else if (current === WAITING || resetOpenState) next = IN_PROGRESS;
  if (next === current) return false;
  orm.writeStored(env, 'project.task', taskId, { state: next });
  return true;
}

function dependentsOf(orm: Orm, env: OrmEnv, taskId: number): number[] {
  return orm.store
    .ids('project.task', env.view)
    .filter((other) => ids(stored(orm, env, 'project.task', other).depend_on_ids).includes(taskId));
}

function descendants(orm: Orm, env: OrmEnv, roots: readonly number[]): number[] {
  const all = new Set(roots);
  let frontier = [...roots];
  while (frontier.length > 0) {
    const children = orm.store.ids('project.task', env.view).filter((id) => {
      const parent = idOf(stored(orm, env, 'project.task', id).parent_id);
      return parent !== false && frontier.includes(parent) && !all.has(id);
    });
    for (const child of children) all.add(child);
    frontier = children;
  }
  return [...all];
}

function reaches(start: number, target: number, next: (id: number) => readonly number[]): boolean {
  const seen = new Set<number>();
  const stack = [...next(start)];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    if (current === target) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...next(current));
  }
  return false;
}

/** Posts a chatter message on a record (as the mail module would) and returns its id. */
export function postMessage(
  orm: Orm,
  env: OrmEnv,
  model: string,
  resId: number,
  message: {
    body: string;
    messageType: string;
    subtypeId: number | false;
    trackingCount?: number;
    partnerIds?: readonly number[];
  },
): number {
  const authorPartner = idOf(stored(orm, env, 'res.users', env.uid).partner_id);
  const [messageId] = orm.create({ ...env, changes: [] }, 'mail.message', [
    {
      body: message.body,
      message_type: message.messageType,
      subtype_id: message.subtypeId,
      author_id: authorPartner,
      date: formatDatetime(env.now, 'seconds'),
      model,
      res_id: resId,
      partner_ids: [[6, 0, message.partnerIds ?? []]],
    },
  ]);
  const id = messageId ?? 0;
  for (let index = 0; index < (message.trackingCount ?? 0); index += 1) {
    orm.create({ ...env, changes: [] }, 'mail.tracking.value', [{ mail_message_id: id }]);
  }
  return id;
}

/** The body of the "you have been assigned" notification, as each version renders it. */
function assignmentBody(version: number, userName: string, taskName: string): string {
  if (version === 16) {
    return `<span><span>Dear ${escapeHtml(userName)},</span>\n    <br><br>\n    <span style="margin-top:8px">You have been assigned to the Task ${escapeHtml(taskName)}.</span>\n    <br></span>`;
  }
  return `\n    Dear ${escapeHtml(userName)},\n    <br><br>\n    <span style="margin-top:8px">You have been assigned to the Task ${escapeHtml(taskName)}.</span>\n`;
}

// Subtype ids of the seeded mail.message.subtype rows (see seed-data.ts).
export const SUBTYPE = {
  discussions: 1,
  note: 2,
  activities: 3,
  taskCreated: 4,
  stageChanged: 5,
} as const;
const TRACKED_TASK_FIELDS = [
  'stage_id',
  'priority',
  'user_ids',
  'project_id',
  'milestone_id',
  'date_deadline',
  'state',
  'kanban_state',
  'parent_id',
];

function notifyAssignees(orm: Orm, env: OrmEnv, taskId: number, added: readonly number[]): void {
  const task = stored(orm, env, 'project.task', taskId);
  for (const userId of added) {
    if (userId === env.uid) continue;
    const user = stored(orm, env, 'res.users', userId);
    postMessage(orm, env, 'project.task', taskId, {
      body: assignmentBody(orm.variant.version, asText(user.name), asText(task.name)),
      messageType: 'user_notification',
      subtypeId: SUBTYPE.note,
      partnerIds: idOf(user.partner_id) === false ? [] : [idOf(user.partner_id) as number],
    });
  }
}

const taskRules: ModelRules = {
  computed: new Set([
    'display_name',
    'allow_milestones',
    'allow_task_dependencies',
    'is_closed',
    'is_blocked',
    'subtask_count',
    'closed_subtask_count',
    'dependent_tasks_count',
    'child_text',
    'portal_user_names',
    'access_url',
    'access_warning',
    'access_token',
    'message_ids',
    'has_message',
    'message_is_follower',
    'message_partner_ids',
    'message_follower_ids',
    'activity_ids',
    'activity_state',
    'activity_date_deadline',
    'activity_summary',
    'activity_user_id',
    'activity_type_id',
    'rating_avg_text',
    'rating_percentage_satisfaction',
    'duration_tracking',
    'kanban_state_label',
    'legend_normal',
    'legend_done',
    'legend_blocked',
    'allow_subtasks',
    'recurrence_update',
    'manager_id',
    'display_project_id',
    'project_privacy_visibility',
    '__last_update',
  ]),
  defaults: (orm, env, vals) => {
    const { version } = orm.variant;
    vals.active ??= true;
    vals.priority ??= '0';
    vals.sequence ??= 10;
    if (vals.user_ids === undefined) vals.user_ids = [[6, 0, [env.uid]]];
    const parentId = idOf(vals.parent_id);
    const parent =
      parentId === false ? undefined : orm.store.get('project.task', parentId, env.view);
    if (vals.project_id === undefined) {
      const fromContext = env.context.default_project_id;
      if (typeof fromContext === 'number') vals.project_id = fromContext;
      else if (parent !== undefined) vals.project_id = parent.project_id ?? false;
    }
    const projectId = idOf(vals.project_id);
    if (vals.stage_id === undefined && projectId !== false)
      vals.stage_id = projectStages(orm, env, projectId)[0] ?? false;
    // 17.0+: a subtask inherits its parent's milestone when they share the project.
    if (
      version >= 17 &&
      vals.milestone_id === undefined &&
      parent !== undefined &&
      idOf(parent.project_id) === projectId
    ) {
      vals.milestone_id = parent.milestone_id ?? false;
    }
    if (version === 16) {
      vals.kanban_state ??= 'normal';
      const project =
        projectId === false ? undefined : orm.store.get('project.project', projectId, env.view);
      vals.company_id ??= project?.company_id ?? 1;
    } else {
      vals.state ??= IN_PROGRESS;
      vals.display_in_project ??= true;
      if (projectId !== false) {
        vals.company_id ??=
          orm.store.get('project.project', projectId, env.view)?.company_id ?? false;
      }
    }
    vals.date_last_stage_update ??= stamp(env);
  },
  afterCreate: (orm, env, created, valsList) => {
    created.forEach((taskId, index) => {
      const vals = valsList[index] ?? {};
      const task = stored(orm, env, 'project.task', taskId);
      const updates: Record<string, unknown> = {};
      // date_assign is set when assignees are given at creation (a defaulted creator does not count).
      const explicitUsers =
        vals.user_ids !== undefined &&
        JSON.stringify(vals.user_ids) !== JSON.stringify([[6, 0, [env.uid]]]);
      if (explicitUsers && ids(task.user_ids).length > 0) updates.date_assign = stamp(env);
      const milestone = idOf(task.milestone_id);
      if (
        milestone !== false &&
        idOf(stored(orm, env, 'project.milestone', milestone).project_id) !== idOf(task.project_id)
      ) {
        updates.milestone_id = false;
      }
      const stage = idOf(task.stage_id);
      if (stage !== false && stored(orm, env, 'project.task.type', stage).fold === true)
        updates.date_end = stamp(env);
      // `_set_stage_on_project_from_task`: an explicit stage becomes one of the project's stages.
      const projectId = idOf(task.project_id);
      if (stage !== false && projectId !== false) {
        const stageRow = stored(orm, env, 'project.task.type', stage);
        const linked = ids(stageRow.project_ids);
        if (idOf(stageRow.user_id) === false && !linked.includes(projectId)) {
          orm.writeStored(env, 'project.task.type', stage, { project_ids: [...linked, projectId] });
        }
      }
      if (Object.keys(updates).length > 0) orm.writeStored(env, 'project.task', taskId, updates);
      // No state computation at creation: a task created blocked by an open task reads
      // `01_in_progress` on the recorded 17.0; waiting comes with the next recomputation.
      postMessage(orm, env, 'project.task', taskId, {
        body: '',
        messageType: 'notification',
        subtypeId: SUBTYPE.taskCreated,
      });
      if (explicitUsers) notifyAssignees(orm, env, taskId, ids(task.user_ids));
    });
  },
  beforeWrite: (orm, env, taskIds, vals) => {
    // A milestone of another project is silently reset (project_task.py `write`).
    const milestone = idOf(vals.milestone_id);
    if (milestone !== false) {
      const milestoneProject = idOf(stored(orm, env, 'project.milestone', milestone).project_id);
      const targetProject =
        vals.project_id !== undefined
          ? idOf(vals.project_id)
          : idOf(stored(orm, env, 'project.task', taskIds[0] ?? 0).project_id);
      if (milestoneProject !== targetProject) vals.milestone_id = false;
    }
    // `_compute_stage_id`: moving a task to a project that does not use its stage picks the first stage there.
    const newProject = vals.project_id === undefined ? false : idOf(vals.project_id);
    if (newProject !== false && vals.stage_id === undefined) {
      const currentStage = idOf(stored(orm, env, 'project.task', taskIds[0] ?? 0).stage_id);
      const stages = projectStages(orm, env, newProject);
      if (currentStage === false || !stages.includes(currentStage))
        vals.stage_id = stages[0] ?? false;
    }
    if (vals.stage_id !== undefined) {
      vals.date_last_stage_update = stamp(env);
      if (orm.variant.version === 16 && vals.kanban_state === undefined)
        vals.kanban_state = 'normal';
      const stage = idOf(vals.stage_id);
      vals.date_end =
        stage !== false && stored(orm, env, 'project.task.type', stage).fold === true
          ? stamp(env)
          : false;
    }
    return vals;
  },
  afterWrite: (orm, env, taskIds, vals, before) => {
    const touched = new Set<number>();
    for (const taskId of taskIds) {
      const previous = before.get(taskId) ?? {};
      const task = stored(orm, env, 'project.task', taskId);
      const previousUsers = ids(previous.user_ids);
      const currentUsers = ids(task.user_ids);
      if (vals.user_ids !== undefined) {
        if (currentUsers.length === 0)
          orm.writeStored(env, 'project.task', taskId, { date_assign: false });
        else if (previousUsers.length === 0)
          orm.writeStored(env, 'project.task', taskId, { date_assign: stamp(env) });
        notifyAssignees(
          orm,
          env,
          taskId,
          currentUsers.filter((user) => !previousUsers.includes(user)),
        );
      }
      if (orm.variant.version >= 17) {
        const stageChanged =
          vals.stage_id !== undefined && idOf(previous.stage_id) !== idOf(task.stage_id);
        const stateWritten = vals.state !== undefined;
        // `_compute_state` depends on stage_id, depend_on_ids.state and the project's flag.
        if (
          stageChanged ||
          stateWritten ||
          vals.depend_on_ids !== undefined ||
          vals.project_id !== undefined
        ) {
          recomputeState(orm, env, taskId, stageChanged && !stateWritten);
        }
        if (stageChanged || stateWritten || vals.project_id !== undefined)
          orm.writeStored(env, 'project.task', taskId, { date_last_stage_update: stamp(env) });
      }
      const trackingCount = TRACKED_TASK_FIELDS.filter(
        (name) =>
          JSON.stringify(previous[name] ?? false) !==
          JSON.stringify(stored(orm, env, 'project.task', taskId)[name] ?? false),
      ).length;
      if (trackingCount > 0) {
        const stageChanged = idOf(previous.stage_id) !== idOf(task.stage_id);
        postMessage(orm, env, 'project.task', taskId, {
          body: '',
          messageType: 'notification',
          subtypeId: stageChanged ? SUBTYPE.stageChanged : SUBTYPE.note,
          trackingCount,
        });
      }
      // Dependents store fields computed from their blockers, so every write on a task rewrites its
      // dependents and bumps their write_date (observed on 16.0 and 17.0).
      for (const dependent of dependentsOf(orm, env, taskId)) touched.add(dependent);
      // Archiving a task archives nothing else, but a closed/reopened blocker changes its dependents.
    }
    const writeDate = formatDatetime(env.now, 'microseconds');
    for (const dependent of touched) {
      if (taskIds.includes(dependent)) continue;
      if (orm.variant.version >= 17) recomputeState(orm, env, dependent, false);
      orm.writeStored(env, 'project.task', dependent, {
        write_date: writeDate,
        write_uid: env.uid,
      });
    }
  },
  validate: (orm, env, taskIds) => {
    for (const taskId of taskIds) {
      const blockers = (id: number): number[] =>
        ids(stored(orm, env, 'project.task', id).depend_on_ids);
      if (reaches(taskId, taskId, blockers))
        throw validationError('Two tasks cannot depend on each other.');
      const parent = (id: number): number[] => {
        const parentId = idOf(stored(orm, env, 'project.task', id).parent_id);
        return parentId === false ? [] : [parentId];
      };
      if (reaches(taskId, taskId, parent))
        throw validationError('Error! You cannot create a recursive hierarchy of tasks.');
    }
  },
  // Deleting a task deletes all its subtasks (`unlink`: `self |= self._get_all_subtasks()`).
  expandUnlink: (orm, env, taskIds) => descendants(orm, env, taskIds),
  compute: (orm, env, taskId, name) => {
    const task = () => stored(orm, env, 'project.task', taskId);
    const project = () => projectOf(orm, env, taskId);
    switch (name) {
      case 'display_name':
        return asText(task().name);
      case 'allow_milestones':
        return project()?.allow_milestones === true;
      case 'allow_task_dependencies':
        return project()?.allow_task_dependencies === true;
      case 'is_closed':
        return isTaskClosed(orm, env, taskId);
      case 'is_blocked':
        return (
          project()?.allow_task_dependencies === true &&
          ids(task().depend_on_ids).some((blocker) => !isTaskClosed(orm, env, blocker))
        );
      case 'subtask_count':
        return descendants(orm, env, [taskId]).length - 1;
      case 'closed_subtask_count':
        return descendants(orm, env, [taskId]).filter(
          (id) => id !== taskId && isTaskClosed(orm, env, id),
        ).length;
      case 'dependent_tasks_count':
        return dependentsOf(orm, env, taskId).length;
      case 'child_text': {
        const count = orm.store
          .ids('project.task', env.view)
          .filter((id) => idOf(stored(orm, env, 'project.task', id).parent_id) === taskId).length;
        return count === 0 ? false : `(+ ${count} task${count === 1 ? '' : 's'})`;
      }
      case 'portal_user_names':
        return ids(task().user_ids)
          .map((user) => asText(stored(orm, env, 'res.users', user).name))
          .join(', ');
      case 'access_url':
        return `/my/tasks/${taskId}`;
      case 'access_warning':
        return '';
      case 'access_token':
        return `00000000-0000-4000-8000-${String(taskId).padStart(12, '0')}`;
      case 'message_ids':
        return orm.store.ids('mail.message', env.view).filter((id) => {
          const message = stored(orm, env, 'mail.message', id);
          return (
            message.model === 'project.task' &&
            message.res_id === taskId &&
            message.message_type !== 'user_notification'
          );
        });
      case 'has_message':
        return (taskRules.compute?.(orm, env, taskId, 'message_ids') as number[]).length > 0;
      case 'message_is_follower':
        return true;
      case 'message_partner_ids':
        return [
          ...new Set(
            [
              idOf(stored(orm, env, 'res.users', Number(task().create_uid)).partner_id),
              ...ids(task().user_ids).map((user) =>
                idOf(stored(orm, env, 'res.users', user).partner_id),
              ),
            ].filter((id): id is number => id !== false),
          ),
        ];
      case 'message_follower_ids':
        return taskRules.compute?.(orm, env, taskId, 'message_partner_ids');
      case 'activity_ids':
        return activitiesOf(orm, env, 'project.task', taskId);
      case 'activity_state':
      case 'activity_date_deadline':
      case 'activity_summary':
      case 'activity_user_id':
      case 'activity_type_id': {
        const first = activitiesOf(orm, env, 'project.task', taskId)[0];
        if (first === undefined) return false;
        const activity = stored(orm, env, 'mail.activity', first);
        if (name === 'activity_state') return activityState(env, activity);
        if (name === 'activity_date_deadline') return activity.date_deadline ?? false;
        if (name === 'activity_summary') return activity.summary ?? false;
        if (name === 'activity_user_id') return activity.user_id ?? false;
        return activity.activity_type_id ?? false;
      }
      case 'rating_avg_text':
        return 'none';
      case 'rating_percentage_satisfaction':
        return -1;
      case 'duration_tracking': {
        const stage = idOf(task().stage_id);
        return stage === false ? {} : { [String(stage)]: 0 };
      }
      case 'kanban_state_label': {
        const legends: Record<string, string> = {
          normal: 'legend_normal',
          done: 'legend_done',
          blocked: 'legend_blocked',
        };
        const stage = idOf(task().stage_id);
        const legend = legends[asText(task().kanban_state) || 'normal'] ?? 'legend_normal';
        return stage === false
          ? false
          : (stored(orm, env, 'project.task.type', stage)[legend] ?? false);
      }
      case 'legend_normal':
      case 'legend_done':
      case 'legend_blocked': {
        const stage = idOf(task().stage_id);
        return stage === false
          ? false
          : (stored(orm, env, 'project.task.type', stage)[name] ?? false);
      }
      case 'allow_subtasks':
        return project()?.allow_subtasks !== false;
      case 'recurrence_update':
        return 'this';
      case 'manager_id':
        return project()?.user_id ?? false;
      case 'display_project_id':
        return task().project_id ?? false;
      case 'project_privacy_visibility':
        return project()?.privacy_visibility ?? false;
      case '__last_update':
        return task().write_date ?? false;
      default:
        return undefined;
    }
  },
};

/** Activities attached to one record, soonest deadline first. */
export function activitiesOf(orm: Orm, env: OrmEnv, model: string, resId: number): number[] {
  return orm.store
    .ids('mail.activity', env.view)
    .map((id) => stored(orm, env, 'mail.activity', id))
    .filter((activity) => activity.res_model === model && activity.res_id === resId)
    .sort(
      (a, b) =>
        String(a.date_deadline).localeCompare(String(b.date_deadline)) ||
        Number(a.id) - Number(b.id),
    )
    .map((activity) => Number(activity.id));
}

/** `overdue`, `today` or `planned`, from the deadline and today's date (UTC) on the clock. */
export function activityState(env: OrmEnv, activity: StoredRecord): string {
  const today = formatDatetime(env.now).slice(0, 10);
  const deadline = asText(activity.date_deadline);
  if (deadline < today) return 'overdue';
  return deadline === today ? 'today' : 'planned';
}

const projectRules: ModelRules = {
  computed: new Set([
    'display_name',
    'task_count',
    'task_count_with_subtasks',
    'open_task_count',
    'closed_task_count',
  ]),
  order: 'sequence, name, id',
  groupGated: {
    stage_id: 'Technical / Use Stages on Project',
    milestone_count: 'Technical / Use Milestones',
  },
  defaults: (orm, env, vals) => {
    vals.active ??= true;
    vals.user_id ??= env.uid;
    vals.privacy_visibility ??= 'portal';
    vals.rating_status ??= 'stage';
    vals.rating_status_period ??= 'monthly';
    vals.last_update_status ??= 'to_define';
    vals.alias_contact ??= 'everyone';
    vals.sequence ??= 10;
    vals.label_tasks ??= 'Tasks';
    vals.allow_milestones ??= false;
    vals.allow_task_dependencies ??= false;
    if (orm.variant.version === 16) {
      vals.company_id ??= 1;
      vals.allow_subtasks ??= true;
    }
  },
  // `_unlink_except_contains_tasks`.
  beforeUnlink: (orm, env, projectIds) => {
    const hasTasks = orm.store.ids('project.task', env.view).some((taskId) => {
      const projectId = idOf(stored(orm, env, 'project.task', taskId).project_id);
      return projectId !== false && projectIds.includes(projectId);
    });
    if (hasTasks) {
      throw new OdooServerError(
        'odoo.exceptions.UserError',
        'You cannot delete a project containing tasks. You can either archive it or first delete all of its tasks.',
      );
    }
  },
  afterWrite: (orm, env, projectIds, vals) => {
    // Archiving (or restoring) a project does the same to its tasks.
    if (vals.active !== undefined) {
      const tasks = orm.store.ids('project.task', env.view).filter((taskId) => {
        const task = stored(orm, env, 'project.task', taskId);
        const projectId = idOf(task.project_id);
        return (
          projectId !== false &&
          projectIds.includes(projectId) &&
          (task.active !== false) !== (vals.active !== false)
        );
      });
      if (tasks.length > 0)
        orm.write(env, 'project.task', tasks, { active: vals.active !== false });
    }
    if (orm.variant.version < 17 || vals.allow_task_dependencies === undefined) return;
    for (const taskId of orm.store.ids('project.task', env.view)) {
      const projectId = idOf(stored(orm, env, 'project.task', taskId).project_id);
      if (projectId !== false && projectIds.includes(projectId))
        recomputeState(orm, env, taskId, false);
    }
  },
  compute: (orm, env, projectId, name) => {
    const tasks = () =>
      orm.store.ids('project.task', env.view).filter((id) => {
        const task = stored(orm, env, 'project.task', id);
        return task.project_id === projectId && task.active !== false;
      });
    switch (name) {
      case 'display_name':
        return asText(stored(orm, env, 'project.project', projectId).name);
      case 'task_count':
        return orm.variant.version === 16
          ? tasks().length
          : tasks().filter((id) => !isTaskClosed(orm, env, id)).length;
      case 'task_count_with_subtasks':
        return tasks().length;
      case 'open_task_count':
        return tasks().filter((id) => !isTaskClosed(orm, env, id)).length;
      case 'closed_task_count':
        return tasks().filter((id) => isTaskClosed(orm, env, id)).length;
      default:
        return undefined;
    }
  },
};

const stageRules: ModelRules = {
  order: 'sequence, id',
  defaults: (orm, env, vals) => {
    vals.active ??= true;
    vals.sequence ??= 1;
    vals.fold ??= false;
    if (orm.variant.version === 16) {
      vals.legend_normal ??= 'In Progress';
      vals.legend_done ??= 'Ready';
      vals.legend_blocked ??= 'Blocked';
      vals.user_id ??= false;
      return;
    }
    // 17.0+: a stage created outside a project is a personal stage of its creator (`_compute_user_id`).
    const linked = vals.project_ids !== undefined && JSON.stringify(vals.project_ids) !== '[]';
    if (vals.user_id === undefined)
      vals.user_id = linked || typeof env.context.default_project_id === 'number' ? false : env.uid;
  },
  validate: (orm, env, stageIds) => {
    for (const stageId of stageIds) {
      const stage = stored(orm, env, 'project.task.type', stageId);
      if (idOf(stage.user_id) !== false && ids(stage.project_ids).length > 0) {
        throw validationError(
          'A personal stage cannot be linked to a project because it is only visible to its corresponding user.',
        );
      }
    }
  },
  afterWrite: (orm, env, stageIds, vals) => {
    // Archiving a stage archives its tasks.
    if (vals.active !== false) return;
    const tasks = orm.store.ids('project.task', env.view).filter((id) => {
      const stage = idOf(stored(orm, env, 'project.task.type', id).stage_id);
      return stage !== false && stageIds.includes(stage);
    });
    if (tasks.length > 0) orm.write(env, 'project.task', tasks, { active: false });
  },
};

const milestoneRules: ModelRules = {
  computed: new Set(['display_name', 'task_count']),
  order: 'deadline, is_reached desc, name',
  defaults: (_orm, env, vals) => {
    vals.is_reached ??= false;
    if (vals.is_reached === true) vals.reached_date ??= formatDatetime(env.now).slice(0, 10);
  },
  afterWrite: (orm, env, milestoneIds, vals) => {
    if (vals.is_reached === undefined) return;
    for (const id of milestoneIds) {
      orm.writeStored(env, 'project.milestone', id, {
        reached_date: vals.is_reached === true ? formatDatetime(env.now).slice(0, 10) : false,
      });
    }
  },
  compute: (orm, env, milestoneId, name) => {
    if (name === 'display_name')
      return asText(stored(orm, env, 'project.milestone', milestoneId).name);
    if (name === 'task_count') {
      return orm.store
        .ids('project.task', env.view)
        .filter((id) => stored(orm, env, 'project.task', id).milestone_id === milestoneId).length;
    }
    return undefined;
  },
};

/** Project-app behaviour of `project.task`, `project.project`, `project.task.type`, `project.milestone`. */
export function projectModelRules(version: number): Record<string, ModelRules> {
  const taskOrder =
    version === 16
      ? 'priority desc, sequence, id desc'
      : 'priority desc, sequence, date_deadline asc, id desc';
  return {
    'project.task': { ...taskRules, order: taskOrder },
    'project.project': projectRules,
    'project.task.type': stageRules,
    'project.milestone':
      version >= 19
        ? { ...milestoneRules, order: 'sequence, deadline, is_reached desc, name' }
        : milestoneRules,
  };
}
