import { createFakeClock, createTestServer } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import { executeKwCall, loadFixture, recordedResponse } from './test-support/fixtures.js';

const BASE = 'http://odoo.fixture';
const server = createTestServer({});

beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function replay(version: 16 | 17, prefixes: readonly string[]): void {
  server.urls[`${BASE}/jsonrpc`] = {
    response: prefixes.map((prefix) => recordedResponse(loadFixture(version, prefix))),
  };
}

function client() {
  return createOdooClient({
    baseUrl: BASE,
    db: 'sync_test',
    login: 'admin',
    apiKey: 'fixture-key',
    transport: 'jsonrpc',
    clock: createFakeClock(),
  });
}

/** Version, authenticate, then fields_get of project.task and project.project. */
const CAPABILITY_PREFIXES = ['001', '002', '006', '005'];

describe('createOdooClient domain readers', () => {
  it('decodes Odoo 16 tasks: date deadline, kanban_state, many2one refs and false as null', async () => {
    replay(16, [...CAPABILITY_PREFIXES, '025']);

    const tasks = (await client().readTasks([25, 26, 27]))._unsafeUnwrap();

    expect(tasks).toHaveLength(3);
    expect(tasks[0]).toEqual({
      id: 25,
      name: 'Task A 085737',
      descriptionHtml: '<p>Hello <b>world</b></p>',
      projectId: { id: 6, name: 'Fixture project 085737' },
      stage: { id: 34, name: 'To Do 085737' },
      userIds: [8, 9],
      parentId: null,
      childIds: [27],
      milestoneId: { id: 5, name: 'M1 085737' },
      dependOnIds: [],
      priority: '1',
      priorityLevel: 'high',
      dateDeadline: { kind: 'date', value: '2026-07-15' },
      allocatedHours: null,
      state: 'in_progress',
      stateRaw: 'normal',
      active: true,
      writeDate: '2026-11-26T08:57:39.000Z',
      // The recorded read did not ask for `tag_ids`: no tags.
      tagIds: [],
    });
    expect(tasks[1]).toMatchObject({
      descriptionHtml: null,
      dateDeadline: null,
      dependOnIds: [25],
    });
    expect(tasks[2]).toMatchObject({
      parentId: { id: 25, name: 'Task A 085737' },
      priorityLevel: 'low',
    });
  });

  it('asks Odoo 16 for kanban_state and planned_hours, never for 17-only fields', async () => {
    replay(16, [...CAPABILITY_PREFIXES, '025']);

    await client().readTasks([25]);

    const [, method, , kwargs] = executeKwCall(server.calls.at(-1)!.body) as [
      string,
      string,
      unknown,
      { fields: string[] },
    ];
    expect(method).toBe('read');
    expect(kwargs.fields).toContain('kanban_state');
    expect(kwargs.fields).toContain('planned_hours');
    expect(kwargs.fields).not.toContain('state');
    expect(kwargs.fields).not.toContain('allocated_hours');
    expect(kwargs.fields).not.toContain('planned_date_begin');
  });

  it('decodes Odoo 17 tasks: UTC instant deadline and state keys', async () => {
    replay(17, [...CAPABILITY_PREFIXES, '026']);

    const tasks = (await client().readTasks([25, 26, 27]))._unsafeUnwrap();

    expect(tasks[0]).toMatchObject({
      dateDeadline: { kind: 'instant', value: '2026-07-15T16:30:00.000Z' },
      state: 'in_progress',
      stateRaw: '01_in_progress',
      priority: '1',
      priorityLevel: 'high',
    });
    const [, , , kwargs] = executeKwCall(server.calls.at(-1)!.body) as [
      string,
      string,
      unknown,
      { fields: string[] },
    ];
    expect(kwargs.fields).toContain('state');
    expect(kwargs.fields).toContain('allocated_hours');
    expect(kwargs.fields).not.toContain('kanban_state');
  });

  it.each([16, 17] as const)('decodes the recorded Odoo %i project', async (version) => {
    replay(version, [...CAPABILITY_PREFIXES, '014']);

    const [project] = (await client().readProjects([6]))._unsafeUnwrap();

    expect(project).toMatchObject({
      id: 6,
      userId: { id: 2, name: 'Administrator' },
      partnerId: null,
      dateStart: null,
      date: null,
      allowMilestones: true,
      allowTaskDependencies: true,
      active: true,
    });
    expect(project).not.toHaveProperty('wbsCode');
  });

  it.each([16, 17] as const)(
    'decodes the recorded Odoo %i milestone with a DateOnly deadline',
    async (version) => {
      replay(version, ['001', '002', '018']);

      const [milestone] = (await client().readMilestones([5]))._unsafeUnwrap();

      expect(milestone).toMatchObject({
        id: 5,
        deadline: '2026-12-31',
        isReached: false,
        reachedDate: null,
        projectId: { id: 6 },
      });
    },
  );

  it.each([16, 17] as const)(
    'lists the recorded Odoo %i stages of a project in sequence order',
    async (version) => {
      replay(version, ['001', '002', '016']);

      const stages = (await client().listStages(6))._unsafeUnwrap();

      expect(stages.map((stage) => [stage.sequence, stage.fold, stage.projectIds])).toEqual([
        [1, false, [6]],
        [2, false, [6]],
        [3, true, [6]],
      ]);
      expect(executeKwCall(server.calls.at(-1)!.body).slice(0, 3)).toEqual(
        executeKwCall(loadFixture(version, '016').request.body).slice(0, 3),
      );
    },
  );

  it('decodes the recorded users with their email', async () => {
    replay(17, ['001', '002', '020']);

    const users = (await client().readUsers([8, 9]))._unsafeUnwrap();

    expect(users[0]).toEqual({
      id: 8,
      name: 'Fixture User 1 085806',
      login: 'fx1_085806@example.com',
      email: 'fx1_085806@example.com',
      active: true,
    });
  });

  it('reads many ids in chunks and skips the deleted ones as Odoo does', async () => {
    replay(17, ['001', '002', '031', '031']);

    const records = (
      await client().readMany('project.task', [28, 25, 28, 99], ['name'], { chunkSize: 2 })
    )._unsafeUnwrap();

    const reads = server.calls
      .slice(2)
      .map((call) => (executeKwCall(call.body) as [string, string, number[][]])[2][0]);
    expect(reads).toEqual([[28, 25], [99]]);
    expect(records.map((record) => record.id)).toEqual([25, 25]);
  });

  it.each([
    [16, '027'],
    [17, '028'],
  ] as const)(
    'decodes the recorded Odoo %i read of every task field, ignoring what it does not use',
    async (version, prefix) => {
      replay(version, [...CAPABILITY_PREFIXES, prefix]);

      const tasks = (await client().readTasks([25]))._unsafeUnwrap();

      expect(tasks[0]).toMatchObject({ id: 25, active: true });
      expect(tasks[0]!.name).toMatch(/^Task A /);
      expect(tasks[0]!.dateDeadline?.kind).toBe(version === 16 ? 'date' : 'instant');
    },
  );

  it('rejects a record whose deadline does not match the declared field type', async () => {
    server.urls[`${BASE}/jsonrpc`] = {
      response: [
        ...CAPABILITY_PREFIXES.map((prefix) => recordedResponse(loadFixture(16, prefix))),
        {
          type: 'json',
          body: {
            jsonrpc: '2.0',
            id: 1,
            result: [
              {
                ...(loadFixture(16, '025').response.body as { result: object[] }).result[0],
                date_deadline: '2026-07-15 16:30:00',
              },
            ],
          },
        },
      ],
    };

    const result = await client().readTasks([25]);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-response', retryable: false });
  });
});
