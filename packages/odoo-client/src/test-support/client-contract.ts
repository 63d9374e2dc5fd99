import type { Result, ResultAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdooClientError } from '../errors.js';
import type { OdooClient } from '../odoo-client.js';
import type { OdooRecord } from '../changed-since.js';
import { parseDateOnly } from '../values.js';

/** What the contract needs to know about the server it runs against. */
export interface ContractTarget {
  /** Builds a client for the server; called once per suite. */
  readonly client: () => OdooClient;
  /** Expected transport after detection, when known. */
  readonly transport?: 'jsonrpc' | 'json2';
  /** Text added to names of created records, so parallel runs do not collide. */
  readonly suffix: string;
}

/**
 * Explicit, generous limits: against a real Odoo 16 the set-up alone (version, authentication, a
 * project with stages, a milestone and three tasks) took over 10 s and hit vitest's default hook timeout;
 * against the simulators on a busy machine every step is still I/O.
 */
const HOOK_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 60_000;

/** Unwraps a result in a test, failing with Odoo's own error when there is one. */
async function must<T>(
  result: ResultAsync<T, OdooClientError> | Result<T, OdooClientError>,
): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw new Error(`Odoo call failed: ${JSON.stringify(settled.error)}`);
  return settled.value;
}

/**
 * The client's contract with a real Odoo: every assertion here holds for Odoo 16–19 on any transport. It
 * runs against the simulators in CI and against a live server when `ODOO_TEST_*` is set. It creates its
 * own project (with stages, a milestone and tasks) and deletes what it created afterwards.
 */
export function describeClientContract(name: string, target: ContractTarget): void {
  describe(name, { timeout: TEST_TIMEOUT_MS }, () => {
    const created = {
      tasks: [] as number[],
      stages: [] as number[],
      milestones: [] as number[],
      projects: [] as number[],
    };
    let odoo: OdooClient;
    let uid: number;
    let major: number;
    let projectId: number;
    let stageIds: number[];
    let milestoneId: number;
    let taskA: number;
    let taskB: number;
    let subtaskC: number;

    beforeAll(async () => {
      odoo = target.client();
      uid = await must(odoo.authenticate());
      major = (await must(odoo.version())).major;
      const capabilities = await must(odoo.capabilities());

      projectId = await must(
        odoo.create('project.project', { name: `Contract project ${target.suffix}` }),
      );
      created.projects.push(projectId);
      await must(
        odoo.write('project.project', [projectId], {
          allow_milestones: true,
          allow_task_dependencies: true,
        }),
      );
      stageIds = await must(
        odoo.create('project.task.type', [
          { name: `To Do ${target.suffix}`, sequence: 1, project_ids: [[6, 0, [projectId]]] },
          { name: `Doing ${target.suffix}`, sequence: 2, project_ids: [[6, 0, [projectId]]] },
          {
            name: `Done ${target.suffix}`,
            sequence: 3,
            fold: true,
            project_ids: [[6, 0, [projectId]]],
          },
        ]),
      );
      created.stages.push(...stageIds);
      milestoneId = await must(
        odoo.create('project.milestone', {
          name: `M1 ${target.suffix}`,
          project_id: projectId,
          deadline: '2026-12-31',
        }),
      );
      created.milestones.push(milestoneId);
      taskA = await must(
        odoo.create('project.task', {
          name: `Task A ${target.suffix}`,
          project_id: projectId,
          stage_id: stageIds[0],
          user_ids: [[6, 0, [uid]]],
          date_deadline:
            capabilities.dateDeadlineType === 'date' ? '2026-07-15' : '2026-07-15 16:30:00',
          priority: '1',
          milestone_id: milestoneId,
          description: '<p>Hello <b>world</b></p>',
        }),
      );
      taskB = await must(
        odoo.create('project.task', {
          name: `Task B ${target.suffix}`,
          project_id: projectId,
          stage_id: stageIds[1],
          depend_on_ids: [[6, 0, [taskA]]],
        }),
      );
      subtaskC = await must(
        odoo.create('project.task', {
          name: `Subtask C ${target.suffix}`,
          project_id: projectId,
          parent_id: taskA,
        }),
      );
      created.tasks.push(taskA, taskB, subtaskC);
    }, HOOK_TIMEOUT_MS);

    afterAll(async () => {
      if (odoo === undefined) return;
      // Tasks first (their subtasks go with them), then what they pointed at.
      if (created.tasks.length > 0) await odoo.unlink('project.task', created.tasks);
      if (created.milestones.length > 0) await odoo.unlink('project.milestone', created.milestones);
      if (created.projects.length > 0) await odoo.unlink('project.project', created.projects);
      if (created.stages.length > 0) await odoo.unlink('project.task.type', created.stages);
    }, HOOK_TIMEOUT_MS);

    it('detects the transport and authenticates', async () => {
      if (target.transport !== undefined)
        expect(await must(odoo.transport())).toBe(target.transport);
      expect(uid).toBeGreaterThan(0);
    });

    it('derives capabilities that match the server version', async () => {
      const capabilities = await must(odoo.capabilities());

      expect(capabilities.version).toBe(major);
      expect(capabilities.taskStateField).toBe(major >= 17 ? 'state' : 'kanban_state');
      expect(capabilities.hoursField).toBe(major >= 17 ? 'allocated_hours' : 'planned_hours');
      expect(capabilities.dateDeadlineType).toBe(major >= 17 ? 'datetime' : 'date');
      expect(capabilities.priorityLevels).toBe(major >= 19 ? 4 : 2);
    });

    it('reads the project, milestone and stages back decoded', async () => {
      const [project] = await must(odoo.readProjects([projectId]));
      const [milestone] = await must(odoo.readMilestones([milestoneId]));
      const stages = await must(odoo.listStages(projectId));

      expect(project).toMatchObject({
        id: projectId,
        name: `Contract project ${target.suffix}`,
        allowMilestones: true,
        allowTaskDependencies: true,
        active: true,
        userId: { id: uid },
      });
      expect(milestone).toMatchObject({
        projectId: { id: projectId },
        deadline: '2026-12-31',
        isReached: false,
      });
      expect(stages.map((stage) => stage.id)).toEqual(stageIds);
      expect(stages.map((stage) => stage.fold)).toEqual([false, false, true]);
    });

    it('reads tasks decoded for this version', async () => {
      const [a, b, c] = await must(odoo.readTasks([taskA, taskB, subtaskC]));

      expect(a).toMatchObject({
        id: taskA,
        projectId: { id: projectId },
        stage: { id: stageIds[0] },
        userIds: [uid],
        milestoneId: { id: milestoneId },
        priority: '1',
        parentId: null,
        childIds: [subtaskC],
        state: 'in_progress',
        active: true,
      });
      expect(a!.descriptionHtml).toContain('<b>world</b>');
      expect(a!.dateDeadline).toEqual(
        major >= 17
          ? { kind: 'instant', value: '2026-07-15T16:30:00.000Z' }
          : { kind: 'date', value: '2026-07-15' },
      );
      expect(a!.writeDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(b).toMatchObject({
        dependOnIds: [taskA],
        dateDeadline: null,
        milestoneId: null,
        descriptionHtml: null,
      });
      expect(c).toMatchObject({ parentId: { id: taskA } });
    });

    it('filters with prefix domains, order, limit and offset', async () => {
      const inProject = ['project_id', '=', projectId] as const;

      const either = await must(
        odoo.search(
          'project.task',
          [inProject, '|', ['id', '=', taskA], ['name', 'ilike', `subtask c ${target.suffix}`]],
          {
            order: 'id asc',
          },
        ),
      );
      const notA = await must(
        odoo.search('project.task', [inProject, '!', ['id', 'in', [taskA]]], { order: 'id asc' }),
      );
      const second = await must(
        odoo.search('project.task', [inProject], { order: 'id asc', limit: 1, offset: 1 }),
      );

      expect(either).toEqual([taskA, subtaskC]);
      expect(notA).toEqual([taskB, subtaskC]);
      expect(second).toEqual([taskB]);
    });

    it('writes, then reports MissingError for a deleted id while read skips it', async () => {
      const doomed = await must(
        odoo.create('project.task', { name: `Doomed ${target.suffix}`, project_id: projectId }),
      );
      await must(odoo.unlink('project.task', [doomed]));

      const write = await odoo.write('project.task', [doomed], { name: 'x' });
      const read = await must(odoo.read('project.task', [doomed, taskA], ['name']));

      expect(write._unsafeUnwrapErr()).toMatchObject({
        kind: 'rpc',
        name: 'odoo.exceptions.MissingError',
        retryable: false,
      });
      expect(read.map((record) => record.id)).toEqual([taskA]);
    });

    it('reports an unknown field as builtins.ValueError', async () => {
      const result = await odoo.write('project.task', [taskA], { no_such_field: 1 });

      expect(result._unsafeUnwrapErr()).toMatchObject({
        kind: 'rpc',
        name: 'builtins.ValueError',
        retryable: false,
      });
    });

    it('polls changes with changedSince, archived records included', async () => {
      const before = await must(odoo.read('project.task', [taskA], ['write_date']));
      await must(odoo.write('project.task', [subtaskC], { active: false }));
      await must(odoo.write('project.task', [taskB], { stage_id: stageIds[2] }));

      const seen: OdooRecord[] = [];
      for await (const page of odoo.changedSince(
        'project.task',
        { writeDate: (await must(odoo.readTasks([taskA])))[0]!.writeDate, id: taskA },
        {
          overlapSeconds: 5,
          fields: ['active', 'stage_id'],
          domain: [['project_id', '=', projectId]],
        },
      )) {
        seen.push(...(await must(page)).records);
      }

      expect(before).toHaveLength(1);
      const byId = new Map(seen.map((record) => [record.id, record]));
      expect(byId.get(subtaskC)).toMatchObject({ active: false });
      expect(byId.get(taskB)).toMatchObject({ stage_id: [stageIds[2], `Done ${target.suffix}`] });
      expect(seen.length).toBe(byId.size);
    });

    it('posts an HTML note that stays HTML', async () => {
      const messageId = await must(
        odoo.postMessage(taskA, '<p>Ship review requested <b>now</b></p>'),
      );

      const [message] = await must(
        odoo.read('mail.message', [messageId], ['body', 'model', 'res_id']),
      );

      expect(message).toMatchObject({ model: 'project.task', res_id: taskA });
      expect(String(message!.body)).toContain('<b>now</b>');
    });

    it('schedules a to-do activity on a task', async () => {
      const activityId = await must(
        odoo.scheduleActivity({
          resId: taskA,
          summary: `Ship review ${target.suffix}`,
          note: '<p>Please review</p>',
          userId: uid,
          dateDeadline: parseDateOnly('2026-07-10')!,
        }),
      );

      const [activity] = await must(
        odoo.read('mail.activity', [activityId], ['res_id', 'summary', 'user_id']),
      );

      expect(activity).toMatchObject({
        res_id: taskA,
        summary: `Ship review ${target.suffix}`,
        user_id: [uid, expect.any(String)],
      });
    });

    it('finds the project by name and counts tasks with archived ones', async () => {
      const found = await must(
        odoo.nameSearch('project.project', `Contract project ${target.suffix}`, { limit: 5 }),
      );
      const all = await must(
        odoo.searchCount('project.task', [['project_id', '=', projectId]], {
          context: { active_test: false },
        }),
      );

      expect(found.map((ref) => ref.id)).toContain(projectId);
      expect(all).toBe(3);
    });
  });
}
