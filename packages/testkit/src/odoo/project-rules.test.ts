import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call, executeKw } from './rpc-test-helpers.js';

function projectWithStages(options: { version?: 16 | 17 | 18 | 19; dependencies?: boolean } = {}) {
  const clock = createFakeClock({ start: Date.parse('2026-03-01T10:00:00Z') });
  const odoo = createOdooSimulator({ version: options.version ?? 17, clock });
  const projectId = odoo.create('project.project', {
    name: 'P',
    allow_task_dependencies: options.dependencies ?? true,
    allow_milestones: true,
  });
  const todo = odoo.create('project.task.type', {
    name: 'To Do',
    sequence: 1,
    project_ids: [[6, 0, [projectId]]],
  });
  const doing = odoo.create('project.task.type', {
    name: 'Doing',
    sequence: 2,
    project_ids: [[6, 0, [projectId]]],
  });
  const done = odoo.create('project.task.type', {
    name: 'Done',
    sequence: 3,
    fold: true,
    project_ids: [[6, 0, [projectId]]],
  });
  return { odoo, clock, projectId, todo, doing, done };
}

const field = (odoo: ReturnType<typeof createOdooSimulator>, id: number, name: string): unknown =>
  odoo.read('project.task', [id], [name])[0]?.[name];

describe('createOdooSimulator project rules', () => {
  it('puts a new task in the first stage of its project', () => {
    const { odoo, projectId, todo } = projectWithStages();

    const task = odoo.create('project.task', { name: 'T', project_id: projectId });

    expect(field(odoo, task, 'stage_id')).toEqual([todo, 'To Do']);
  });

  it('resets an open state on stage change but keeps a closed one (17.0+)', () => {
    const { odoo, projectId, doing, done } = projectWithStages();
    const approved = odoo.create('project.task', {
      name: 'A',
      project_id: projectId,
      state: '03_approved',
    });
    const closed = odoo.create('project.task', {
      name: 'B',
      project_id: projectId,
      state: '1_done',
    });

    odoo.write('project.task', [approved, closed], { stage_id: doing });

    expect(field(odoo, approved, 'state')).toBe('01_in_progress');
    expect(field(odoo, closed, 'state')).toBe('1_done');
    odoo.write('project.task', [approved], { stage_id: done });
    expect(field(odoo, approved, 'date_end')).not.toBe(false);
  });

  it('makes a task waiting while a blocker is open, and frees it when the blocker closes', () => {
    const { odoo, projectId } = projectWithStages();
    const blocker = odoo.create('project.task', { name: 'Blocker', project_id: projectId });
    const blocked = odoo.create('project.task', { name: 'Blocked', project_id: projectId });

    odoo.write('project.task', [blocked], { depend_on_ids: [[4, blocker]] });
    const whileOpen = field(odoo, blocked, 'state');
    odoo.write('project.task', [blocked], { state: '03_approved' });
    const forcedBack = field(odoo, blocked, 'state');
    odoo.write('project.task', [blocker], { state: '1_done' });

    expect(whileOpen).toBe('04_waiting_normal');
    expect(forcedBack).toBe('04_waiting_normal');
    expect(field(odoo, blocked, 'state')).toBe('01_in_progress');
  });

  it('ignores blockers when the project does not allow task dependencies', () => {
    const { odoo, projectId } = projectWithStages({ dependencies: false });
    const blocker = odoo.create('project.task', { name: 'Blocker', project_id: projectId });
    const blocked = odoo.create('project.task', { name: 'Blocked', project_id: projectId });

    odoo.write('project.task', [blocked], { depend_on_ids: [[4, blocker]] });

    expect(field(odoo, blocked, 'state')).toBe('01_in_progress');
  });

  it('rejects a dependency cycle with the recorded ValidationError', async () => {
    const { odoo, projectId } = projectWithStages();
    const a = odoo.create('project.task', { name: 'A', project_id: projectId });
    const b = odoo.create('project.task', {
      name: 'B',
      project_id: projectId,
      depend_on_ids: [[6, 0, [a]]],
    });
    const c = odoo.create('project.task', {
      name: 'C',
      project_id: projectId,
      depend_on_ids: [[6, 0, [b]]],
    });

    const answer = await executeKw(odoo, 'project.task', 'write', [
      [a],
      { depend_on_ids: [[4, c]] },
    ]);

    expect(answer.body.error?.data).toMatchObject({
      name: 'odoo.exceptions.ValidationError',
      message: 'Two tasks cannot depend on each other.',
    });
  });

  it('silently resets a milestone that belongs to another project', () => {
    const { odoo, projectId } = projectWithStages();
    const other = odoo.create('project.project', { name: 'Other' });
    const foreign = odoo.create('project.milestone', { name: 'M', project_id: other });
    const own = odoo.create('project.milestone', { name: 'Own', project_id: projectId });
    const task = odoo.create('project.task', { name: 'T', project_id: projectId });

    odoo.write('project.task', [task], { milestone_id: foreign });
    const afterForeign = field(odoo, task, 'milestone_id');
    odoo.write('project.task', [task], { milestone_id: own });

    expect(afterForeign).toBe(false);
    expect(field(odoo, task, 'milestone_id')).toEqual([own, 'Own']);
  });

  it('deletes subtasks, and their subtasks, with their parent', () => {
    const { odoo, projectId } = projectWithStages();
    const parent = odoo.create('project.task', { name: 'Parent', project_id: projectId });
    const child = odoo.create('project.task', { name: 'Child', parent_id: parent });
    const grandchild = odoo.create('project.task', { name: 'Grandchild', parent_id: child });
    const bystander = odoo.create('project.task', { name: 'Bystander', project_id: projectId });

    odoo.unlink('project.task', [parent]);

    expect(odoo.read('project.task', [parent, child, grandchild, bystander], ['name'])).toEqual([
      { id: bystander, name: 'Bystander' },
    ]);
  });

  it('bumps the write_date of dependent tasks when their blocker is written', async () => {
    const { odoo, clock, projectId, doing } = projectWithStages();
    const a = odoo.create('project.task', { name: 'A', project_id: projectId });
    const b = odoo.create('project.task', {
      name: 'B',
      project_id: projectId,
      depend_on_ids: [[6, 0, [a]]],
    });
    const unrelated = odoo.create('project.task', { name: 'C', project_id: projectId });
    await clock.advance(90_000);

    odoo.write('project.task', [a], { stage_id: doing });

    expect(field(odoo, b, 'write_date')).toBe('2026-03-01 10:01:30');
    expect(field(odoo, unrelated, 'write_date')).toBe('2026-03-01 10:00:00');
  });

  it('makes a stage created outside any project a personal stage (17.0+), but not on 16.0', () => {
    const v17 = createOdooSimulator({ version: 17 });
    const v16 = createOdooSimulator({ version: 16 });

    const personal = v17.create('project.task.type', { name: 'Inbox' });
    const shared = v16.create('project.task.type', { name: 'Inbox' });

    expect(v17.read('project.task.type', [personal], ['user_id'])[0]?.user_id).toEqual([
      2,
      'Administrator',
    ]);
    expect(v16.read('project.task.type', [shared], ['user_id'])[0]?.user_id).toBe(false);
  });

  it('keeps 16.0 task fields: kanban_state reset on stage change, date-only deadline, planned_hours', () => {
    const { odoo, projectId, doing } = projectWithStages({ version: 16 });
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: projectId,
      kanban_state: 'blocked',
      date_deadline: '2026-07-15',
      planned_hours: 4,
    });

    odoo.write('project.task', [task], { stage_id: doing });

    expect(
      odoo.read('project.task', [task], ['kanban_state', 'date_deadline', 'planned_hours'])[0],
    ).toEqual({ id: task, kanban_state: 'normal', date_deadline: '2026-07-15', planned_hours: 4 });
  });
});

describe('createOdooSimulator project rules (records around tasks)', () => {
  it('refuses to delete a project that still has tasks', async () => {
    const { odoo, projectId } = projectWithStages();
    odoo.create('project.task', { name: 'T', project_id: projectId });

    const answer = await executeKw(odoo, 'project.project', 'unlink', [[projectId]]);

    expect(answer.body.error?.data).toMatchObject({
      name: 'odoo.exceptions.UserError',
      message:
        'You cannot delete a project containing tasks. You can either archive it or first delete all of its tasks.',
    });
  });

  it('archives the tasks of an archived project', () => {
    const { odoo, projectId } = projectWithStages();
    const task = odoo.create('project.task', { name: 'T', project_id: projectId });

    odoo.write('project.project', [projectId], { active: false });

    expect(field(odoo, task, 'active')).toBe(false);
  });

  it('moves a task to the first stage of its new project, and links an explicit stage to the project', () => {
    const { odoo, projectId, doing } = projectWithStages();
    const other = odoo.create('project.project', { name: 'Other' });
    const backlog = odoo.create('project.task.type', {
      name: 'Backlog',
      project_ids: [[6, 0, [other]]],
    });
    const task = odoo.create('project.task', { name: 'T', project_id: projectId, stage_id: doing });
    const loose = odoo.create('project.task.type', { name: 'Loose', user_id: false });

    odoo.write('project.task', [task], { project_id: other });
    odoo.create('project.task', { name: 'U', project_id: other, stage_id: loose });

    expect(field(odoo, task, 'stage_id')).toEqual([backlog, 'Backlog']);
    expect(odoo.read('project.task.type', [loose], ['project_ids'])[0]?.project_ids).toEqual([
      other,
    ]);
  });

  it('marks an activity done with action_feedback: a chatter message, and the activity is gone', async () => {
    const { odoo, projectId } = projectWithStages();
    const task = odoo.create('project.task', { name: 'T', project_id: projectId });
    await call(odoo, 'project.task', 'activity_schedule', [[task]], {
      act_type_xmlid: 'mail.mail_activity_data_todo',
      summary: 'Ship review',
    });
    const [activityId] = odoo.read('project.task', [task], ['activity_ids'])[0]
      ?.activity_ids as number[];

    const messageId = await call<number>(odoo, 'mail.activity', 'action_feedback', [[activityId]], {
      feedback: 'Looks good',
    });

    expect(odoo.read('project.task', [task], ['activity_ids'])[0]?.activity_ids).toEqual([]);
    expect(odoo.read('mail.message', [messageId], ['body', 'res_id'])[0]).toEqual({
      id: messageId,
      body: '<div><p>Ship review</p><p>Looks good</p></div>',
      res_id: task,
    });
  });

  it('deletes a task’s activities and messages with it', () => {
    const { odoo, projectId } = projectWithStages();
    const task = odoo.create('project.task', { name: 'T', project_id: projectId });

    odoo.unlink('project.task', [task]);

    expect(
      odoo.searchRead(
        'mail.message',
        [
          ['res_id', '=', task],
          ['model', '=', 'project.task'],
        ],
        ['id'],
      ),
    ).toEqual([]);
  });

  it('reads display_name on every model', () => {
    const { odoo, todo } = projectWithStages();

    expect(odoo.read('project.task.type', [todo], ['display_name'])).toEqual([
      { id: todo, display_name: 'To Do' },
    ]);
  });
});
